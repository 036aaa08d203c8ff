import path from 'node:path';
import { loadBundle } from './_shared/runtime/code-cache.js';
import type * as Alone from './alone.js';

// One function alone, as a Knative Service runs it: `node dist/serve.js <function>` (or
// RIPPLE_FUNCTION=<function>). The function's code is the CommonJS bundle dist/alone.cjs, loaded with
// the code V8 compiled for it at build time (`node dist/serve.js --save-code-cache`, run by
// scripts/build.mjs): a cold start skips parsing and compiling what every start runs.

const bundle = loadBundle<typeof Alone>(path.join(import.meta.dirname, 'alone.cjs'));
const name = process.argv[2] ?? process.env.RIPPLE_FUNCTION ?? '';
if (name === '--save-code-cache') {
  await bundle.exports.loadEveryFunction();
  bundle.saveCodeCache();
} else {
  await bundle.exports.serve(name, bundle.codeCache);
}
