import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, typed by its use here
import { judge } from './audit.mjs';

// Shapes of `npm audit --json` (npm 10): the endpoint refusing, and a report with findings.
const refused = {
  message:
    '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  statusCode: 405,
  error: { summary: '', detail: '' },
};
const report = (vulnerabilities: Record<string, object>) => ({
  auditReportVersion: 2,
  vulnerabilities,
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 0, total: 2 } },
});
const high = {
  name: 'postgres',
  severity: 'high',
  range: '<3.5.0',
  via: [{ title: 'Something bad', url: 'https://github.com/advisories/GHSA-x' }],
};
const moderate = { name: 'zod', severity: 'moderate', range: '<4.0.0', via: ['zod'] };

describe('the dependency audit gate (npm run audit)', () => {
  it('fails on a high or critical advisory that is not explained, and names it', () => {
    const { ok, lines } = judge(report({ postgres: high, zod: moderate }), {}, true);
    expect(ok).toBe(false);
    expect(lines.join('\n')).toContain(
      'postgres: high <3.5.0 Something bad https://github.com/advisories/GHSA-x',
    );
  });

  it('passes when each high advisory is explained, and on moderate ones (reported)', () => {
    const { ok, lines } = judge(
      report({ postgres: high, zod: moderate }),
      { postgres: 'only the listener path is affected, which Ripple does not use' },
      true,
    );
    expect(ok).toBe(true);
    expect(lines.join('\n')).toContain('postgres: high, explained: only the listener');
    expect(lines.join('\n')).toContain('zod: moderate (below high');
  });

  it('says when the advisory database cannot be asked: skipped here, failing where it is required', () => {
    expect(judge(refused, {}, false)).toMatchObject({
      ok: true,
      lines: [expect.stringContaining('405 Method Not Allowed')],
    });
    expect(judge(refused, {}, true).ok).toBe(false);
    expect(judge(null, {}, true).ok).toBe(false);
  });

  it('runs against this repository', async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          [path.join(import.meta.dirname, 'audit.mjs')],
          { env: { ...process.env, AUDIT_REQUIRED: '' } },
          (err, stdout, stderr) =>
            resolve({
              code: err ? ((err as { code?: number }).code ?? 1) : 0,
              output: stdout + stderr,
            }),
        );
      },
    );
    // Whichever way the registry answers, the script says what it found.
    expect(output).toMatch(/^audit: /m);
    if (/could not be asked/.test(output)) expect(code).toBe(0);
  }, 60_000);
});
