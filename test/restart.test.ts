import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { http, startProcess, type Started } from './support/process.js';

let dataDir: string | undefined;
let running: Started | undefined;

afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it(
  'embedded mode keeps every account and task across a stop and a start, and does not migrate twice',
  { timeout: 120_000 },
  async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ripple-restart-'));
    await chmod(dataDir, 0o755);
    const env = { RIPPLE_DATA_DIR: dataDir };

    running = await startProcess('main', [], env);
    expect(running.output()).toContain('migrations applied');
    const signup = await http(`${running.url}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'keep@example.com', password: 'persistent pass' },
    });
    expect(signup.status).toBe(201);
    const auth = { authorization: `Bearer ${signup.body.token}` };
    const created = await http(`${running.url}/api/tasks`, {
      method: 'POST',
      headers: auth,
      json: { title: 'Survive a restart', tags: ['durable'] },
    });
    expect(created.status).toBe(201);
    await http(`${running.url}/api/tasks/${created.body.id}/complete`, {
      method: 'POST',
      headers: auth,
    });
    expect(await running.stop('SIGTERM')).toBe(0);
    const secretBefore = await readFile(path.join(dataDir, 'jwt-secret'), 'utf8');
    expect(await readFile(path.join(dataDir, 'database-url'), 'utf8')).toMatch(
      /^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/ripple\n$/,
    );

    running = await startProcess('main', [], env);
    expect(running.output()).not.toContain('migrations applied');
    expect(await readFile(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(secretBefore);
    // The token from before the restart is still good: the signing secret lives in the data dir.
    const listed = await http(`${running.url}/api/tasks?status=all`, { headers: auth });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      id: created.body.id,
      title: 'Survive a restart',
      status: 'completed',
      version: 2,
      tags: [{ name: 'durable' }],
    });
    const signin = await http(`${running.url}/api/auth/signin`, {
      method: 'POST',
      json: { email: 'keep@example.com', password: 'persistent pass' },
    });
    expect(signin.status).toBe(200);

    // Killed hard, Ripple cannot stop its PostgreSQL; the next start stops the orphan and carries on.
    expect(await running.stop('SIGKILL')).toBeNull();
    running = await startProcess('main', [], env);
    expect(running.output()).toMatch(/stopping PostgreSQL \(pid \d+\) left running/);
    const again = await http(`${running.url}/api/tasks?status=all`, { headers: auth });
    expect(again.body.items.map((t: { id: string }) => t.id)).toEqual([created.body.id]);
  },
);

it(
  'refuses to start on a port in use with a clear message, and leaves no PostgreSQL behind',
  { timeout: 60_000 },
  async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as AddressInfo;
    const dir = await mkdtemp(path.join(tmpdir(), 'ripple-port-'));
    try {
      const failed = startProcess('main', [], { RIPPLE_DATA_DIR: dir, PORT: String(port) });
      await expect(failed).rejects.toThrow(
        new RegExp(`exited with 1[^]*port ${port} on 127.0.0.1 is in use`),
      );
      expect(existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);
