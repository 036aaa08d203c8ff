import type * as CloudEvents from 'cloudevents';

// Loaded on first use, not at start: it and its dependencies are ~70 KB of a function's cold start,
// and read-only functions never need it.
// cloudevents is CommonJS: Node exposes its named exports, esbuild's bundle only under `default`.
let loading: Promise<typeof CloudEvents> | undefined;

/** The CloudEvents SDK, imported once, lazily. */
export const cloudevents = () =>
  (loading ??= import('cloudevents').then((mod) =>
    'CloudEvent' in mod ? mod : (mod as { default: typeof CloudEvents }).default,
  ));
