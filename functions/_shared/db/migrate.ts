import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { migrations as ours } from './migrations/index.js';

/** What a migration run did: the migrations it applied, and those the database has that it does not know. */
export interface MigrationRun {
  applied: string[];
  /** Applied by a newer release (the database is ahead of this one, as after a rollback); left alone. */
  newer: string[];
}

/**
 * Brings the database to this release's schema. Kysely's migrator holds a lock while it runs, so several
 * processes starting at once apply each migration exactly once; applied ones are skipped.
 *
 * A database ahead of this release (a rollback: the previous image's migration Job meets the newer
 * release's migrations) is accepted when every migration of this release is applied: migrations only
 * add, so the older code runs on the newer schema. Kysely alone refuses it ("corrupted migrations:
 * previously executed migration … is missing"), and `allowUnorderedMigrations` does not change that (it
 * only lets a missing older migration run late). A database that is ahead and lacks one of this
 * release's own migrations is refused: no release has run on that schema.
 */
export async function migrateDatabase(
  db: Kysely<any>,
  migrations: Record<string, Migration> = ours,
): Promise<MigrationRun> {
  const executed = await executedMigrations(db);
  const newer = executed.filter((name) => !(name in migrations));
  if (newer.length > 0) {
    const missing = Object.keys(migrations)
      .filter((name) => !executed.includes(name))
      .sort();
    if (missing.length > 0) {
      throw new Error(
        `the database has migrations this release does not know (${newer.join(', ')}) and lacks some of its own (${missing.join(', ')}): deploy a release that has them all`,
      );
    }
    return { applied: [], newer };
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed`, { cause: error });
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    newer: [],
  };
}

/** Applies pending migrations; the names of those applied (see migrateDatabase). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return (await migrateDatabase(db)).applied;
}

/** Names in Kysely's migration table, [] before the first migration. */
async function executedMigrations(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{
    exists: boolean;
  }>`select to_regclass('kysely_migration') is not null as exists`.execute(db);
  if (!rows[0]?.exists) return [];
  const names = await sql<{
    name: string;
  }>`select name from kysely_migration order by name`.execute(db);
  return names.rows.map((r) => r.name);
}
