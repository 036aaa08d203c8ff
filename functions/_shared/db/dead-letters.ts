import type { Insertable } from 'kysely';
import type { DeadLettersTable, Executor } from './database.js';

/** Keeps a dead letter; one already kept (the same event failed at the same destination) stays as it was. */
export async function insertDeadLetter(
  db: Executor,
  row: Insertable<DeadLettersTable>,
): Promise<void> {
  await db
    .insertInto('dead_letters')
    .values(row)
    // The unique index on (event id, failed destination): a redelivered dead letter is already here.
    .onConflict((oc) => oc.doNothing())
    .execute();
}
