import { defineConfig } from 'vitest/config';

/**
 * Files that measure time or kill processes (restarts, outages, crash recovery, delivery latency):
 * they run alone, one after another, once everything else is done, so no other test's load moves
 * their clocks.
 */
const ALONE = [
  'test/hardening/**/*.test.ts',
  'test/shutdown.test.ts',
  'test/restart.test.ts',
  'test/multi-process.test.ts',
  'test/event-delivery.test.ts',
  'test/metrics.test.ts',
  'test/observability.test.ts',
  'test/tracing-embedded.test.ts',
  'test/cluster-entries.test.ts',
  'test/series-crash.test.ts',
  'test/reminder-timer.test.ts',
  'functions/_shared/db/pool-recovery.test.ts',
  'functions/_shared/db/listen.test.ts',
];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'web/dist/**'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // What a test polls for (a row on screen, an event audited) comes after a request or two and a render:
    // a second is tight on two busy cores, where a browser, a server and PostgreSQL share them.
    expect: { poll: { timeout: 5_000 } },
    projects: [
      {
        // Most files wait on PostgreSQL, a browser or a timer far more than they compute: two at a time
        // (vitest's default on two cores is one). Not isolated: a worker imports the code once for all its
        // files rather than once per file (that import was ~150 s of a CI run's 750). A file leaves
        // nothing behind for the next: none mocks a module, and the two that change process.env restore it.
        extends: true,
        test: {
          name: 'together',
          isolate: false,
          include: [
            'functions/**/*.test.ts',
            'test/**/*.test.ts',
            'scripts/**/*.test.ts',
            'web/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'web/dist/**', ...ALONE],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
