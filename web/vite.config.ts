import { defineConfig } from 'vite';

// The UI is static files that work from any bucket or path prefix: relative asset URLs (base './'),
// hash routes, and the API's address read at run time from config.json beside index.html.
/** Whether the entry imports the module, statically, through any chain of static imports. */
function inFirstLoad(
  id: string,
  ctx: { getModuleInfo(id: string): { isEntry: boolean; importers: readonly string[] } | null },
  seen = new Set<string>(),
): boolean {
  const info = ctx.getModuleInfo(id);
  if (!info || seen.has(id)) return false;
  seen.add(id);
  return info.isEntry || info.importers.some((importer) => inFirstLoad(importer, ctx, seen));
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    reportCompressedSize: false,
    // A page loaded on its first visit (Settings, with whatever sections join it) is a chunk of its own;
    // every module the first load imports stays in the entry chunk, also those such a page shares with
    // it (by default they become a common chunk: one request and ~1 KB of gzip more at first).
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: (id, ctx) => (inFirstLoad(id, ctx) ? 'index' : null) }] },
      },
    },
  },
});
