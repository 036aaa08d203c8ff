import { render } from 'preact';
import { App } from './app.js';
import { loadConfig } from './lib/api.js';
import { startPush } from './features/notifications/push.js';
import { prefetchView } from './features/tasks/components/tasks-page.js';
import { afterFirstView, firstViewShown } from './lib/first-view.js';
import { parseHash } from './lib/router.js';
import { session } from './lib/session.js';
import './styles.css';

/** How long the first screen waits for the list's first page before it is drawn without it ("Loading…"). */
const FIRST_PAGE_WAIT_MS = 300;

await loadConfig();
// The list's first page is asked for now, while the page is drawn, rather than once it is (~150 ms on a slow machine).
const route = parseHash(location.hash);
// The first screen is drawn with it when it comes soon, which saves drawing and laying out the page twice.
if (session.get() && route.path === '/')
  await Promise.race([
    prefetchView(route.params),
    new Promise((r) => setTimeout(r, FIRST_PAGE_WAIT_MS)),
  ]);
else firstViewShown();
render(<App />, document.getElementById('app')!);
afterFirstView(startPush);
