import { render } from 'preact';
import { App } from './app.js';
import { loadConfig } from './lib/api.js';
import { startPush } from './features/notifications/push.js';
import { prefetchView } from './features/tasks/components/tasks-page.js';
import { parseHash } from './lib/router.js';
import { session } from './lib/session.js';
import './styles.css';

await loadConfig();
// The list's first page is asked for now, while the page is drawn, rather than once it is (~150 ms on a slow machine).
const route = parseHash(location.hash);
if (session.get() && route.path === '/') prefetchView(route.params);
render(<App />, document.getElementById('app')!);
startPush();
