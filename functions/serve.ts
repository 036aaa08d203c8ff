import path from 'node:path';
import { loadBundle } from './_shared/runtime/code-cache.js';
import type * as Alone from './alone.js';

// One function alone, as a Knative Service runs it: `node dist/serve.js <function>` (or
// RIPPLE_FUNCTION=<function>). Its code is the CommonJS bundle dist/alone.cjs, loaded with the code V8
// compiled for it at build time (`node dist/serve.js --save-code-cache`, run by scripts/build.mjs): a
// cold start neither parses the bundle nor compiles the start-up that every function runs.
//
// The cache is saved after a rehearsed start of one function (REHEARSED), up to listening: the shared
// runtime, the configuration, the logger, the server, and that function's own code, which most task
// functions share (its schemas). With every function's code in it (1.4 MB) a start took longer to read
// the cache than to compile its one function; this one (1.2 MB) starts tasks-create 8 ms sooner than a
// cache of the shared runtime alone, and tasks-list 6 ms (BENCHMARKS.md).
const REHEARSED = 'tasks-create';

const bundle = loadBundle<typeof Alone>(path.join(import.meta.dirname, 'alone.cjs'));
const name = process.argv[2] ?? process.env.RIPPLE_FUNCTION ?? '';
if (name === '--save-code-cache') {
  // Started as a function usually starts (tracing off), without a database, and whatever the building
  // machine's environment says: its variables are set aside, so none can fail the build or change the cache.
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, {
    DATABASE_URL: 'postgres://rehearsal@127.0.0.1:1/none',
    JWT_SECRET: 'a rehearsal of a start, never a real secret',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RIPPLE_MIGRATE: 'false',
  });
  await bundle.exports.rehearse(REHEARSED);
  bundle.saveCodeCache();
  process.exit(0);
} else await bundle.exports.serve(name, bundle.codeCache);
