import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { startSupervisedPostgres } from './embedded-supervisor.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

it(
  "stops at once while an attempt to start PostgreSQL again is failing, not after that attempt's backoff",
  { timeout: 120_000 },
  async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ripple-supervisor-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const lines: { msg: string; postgres?: string }[] = [];
    const sink = new Writable({
      write: (chunk, _enc, done) => (
        lines.push(
          ...String(chunk)
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l)),
        ),
        done()
      ),
    });
    const db = await startSupervisedPostgres(dataDir, createLogger('debug', sink));
    cleanups.push(() => db.stop());

    // PostgreSQL killed, and its port taken: every attempt to start it again fails, backing off.
    const pid = Number(
      (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    const squatter = createServer((socket) => socket.on('error', () => {}));
    const held = new Set<Socket>();
    squatter.on('connection', (socket) => held.add(socket));
    cleanups.push(async () => {
      for (const s of held) s.destroy();
      await new Promise((r) => squatter.close(r));
    });
    process.kill(pid, 'SIGKILL');
    const bind = () =>
      new Promise<boolean>((resolve) => {
        squatter.once('error', () => resolve(false));
        squatter.listen({ port: db.port, host: '::', ipv6Only: false }, () => resolve(true));
      });
    for (const until = Date.now() + 5_000; !(await bind()) && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 2));
    expect(squatter.listening).toBe(true);

    // Three failures (backing off 0.25, 0.5 and 1 s), then stop() as the fourth attempt's PostgreSQL says
    // it is starting: that attempt fails after stop() was called, and would back off 2 s.
    const failures = () => lines.filter((l) => l.msg.includes('did not start again')).length;
    const starts = () => lines.filter((l) => l.postgres?.includes('starting PostgreSQL')).length;
    for (const until = Date.now() + 30_000; failures() < 3 && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 5));
    expect(failures()).toBe(3);
    const startsBefore = starts();
    for (const until = Date.now() + 10_000; starts() === startsBefore && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 1));
    expect(starts()).toBeGreaterThan(startsBefore);
    const asked = performance.now();
    await db.stop();
    expect(performance.now() - asked).toBeLessThan(1_500);
    expect(failures()).toBeLessThanOrEqual(4);
  },
);
