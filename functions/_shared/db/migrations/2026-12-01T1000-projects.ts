import { sql, type Kysely } from 'kysely';

// Frozen once landed, and forward-only. Projects, sharing and subtasks: every task belongs to one
// project; access to a project is a membership with a role. Existing data moves without loss: every
// account gets its Inbox, every task lands in its owner's Inbox, every audit entry is kept and filed
// under that Inbox, its actor the user it was written for.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table projects (
      id uuid primary key,
      owner_id uuid not null references users (id) on delete cascade,
      name text not null constraint projects_name_length check (char_length(name) between 1 and 100),
      color text not null constraint projects_color check (color ~ '^#[0-9a-f]{6}$'),
      is_inbox boolean not null default false,
      archived_at timestamptz,
      deleted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1 constraint projects_version_positive check (version >= 1),
      constraint projects_inbox_stays check (not is_inbox or (archived_at is null and deleted_at is null))
    )`.execute(db);
  await sql`create unique index projects_one_inbox on projects (owner_id) where is_inbox`.execute(
    db,
  );

  // A membership: accepted_at null while the invitation waits (no access yet). The owner is an admin
  // member of their project. `position` is the member's own order of their projects.
  await sql`
    create table project_members (
      project_id uuid not null references projects (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      role text not null constraint project_members_role check (role in ('viewer', 'editor', 'admin')),
      invited_by uuid references users (id) on delete set null,
      invited_at timestamptz not null default now(),
      accepted_at timestamptz,
      position integer not null default 0,
      primary key (project_id, user_id)
    )`.execute(db);
  // The access rule's lookup: a user's projects (and role) in one index.
  await sql`create index project_members_user on project_members (user_id, project_id) include (role, accepted_at, position)`.execute(
    db,
  );

  // Every account has its Inbox, made with the account, whichever path creates it.
  await sql`
    create function ripple_create_inbox() returns trigger language plpgsql as $$
    declare inbox uuid := gen_random_uuid();
    begin
      insert into projects (id, owner_id, name, color, is_inbox, created_at, updated_at)
        values (inbox, new.id, 'Inbox', '#64748b', true, new.created_at, new.created_at);
      insert into project_members (project_id, user_id, role, invited_at, accepted_at)
        values (inbox, new.id, 'admin', new.created_at, new.created_at);
      return new;
    end $$`.execute(db);
  await sql`create trigger ripple_create_inbox after insert on users for each row execute function ripple_create_inbox()`.execute(
    db,
  );
  await sql`
    insert into projects (id, owner_id, name, color, is_inbox, created_at, updated_at)
      select gen_random_uuid(), u.id, 'Inbox', '#64748b', true, u.created_at, u.created_at from users u`.execute(
    db,
  );
  await sql`
    insert into project_members (project_id, user_id, role, invited_at, accepted_at)
      select p.id, p.owner_id, 'admin', p.created_at, p.created_at from projects p`.execute(db);

  // Tasks: the project, the parent (one level of subtasks), the assignee, and what took a task to the
  // trash with it (its parent or its project), so a restore brings back exactly those.
  await sql`alter table tasks add column project_id uuid references projects (id) on delete cascade`.execute(
    db,
  );
  await sql`update tasks t set project_id = p.id from projects p where p.owner_id = t.user_id and p.is_inbox`.execute(
    db,
  );
  await sql`alter table tasks alter column project_id set not null`.execute(db);
  await sql`alter table tasks add column parent_id uuid references tasks (id) on delete cascade`.execute(
    db,
  );
  await sql`alter table tasks add constraint tasks_not_own_parent check (parent_id <> id)`.execute(
    db,
  );
  await sql`alter table tasks add column assignee_id uuid references users (id) on delete set null`.execute(
    db,
  );
  await sql`alter table tasks add column deleted_with uuid`.execute(db);

  // The list's keyset indexes, now per project (a user's list walks each of their projects' index).
  const live = sql`where deleted_at is null`;
  for (const name of ['created', 'updated', 'due', 'priority', 'title'])
    await sql`drop index if exists ${sql.raw(`tasks_user_${name}`)}`.execute(db);
  await sql`create index tasks_project_created on tasks (project_id, created_at desc, id desc) ${live}`.execute(
    db,
  );
  await sql`create index tasks_project_updated on tasks (project_id, updated_at, id) ${live}`.execute(
    db,
  );
  await sql`create index tasks_project_due on tasks (project_id, due_at, id) ${live}`.execute(db);
  await sql`create index tasks_project_priority on tasks (project_id, priority_rank, id) ${live}`.execute(
    db,
  );
  await sql`create index tasks_project_title on tasks (project_id, (lower(title) collate "C"), id) ${live}`.execute(
    db,
  );
  await sql`create index tasks_parent on tasks (parent_id) where parent_id is not null`.execute(db);
  // Each project's open and overdue counts, read from the index alone.
  await sql`create index tasks_project_open on tasks (project_id, due_at) where deleted_at is null and status = 'pending'`.execute(
    db,
  );
  await sql`create index tasks_deleted_with on tasks (deleted_with) where deleted_with is not null`.execute(
    db,
  );
  // The creator's column loses its indexes above; deleting an account still finds its tasks fast.
  await sql`create index tasks_user on tasks (user_id)`.execute(db);
  await sql`create index tasks_assignee on tasks (assignee_id) where assignee_id is not null`.execute(
    db,
  );

  // The audit log: user_id is now who did it; the entry is filed under the task's project, and a
  // project's members read its activity.
  await sql`alter table audit_log add column project_id uuid references projects (id) on delete cascade`.execute(
    db,
  );
  await sql`update audit_log a set project_id = p.id from projects p where p.owner_id = a.user_id and p.is_inbox`.execute(
    db,
  );
  await sql`alter table audit_log alter column project_id set not null`.execute(db);
  await sql`drop index if exists audit_log_user_time`.execute(db);
  await sql`drop index if exists audit_log_user_task_time`.execute(db);
  await sql`create index audit_log_project_time on audit_log (project_id, occurred_at desc, id desc)`.execute(
    db,
  );
  await sql`create index audit_log_task_time on audit_log (task_id, occurred_at desc, id desc)`.execute(
    db,
  );
  await sql`create index audit_log_user on audit_log (user_id)`.execute(db);

  // Notifications: also invitations and assignments; an invitation is about a project, not a task.
  await sql`alter table notifications drop constraint notifications_kind`.execute(db);
  await sql`alter table notifications add constraint notifications_kind check (kind in ('reminder', 'invitation', 'assigned'))`.execute(
    db,
  );
  await sql`alter table notifications alter column task_id drop not null`.execute(db);
  await sql`alter table notifications add column project_id uuid`.execute(db);
  await sql`alter table notifications add column actor_id uuid`.execute(db);

  // The stream: an entry about a project's task is delivered only while its user is a member.
  await sql`alter table user_stream add column project_id uuid`.execute(db);
  await sql`alter table user_stream drop constraint user_stream_kind`.execute(db);
  await sql`alter table user_stream add constraint user_stream_kind check (kind in ('task', 'notification', 'project'))`.execute(
    db,
  );
  // One event now fans out to every member: unique per user, not per event.
  await sql`alter table user_stream drop constraint user_stream_event_id_key`.execute(db);
  await sql`create unique index user_stream_user_event on user_stream (user_id, event_id)`.execute(
    db,
  );
  await sql`
    create or replace function ripple_stream_append(p_user uuid, p_event text, p_kind text, p_data jsonb, p_at timestamptz, p_project uuid)
    returns void language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(hashtextextended(p_user::text, 7));
      insert into user_stream (user_id, event_id, kind, data, created_at, project_id)
        values (p_user, p_event, p_kind, p_data, p_at, p_project)
        on conflict (user_id, event_id) do nothing;
      perform pg_notify('ripple_stream', p_user::text);
    end $$`.execute(db);
  await sql`drop function ripple_stream_append(uuid, text, text, jsonb, timestamptz)`.execute(db);
}
