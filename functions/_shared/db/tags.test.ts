import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { ensureTags } from './tags.js';

let testDb: TestDb;
let userId: string;
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** The database, counting the statements sent through it. */
function counted() {
  const sent = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      sent.statements++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: testDb.db.withPlugin(plugin), sent };
}

beforeAll(async () => {
  testDb = await createTestDb();
  userId = (
    await sql<{
      id: string;
    }>`insert into users (id, email, timezone, password_hash) values (gen_random_uuid(), 'tags@example.com', 'UTC', 'x') returning id`.execute(
      testDb.db,
    )
  ).rows[0]!.id;
});
afterAll(() => testDb.drop());

it('creates the tags named for the first time, each in a colour of its own, and finds them again whatever their case, in one statement', async () => {
  const first = await ensureTags(testDb.db, userId, ['Work', 'home'], newId, new Date());
  expect(first.map((t) => t.name).sort()).toEqual(['Work', 'home']);
  expect(new Set(first.map((t) => t.color)).size).toBe(2);

  const { db, sent } = counted();
  const again = await ensureTags(db, userId, ['work', 'HOME', 'work'], newId, new Date());
  expect(sent.statements).toBe(1);
  expect(again.map((t) => t.id).sort()).toEqual(first.map((t) => t.id).sort());
  expect(again[0]).not.toHaveProperty('named');
});

it('creates only the missing ones of a mix, and answers every named tag', async () => {
  const mixed = await ensureTags(testDb.db, userId, ['WORK', 'errand'], newId, new Date());
  expect(mixed.map((t) => t.name).sort()).toEqual(['Work', 'errand']);
  const all = await testDb.db
    .selectFrom('tags')
    .select('name')
    .where('user_id', '=', userId)
    .orderBy('name')
    .execute();
  expect(all.map((t) => t.name)).toEqual(['Work', 'errand', 'home']);
});
