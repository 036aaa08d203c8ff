import { Hono } from 'hono';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import type { Topic } from './events/catalog.js';
import type { AppEnv } from './http/env.js';

type Build = (deps: Deps) => Hono<AppEnv>;

interface FunctionBase {
  name: string;
  /** Imports the function's code, once; `build` works once it has resolved. Absent: the code is there already. */
  load?(): Promise<void>;
  /** Builds the function's app. It may keep `deps` for its handlers but must not use them while building. */
  build(deps: Deps): Hono<AppEnv>;
  /** Secrets beyond the database's and JWT's that its container is given (generated manifests). */
  secrets?: readonly ('vapid' | 'smtp')[];
}

/** Answers the API. Its routes are the routes its app declares, read from the built app. */
export interface HttpFunction extends FunctionBase {
  kind: 'http';
}

/** Takes CloudEvents from topics at `POST /events/<name>` (KafkaSource in the cluster, the bus embedded). */
export interface ConsumerFunction extends FunctionBase {
  kind: 'consumer';
  topics: readonly Topic[];
  /** The event types it acts on: the embedded bus delivers it no others (KafkaSource delivers all). */
  types: readonly string[];
  /**
   * Sent events one at a time even by a bus that batches them: for a consumer whose effect per event is
   * heavy, so that different tasks' events are taken side by side, not one after another in a batch.
   */
  oneAtATime?: true;
}

/** Runs on a schedule: a PingSource's CloudEvent at `POST /events/<name>` in the cluster, a timer embedded. */
export interface ScheduledFunction extends FunctionBase {
  kind: 'schedule';
  /** Cron, as PingSource takes it (a minute at the finest). */
  schedule: string;
  /** How often the embedded timer runs it (at the latest: a run may answer `next_at`, sooner). */
  embeddedEveryMs: (config: Config) => number;
  /** A NOTIFY channel whose payload (epoch ms) wakes the embedded timer for that moment. */
  wakeOn?: string;
}

/**
 * A function as the registry knows it. A path is written once, in the function's own file; the
 * router, generated manifests and docs read it from the built app.
 */
export type RippleFunction = HttpFunction | ConsumerFunction | ScheduledFunction;

export interface Route {
  method: string;
  path: string;
}

/**
 * The routes of a registered function, read without a database or any other dependency (for the
 * router, generated manifests and docs). A build that touches a dependency fails here, loudly.
 */
export function routesOfFunction(fn: RippleFunction): Route[] {
  const inert = new Proxy({} as Deps, {
    get(_target, name) {
      throw new Error(
        `${fn.name}: build() used deps.${String(name)}; it may only keep deps for its handlers`,
      );
    },
  });
  return routesOf(fn.build(inert));
}

/** The method + path pairs an app answers (its middleware-only entries left out). */
export function routesOf(app: Hono<AppEnv>): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/**
 * A function's `load` and `build` for its code imported on demand: each part is one app's build (several
 * are composed, as `composed` does); `build` before `load` has resolved throws.
 */
export function lazily(
  ...parts: (() => Promise<Build>)[]
): Required<Pick<FunctionBase, 'load' | 'build'>> {
  let build: Build | undefined;
  let loading: Promise<void> | undefined;
  return {
    load: () =>
      (loading ??= Promise.all(parts.map((part) => part())).then(
        (builds) => void (build = builds.length === 1 ? builds[0]! : composed(...builds)),
        (err: unknown) => {
          loading = undefined;
          throw err;
        },
      )),
    build: (deps) => {
      if (!build)
        throw new Error('a function was built before its code was loaded: await load() first');
      return build(deps);
    },
  };
}

/** Loads the code of every function given, and answers them. */
export async function loadFunctions<F extends RippleFunction>(
  functions: readonly F[],
): Promise<readonly F[]> {
  await Promise.all(functions.map((fn) => fn.load?.()));
  return functions;
}

/**
 * One function serving the routes of several small apps: each route keeps its own folder, file and
 * test, and they deploy as one Service. For a resource's rarely called routes (managing projects and
 * their members), where a Service each would cost a pod, a cold start and database connections apiece.
 */
export function composed(...builds: Build[]): Build {
  return (deps) => builds.reduce((app, build) => app.route('/', build(deps)), new Hono<AppEnv>());
}
