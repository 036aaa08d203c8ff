import type { User } from './projects.js';

/** A task's audit entries as `user` reads them, oldest first, once every event so far has reached the log. */
export async function auditTrail(
  t: { settled(): Promise<void> },
  user: User,
  taskId: string,
): Promise<Record<string, any>[]> {
  await t.settled();
  return ((await user.get(`/api/audit?task_id=${taskId}`)).body.items as Record<string, any>[])
    .slice()
    .reverse();
}
