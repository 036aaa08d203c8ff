import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

let loaded: ComponentType | undefined;

/**
 * `#/settings`, fetched on its first visit: Settings is seldom open, so its code (and its sections')
 * stays out of the first load's budget.
 */
export function SettingsRoute() {
  const [Page, setPage] = useState<ComponentType | undefined>(() => loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (Page) return;
    import('./components/settings-page.js').then(
      (m) => setPage(() => (loaded = m.SettingsPage)),
      () => setFailed(true),
    );
  }, []);
  if (Page) return <Page />;
  return (
    <main id="main" tabIndex={-1}>
      <h2>Settings</h2>
      {failed ? (
        <p class="error" role="alert">
          Settings could not be loaded. Check the connection and reload the page.
        </p>
      ) : (
        <p>Loading…</p>
      )}
    </main>
  );
}
