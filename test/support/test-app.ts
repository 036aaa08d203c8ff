import type { Hono } from 'hono';
import type { Clock } from '../../functions/_shared/clock.js';
import { loadConfig, type Config } from '../../functions/_shared/config.js';
import type { Deps } from '../../functions/_shared/deps.js';
import type { RippleFunction } from '../../functions/_shared/function.js';
import type { AppEnv } from '../../functions/_shared/http/env.js';
import { wireApp } from '../../functions/_shared/runtime/wire.js';
import { uuidV7Ids } from '../../functions/_shared/ids.js';
import { createLogger } from '../../functions/_shared/logger.js';
import { createMetrics } from '../../functions/_shared/metrics.js';
import { registry } from '../../functions/registry.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TestDb } from './test-db.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** A clock the test moves by hand. */
export interface FakeClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function fakeClock(start = '2026-03-01T09:00:00Z'): FakeClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => (current = new Date(at)),
    advance: (ms) => (current = new Date(current.getTime() + ms)),
  };
}

export interface TestApp {
  app: Hono<AppEnv>;
  deps: Deps;
  clock: FakeClock;
  /** Waits until every event published so far has been delivered (or has failed). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** The real server app over a test database, with a fake clock and quiet logs. */
export function createTestApp(
  testDb: TestDb,
  options: {
    functions?: readonly RippleFunction[];
    env?: Record<string, string>;
    logLines?: string[];
    /** Whether /events/* takes requests from outside (true: the test plays the eventing system). */
    eventsFromNetwork?: boolean;
  } = {},
): TestApp {
  const clock = fakeClock();
  // Every test user signs up from the same (in-process) address: no per-address sign-up limit, unless a test sets one.
  const config: Config = loadConfig({
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    SIGNUP_MAX_PER_IP: '100000',
    ...options.env,
  });
  const logger = createLogger(
    config.LOG_LEVEL,
    options.logLines && { write: (line: string) => void options.logLines!.push(line) },
  );
  const metrics = createMetrics({ processMetrics: false });
  metrics.watchPool(() => ({ ...testDb.counter, max: 5 }));
  const { app, deps, events, close } = wireApp({
    config,
    db: testDb.db,
    databaseUrl: testDb.url,
    jwtSecret: TEST_JWT_SECRET,
    logger,
    clock,
    ids: uuidV7Ids,
    metrics,
    functions: options.functions ?? registry,
    catalogue: registry,
    eventsFromNetwork: options.eventsFromNetwork ?? true,
  });
  return { app, deps, clock, settled: () => events.relay.settled(), close };
}

/**
 * A fresh migrated database and the app over it for one test file: created before its tests, dropped
 * after. Read `env.db` and `env.t` inside tests (they are set once the hooks have run).
 */
export function useTestApp(options: Parameters<typeof createTestApp>[1] = {}) {
  const env = {} as { db: TestDb; t: TestApp };
  beforeAll(async () => {
    env.db = await createTestDb();
    env.t = createTestApp(env.db, options);
  });
  afterAll(async () => {
    await env.t?.close();
    await env.db?.drop();
  });
  return env;
}
