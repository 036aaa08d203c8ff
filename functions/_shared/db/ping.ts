import { sql } from 'kysely';
import type { Executor } from './database.js';

/** The cheapest round trip: the database is reachable and answers. */
export async function ping(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}
