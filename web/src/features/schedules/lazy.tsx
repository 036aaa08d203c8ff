import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

let loaded: ComponentType | undefined;

/** The Schedules screen, loaded on first visit to it: a first visit to Ripple does not download it. */
export function SchedulesScreen() {
  const [Page, setPage] = useState<ComponentType | undefined>(() => loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (Page) return;
    import('./components/schedules-page.js').then(
      (m) => {
        loaded = m.SchedulesPage;
        setPage(() => m.SchedulesPage);
      },
      () => setFailed(true),
    );
  }, []);
  if (Page) return <Page />;
  return (
    <main id="main" tabIndex={-1}>
      <p class={failed ? 'error' : 'empty'} role={failed ? 'alert' : undefined}>
        {failed
          ? 'The Schedules screen could not be loaded. Check the connection and reload.'
          : 'Loading…'}
      </p>
    </main>
  );
}
