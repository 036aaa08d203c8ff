import { randomUUID } from 'node:crypto';
import type { Role } from '../../functions/_shared/db/database.js';
import type { TestApp } from './test-app.js';
import type { TestDb } from './test-db.js';

/**
 * A shared project with accepted members, written as the projects API writes one (its owner an admin),
 * for tests of what the access rule lets each member see. Answers its id.
 */
export async function sharedProjectOf(env: { db: TestDb; t: TestApp }, ownerId: string, members: [string, Role][], name = 'Shared'): Promise<string> {
  const id = randomUUID();
  const now = env.t.clock.now();
  await env.db.db.insertInto('projects').values({ id, owner_id: ownerId, name, color: '#16a34a', archived_at: null, deleted_at: null, created_at: now, updated_at: now }).execute();
  for (const [userId, role] of [[ownerId, 'admin'] as [string, Role], ...members]) {
    await env.db.db.insertInto('project_members').values({ project_id: id, user_id: userId, role, invited_by: ownerId, invited_at: now, accepted_at: now }).execute();
  }
  return id;
}
