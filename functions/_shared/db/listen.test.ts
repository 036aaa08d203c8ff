import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createListener, type Listener } from './listen.js';

// LISTEN through a connection that is cut, and through a database that is away for a while: once it
// can, the listener listens again, says so (onListen: catch up on what was missed), and hears NOTIFYs.

let testDb: TestDb;
let proxy: TcpProxy;
let listener: Listener;
let admin: postgres.Sql;
const heard: string[] = [];
let listens = 0;

beforeAll(async () => {
  testDb = await createTestDb({ migrate: false });
  proxy = await startTcpProxy(testDb.url);
  admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
  listener = createListener(proxy.url);
  await listener.listen(
    'ripple_test',
    (payload) => heard.push(payload),
    () => listens++,
  );
});
afterAll(async () => {
  await listener.close();
  await admin.end();
  await proxy.close();
  await testDb.drop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** NOTIFYs until the listener hears one (a NOTIFY sent while it is not listening is lost, by design). */
async function heardWithin(ms: number, payload: string): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await admin`select pg_notify('ripple_test', ${payload})`;
    await pause(50);
    if (heard.includes(payload)) return true;
  }
  return false;
}

it('hears notifications', async () => {
  expect(await heardWithin(2_000, 'first')).toBe(true);
  expect(listens).toBe(1);
});

it('listens again after its connection is cut', async () => {
  proxy.cut();
  expect(await heardWithin(5_000, 'after a cut')).toBe(true);
  expect(listens).toBe(2);
});

it(
  'listens again after the database was away for seconds, however many attempts failed meanwhile',
  { timeout: 60_000 },
  async () => {
    for (const awayMs of [300, 1_500, 3_000, 6_000]) {
      await proxy.down();
      await pause(awayMs);
      await proxy.up();
      // Within the listener's own check (every 2 s) and a reconnect, however postgres.js fared meanwhile.
      expect(await heardWithin(8_000, `after ${awayMs} ms away`), `after ${awayMs} ms away`).toBe(
        true,
      );
    }
  },
);

it(
  'listens again within a few seconds of the database coming back, however long it was away',
  { timeout: 60_000 },
  async () => {
    // Ten seconds of refused connections: with postgres.js's own backoff its attempts were by then 10–20 s
    // apart, and the listener heard nothing for that long after the database was back.
    await proxy.down();
    await pause(10_000);
    await proxy.up();
    expect(await heardWithin(3_000, 'after 10 s away')).toBe(true);
  },
);
