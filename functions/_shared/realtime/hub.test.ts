import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedInClient } from '../../../test/support/client.js';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { connectDb } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { createListener, type Listener } from '../db/listen.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { Hub } from './hub.js';

// The hub reads a user's stream through a connection that a test can take away (a TCP proxy), while
// it hears NOTIFYs on a connection of its own, as after a database restart the two come back apart.

let testDb: TestDb;
let t: TestApp;
let proxy: TcpProxy;
let db: Kysely<Database>;
let listener: Listener;

beforeAll(async () => {
  testDb = await createTestDb();
  t = createTestApp(testDb);
  proxy = await startTcpProxy(testDb.url);
  db = connectDb({ url: proxy.url, poolMax: 2, statementTimeoutMs: 5_000 });
  listener = createListener(testDb.url);
});
afterAll(async () => {
  await listener.close();
  await db.destroy();
  await proxy.close();
  await t.close();
  await testDb.drop();
});

it('reads a stream again after a read that failed, so a tab gets the entry whose NOTIFY came while the database could not be read', async () => {
  const user = await signedInClient(t.app);
  const hub = new Hub(
    {
      db,
      listener,
      logger: createLogger('silent'),
      metrics: createMetrics({ processMetrics: false }),
    },
    { perUser: 5, maxQueue: 100 },
  );
  await hub.start();
  const tab = hub.open(user.user.id, 0)!;
  await proxy.down();
  await sql`select ripple_stream_append(${user.user.id}::uuid, 'e-1', 'task', '{"type":"created"}'::jsonb, now(), null)`.execute(
    testDb.db,
  );
  // The NOTIFY arrives and its read fails: the database cannot be reached from the hub's pool.
  await new Promise((r) => setTimeout(r, 300));
  expect(tab.queue).toEqual([]);
  await proxy.up();
  // No other NOTIFY comes; the entry arrives all the same.
  await expect
    .poll(() => tab.queue.map((e) => e.data), { timeout: 5_000, interval: 100 })
    .toEqual([{ type: 'created' }]);
  hub.closeAll();
});
