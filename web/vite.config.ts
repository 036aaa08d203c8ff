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
  },
});
