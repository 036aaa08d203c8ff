import path from 'node:path';
import { loadBundle } from './_shared/runtime/code-cache.js';
import type * as Alone from './alone.js';

// One function alone, as a Knative Service runs it: `node dist/serve.js <function>` (or
// RIPPLE_FUNCTION=<function>). Its code is the CommonJS bundle dist/alone.cjs, loaded with the code V8
// compiled for it at build time (`node dist/serve.js --save-code-cache`, run by scripts/build.mjs): a
// cold start neither parses the bundle nor compiles the shared runtime that every function runs.
// The cache is saved before any function's own code is loaded: with every function's code in it
// (1.4 MB against 1.0 MB) a start took longer to read it than to compile its one function (BENCHMARKS.md).

const bundle = loadBundle<typeof Alone>(path.join(import.meta.dirname, 'alone.cjs'));
const name = process.argv[2] ?? process.env.RIPPLE_FUNCTION ?? '';
if (name === '--save-code-cache') bundle.saveCodeCache();
else await bundle.exports.serve(name, bundle.codeCache);
