import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. "This one" for an occurrence of a series on schedule that is not
// a task yet: what that occurrence differs in (`changes`: title, description, priority, tags, due_at) or
// that it is skipped. Keyed as the ledger is (series, the due date the rule gives it): the scheduler
// reads it in the transaction that creates the occurrence, under the series' lock, so the occurrence
// is still created once, by the scheduler, with its edit (or passed over when skipped).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('series_overrides')
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('skip', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('changes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_by', 'uuid', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('series_overrides_pkey', ['series_id', 'due_at'])
    .execute();
}
