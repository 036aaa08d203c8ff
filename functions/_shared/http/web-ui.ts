import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';

// The UI talks only to its own origin here (embedded mode serves it beside the API); tag colors are
// inline style attributes, hence 'unsafe-inline' for styles only. Scripts: this origin's files, no inline.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Hashed file names change with their content: cache them for good. Everything else is checked each time. */
function cacheControl(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * The built web UI (web/dist) as static files: `/` is index.html, `/config.json` tells the UI to use
 * this origin's API, `/theme.js` applies the chosen theme, `/assets/*` are content-hashed, `/sw.js` is the service worker (push, offline shell). Precompressed `.gz` files beside them (written by
 * the build) are sent to browsers that accept gzip.
 */
export function webUi(root: string): Hono {
  const files: MiddlewareHandler = serveStatic({
    root,
    precompressed: true,
    onFound: (path, c) => {
      c.header('Cache-Control', cacheControl(path));
      if (path.endsWith('.html') || path.endsWith('.html.gz'))
        c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    },
  });
  // theme.js: the Settings theme, applied before the first paint (a blocking script of its own: no inline scripts).
  // The service worker, the web app manifest and its icon: checked each time, so a release reaches them at once.
  return new Hono()
    .get('/', files)
    .get('/index.html', files)
    .get('/config.json', files)
    .get('/theme.js', files)
    .get('/assets/*', files)
    .get('/sw.js', files)
    .get('/manifest.webmanifest', files)
    .get('/icon.svg', files);
}
