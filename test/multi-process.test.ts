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

const pidOf = (output: string, fn: string) =>
  [...output.matchAll(new RegExp(`"fn":"${fn}","pid":(\\d+)`, 'g'))].map((m) => Number(m[1]));

describe('multi-process mode, one Node process per function as Knative runs them', () => {
  it('loses and doubles nothing when the audit-writer process is killed mid-stream and started again', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ripple-multi-'));
    running = await startProcess(
      'multi',
      [],
      {
        RIPPLE_DATA_DIR: dataDir,
        RIPPLE_FUNCTIONS:
          'auth-signup,tasks-create,tasks-complete,audit-list,audit-writer,outbox-relay',
        RELAY_INTERVAL_MS: '300',
        LOG_LEVEL: 'info',
      },
      90_000,
      'gateway',
    );
    const base = running.url;
    const signup = await http(`${base}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'multi@example.com', password: 'many processes' },
    });
    expect(signup.status).toBe(201);
    const auth = { authorization: `Bearer ${signup.body.token}` };
    // Another function than the gateway routes to is not there: this process serves only some.
    expect((await http(`${base}/api/tags`, { headers: auth })).status).toBe(404);

    const [writerPid] = pidOf(running.output(), 'audit-writer');
    expect(writerPid).toBeGreaterThan(0);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      if (i === 20) process.kill(writerPid!, 'SIGKILL');
      const created = await http(`${base}/api/tasks`, {
        method: 'POST',
        headers: auth,
        json: { title: `Stream ${i}` },
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
      if (i % 3 === 0)
        expect(
          (
            await http(`${base}/api/tasks/${created.body.id}/complete`, {
              method: 'POST',
              headers: auth,
            })
          ).status,
        ).toBe(200);
    }
    // Started again, on its port, by the launcher, as Kubernetes would.
    await expect
      .poll(() => pidOf(running!.output(), 'audit-writer').length, { timeout: 15_000 })
      .toBe(2);

    const expected = 60 + 20;
    const audited = async () => {
      const entries: { event_id: string; task_id: string; event_type: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: typeof entries; next_cursor: string | null } } = await http(
          `${base}/api/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { headers: auth },
        );
        entries.push(...page.body.items);
        cursor = page.body.next_cursor;
      } while (cursor);
      return entries;
    };
    await expect
      .poll(async () => (await audited()).length, { timeout: 30_000, interval: 300 })
      .toBe(expected);
    const entries = await audited();
    expect(new Set(entries.map((e) => e.event_id)).size).toBe(expected);
    for (const [i, id] of ids.entries()) {
      expect(
        entries
          .filter((e) => e.task_id === id)
          .map((e) => e.event_type)
          .sort(),
        `task ${i}`,
      ).toEqual(i % 3 === 0 ? ['completed', 'created'] : ['created']);
    }
    expect(await running.stop('SIGTERM')).toBe(0);
  }, 150_000);
});
