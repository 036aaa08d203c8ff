import { sql } from 'kysely';
import type { TestDb } from './test-db.js';

/** The database's promises after any sequence of requests. Returns what is broken ([] when nothing). */
export async function consistencyProblems(db: TestDb['db']): Promise<string[]> {
  const problems: string[] = [];
  const noCreated = await sql<{ id: string }>`
    select t.id from tasks t
    where not exists (select 1 from outbox o where o.partition_key = t.id::text and o.event_type = 'dev.ripple.task.created')`.execute(
    db,
  );
  for (const r of noCreated.rows)
    problems.push(`task ${r.id} has no task.created event in the outbox`);
  const versions = await sql<{ task_id: string; versions: number[]; current: number }>`
    select t.id as task_id, t.version as current,
           array_agg((o.event->'data'->>'version')::int order by o.id) as versions
    from tasks t join outbox o on o.partition_key = t.id::text and o.event_type like 'dev.ripple.task.%'
    group by t.id, t.version`.execute(db);
  for (const r of versions.rows) {
    if (r.versions.some((v, i) => i > 0 && v <= r.versions[i - 1]!))
      problems.push(`task ${r.task_id}: event versions not increasing: ${r.versions.join(',')}`);
    if (r.versions.at(-1) !== r.current)
      problems.push(
        `task ${r.task_id}: version ${r.current} but its last event says ${r.versions.at(-1)}`,
      );
  }
  const orphans = await sql<{ task_id: string; tag_id: string }>`
    select tt.task_id, tt.tag_id from task_tags tt
    left join tasks t on t.id = tt.task_id left join tags g on g.id = tt.tag_id
    where t.id is null or g.id is null or (t.user_id <> g.user_id
      -- A shared project's task carries its members' tags: the tag's owner is, or was, in its project.
      and not exists (select 1 from project_members m where m.project_id = t.project_id and m.user_id = g.user_id)
      and not exists (select 1 from audit_log a where a.project_id = t.project_id and a.user_id = g.user_id))`.execute(
    db,
  );
  for (const r of orphans.rows)
    problems.push(
      `task_tags (${r.task_id}, ${r.tag_id}) is an orphan or carries a tag of someone never in its project`,
    );
  return problems;
}
