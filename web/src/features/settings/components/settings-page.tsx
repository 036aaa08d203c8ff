import { SECTIONS } from '../sections.js';
import '../settings.css';

/** `#/settings`: every section of SECTIONS, each under its own heading. Loaded on first visit (route.tsx). */
export function SettingsPage() {
  return (
    <main class="settings-page" id="main" tabIndex={-1}>
      <h2>Settings</h2>
      {SECTIONS.map(({ id, title, Body }) => (
        <section key={id} class="settings-section" aria-labelledby={`settings-${id}`}>
          <h3 id={`settings-${id}`} tabIndex={-1}>
            {title}
          </h3>
          <Body />
        </section>
      ))}
    </main>
  );
}
