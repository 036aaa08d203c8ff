import { defineConfig } from 'vite';

// The UI is static files that work from any bucket or path prefix: relative asset URLs (base './'),
// hash routes, and the API's address read at run time from config.json beside index.html.
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
    // Pages loaded on first visit (Settings) are chunks of their own; everything else, the modules they
    // share with the first load included, stays in the entry chunk, which is loaded by then anyway. (By
    // default those shared modules become a common chunk: one request and ~1 KB of gzip more at first.)
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'index', test: (id: string) => !/\/features\/settings\//.test(id) }] } } },
  },
});
