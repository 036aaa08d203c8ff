import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { http, startProcess, type Started } from './support/process.js';

let running: Started | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded reminder timer', () => {
  it('fires at the reminder time, re-armed when a reminder is set or moved, with no polling to lean on', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ripple-remind-'));
    // A minute between safety-net runs: anything sooner than that is the exact timer's doing.
    running = await startProcess('main', [], {
      RIPPLE_DATA_DIR: dataDir,
      REMINDER_INTERVAL_MS: '60000',
    });
    const signup = await http(`${running.url}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'timer@example.com', password: 'on the dot' },
    });
    const auth = { authorization: `Bearer ${signup.body.token}` };

    const soon = new Date(Date.now() + 1500);
    await http(`${running.url}/api/tasks`, {
      method: 'POST',
      headers: auth,
      json: { title: 'Soon', remind_at: soon.toISOString() },
    });
    // Set for later, then moved earlier: the timer follows the change.
    const later = await http(`${running.url}/api/tasks`, {
      method: 'POST',
      headers: auth,
      json: { title: 'Moved', remind_at: new Date(Date.now() + 45_000).toISOString() },
    });
    const moved = new Date(Date.now() + 2500);
    await http(`${running.url}/api/tasks/${later.body.id}`, {
      method: 'PATCH',
      headers: auth,
      json: { remind_at: moved.toISOString() },
    });

    const notifications = async () =>
      (await http(`${running!.url}/api/notifications`, { headers: auth })).body as {
        title: string;
        created_at: string;
      }[];
    await expect
      .poll(async () => (await notifications()).length, { timeout: 10_000, interval: 100 })
      .toBe(2);
    const byTitle = new Map(
      (await notifications()).map((n) => [n.title, Date.parse(n.created_at)]),
    );
    for (const [title, due] of [
      ['Soon', soon],
      ['Moved', moved],
    ] as const) {
      const late = byTitle.get(title)! - due.getTime();
      expect(late, title).toBeGreaterThanOrEqual(0);
      expect(late, title).toBeLessThan(1000);
    }
  }, 60_000);
});
