import { render } from 'preact';
import { App } from './app.js';
import { loadConfig } from './lib/api.js';
import { startPush } from './features/notifications/push.js';
import './styles.css';

await loadConfig();
render(<App />, document.getElementById('app')!);
startPush();
