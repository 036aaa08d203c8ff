import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../functions/_shared/db/migrate.js';
import { migrations } from '../../functions/_shared/db/migrations/index.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const root = path.resolve(import.meta.dirname, '../..');
const names = Object.keys(migrations).sort();

/** A migration of a release after this one: it only adds, as ours do. */
const newer: Record<string, Migration> = {
  '2099-01-01T0000-a-later-release': {
    up: async (db: Kysely<any>) =>
      void (await sql`alter table tasks add column later_release_note text`.execute(db)),
  },
};

describe(
  'rolling back: an older release migrating a database a newer one has migrated',
  { timeout: 60_000 },
  () => {
    const dbs: TestDb[] = [];
    afterAll(async () => {
      for (const db of dbs) await db.drop();
    });

    it('is refused by Kysely alone ("corrupted migrations"), which is why the migration Job needs more', async () => {
      const t = await createTestDb();
      dbs.push(t);
      await migrateDatabase(t.db, { ...migrations, ...newer });
      const { error } = await new Migrator({
        db: t.db,
        provider: { getMigrations: async () => migrations },
      }).migrateToLatest();
      expect(String(error)).toMatch(
        /corrupted migrations: previously executed migration 2099-01-01T0000-a-later-release is missing/,
      );
      // allowUnorderedMigrations only lets an older missing migration run late; it does not accept this.
      const unordered = await new Migrator({
        db: t.db,
        allowUnorderedMigrations: true,
        provider: { getMigrations: async () => migrations },
      }).migrateToLatest();
      expect(String(unordered.error)).toMatch(/corrupted migrations/);
    });

    it('is accepted when every migration of the older release is applied, and says so; the Job exits 0', async () => {
      const t = await createTestDb();
      dbs.push(t);
      expect(await migrateDatabase(t.db, { ...migrations, ...newer })).toEqual({
        applied: ['2099-01-01T0000-a-later-release'],
        newer: [],
      });
      expect(await migrateDatabase(t.db)).toEqual({
        applied: [],
        newer: ['2099-01-01T0000-a-later-release'],
      });
      // The previous release of this one (without its last migration) on this release's schema, too.
      const previous = Object.fromEntries(names.slice(0, -1).map((n) => [n, migrations[n]!]));
      expect(await migrateDatabase(t.db, previous)).toEqual({
        applied: [],
        newer: [names.at(-1), '2099-01-01T0000-a-later-release'],
      });

      // The migration Job, as the cluster runs it (node dist/migrate.js).
      const job = await promisify(execFile)('node', [path.join(root, 'dist/migrate.js')], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.url, LOG_LEVEL: 'info' },
      });
      expect(job.stdout).toMatch(
        /"level":40,.*"msg":"the database is ahead of this release \(1 newer migration\(s\): 2099-01-01T0000-a-later-release\); all of this release's migrations are applied/,
      );
      const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(t.db);
      expect(rows.rows).toHaveLength(names.length + 1);
    });

    it("is refused when the database is ahead and lacks one of the release's own migrations, naming both", async () => {
      const t = await createTestDb({ migrate: false });
      dbs.push(t);
      await migrateDatabase(t.db, { [names[0]!]: migrations[names[0]!]!, ...newer });
      await expect(migrateDatabase(t.db)).rejects.toThrow(
        new RegExp(
          `does not know \\(2099-01-01T0000-a-later-release\\) and lacks some of its own \\(${names.slice(1).join(', ')}\\)`,
        ),
      );
      const job = await promisify(execFile)('node', [path.join(root, 'dist/migrate.js')], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.url },
      }).catch((err: { code: number; stdout: string }) => err);
      expect(job).toMatchObject({ code: 1, stdout: expect.stringContaining('migration failed') });
    });

    it('still migrates a fresh database, and a current one is left as it is', async () => {
      const t = await createTestDb({ migrate: false });
      dbs.push(t);
      expect((await migrateDatabase(t.db)).applied).toEqual(names);
      expect(await migrateDatabase(t.db)).toEqual({ applied: [], newer: [] });
    });
  },
);
