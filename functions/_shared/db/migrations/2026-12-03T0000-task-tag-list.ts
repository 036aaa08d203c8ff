import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Each task carries its tags as the API shows them (`tag_list`: id,
// name and colour, ordered by name), kept by PostgreSQL whatever writes them: a list page reads a column
// instead of looking up and aggregating each row's tags (~0.2 ms of a page's ~1 ms; BENCHMARKS.md).

export async function up(db: Kysely<any>): Promise<void> {
  // The one definition of a task's tags as shown: what the triggers below write into the column, which every read uses.
  await sql`
    create function ripple_tag_list(p_task uuid) returns json language sql stable as $$
      select coalesce(json_agg(json_build_object('id', g.id, 'name', g.name, 'color', g.color) order by lower(g.name), g.id), '[]')
      from task_tags tt join tags g on g.id = tt.tag_id where tt.task_id = p_task
    $$`.execute(db);
  await sql`alter table tasks add column tag_list json not null default '[]'`.execute(db);
  await sql`update tasks set tag_list = ripple_tag_list(id) where exists (select from task_tags tt where tt.task_id = tasks.id)`.execute(
    db,
  );

  // The tasks whose links changed, once per statement (a task's tags are linked in one insert), locked in
  // id order first, the order Ripple locks tasks in everywhere. A task deleted by the statement that
  // cascaded here is no longer there to update.
  await sql`
    create function ripple_tag_list_relinked() returns trigger language plpgsql as $$
    begin
      perform 1 from tasks where id in (select task_id from linked) order by id for no key update;
      update tasks set tag_list = ripple_tag_list(id) where id in (select task_id from linked);
      return null;
    end $$`.execute(db);
  await sql`create trigger ripple_tag_list_linked after insert on task_tags referencing new table as linked
    for each statement execute function ripple_tag_list_relinked()`.execute(db);
  await sql`create trigger ripple_tag_list_unlinked after delete on task_tags referencing old table as linked
    for each statement execute function ripple_tag_list_relinked()`.execute(db);
  // Links are inserted and deleted, never updated; should one be, the tasks it left and the tasks it reached.
  await sql`create trigger ripple_tag_list_moved_from after update on task_tags referencing old table as linked
    for each statement execute function ripple_tag_list_relinked()`.execute(db);
  await sql`create trigger ripple_tag_list_moved_to after update on task_tags referencing new table as linked
    for each statement execute function ripple_tag_list_relinked()`.execute(db);

  // A tag renamed or recoloured: every task carrying it. (A tag deleted takes its links with it: above.)
  await sql`
    create function ripple_tag_list_renamed() returns trigger language plpgsql as $$
    begin
      perform 1 from tasks where id in (select task_id from task_tags where tag_id = new.id) order by id for no key update;
      update tasks set tag_list = ripple_tag_list(id) where id in (select task_id from task_tags where tag_id = new.id);
      return null;
    end $$`.execute(db);
  await sql`create trigger ripple_tag_list_renamed after update of name, color on tags for each row
    when (old.name is distinct from new.name or old.color is distinct from new.color) execute function ripple_tag_list_renamed()`.execute(
    db,
  );
}
