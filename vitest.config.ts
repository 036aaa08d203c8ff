import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['functions/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    // The crash and PostgreSQL-restart suites run with `npm run test:hardening` (HARDENING=1): not yet
    // steady enough to gate every CI run (README, "Guarantees").
    exclude: ['**/node_modules/**', 'web/dist/**', ...(process.env.HARDENING ? [] : ['test/hardening/**'])],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
