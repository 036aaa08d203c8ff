import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startProcess, type Started } from '../support/process.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const root = path.resolve(import.meta.dirname, '../..');
const workflow = (name: string): any => parse(readFileSync(path.join(root, '.github/workflows', name), 'utf8'));
const runs = (job: any): string[] => job.steps.filter((s: any) => s.run).map((s: any) => s.run as string);

describe('.github/workflows', () => {
  it('ci.yml type-checks, lints, audits and tests on Node 20, 22 and 24', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const test = ci.jobs.test;
    expect(test.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(test.steps.find((s: any) => s.uses?.startsWith('actions/setup-node')).with['node-version']).toBe('${{ matrix.node }}');
    const commands = runs(test).join('\n');
    for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm run audit', 'npm test', 'apt-get install -y -qq chromium shellcheck']) expect(commands).toContain(command);
    // On GitHub the advisory database answers: an audit that cannot ask fails there.
    expect(test.steps.find((s: any) => s.run === 'npm run audit').env.AUDIT_REQUIRED).toBe('1');
    expect(test['timeout-minutes']).toBeLessThanOrEqual(30);
  });

  it('deploy.yml builds the image, deploys it by digest, publishes the UI, then smoke-tests, in that order', () => {
    const deploy = workflow('deploy.yml');
    const { image, deploy: apply, web, smoke } = deploy.jobs;
    expect(image.steps.find((s: any) => s.uses?.startsWith('docker/build-push-action')).with.push).toBe(true);
    expect(image.outputs.ref).toContain('steps.ref.outputs.ref');
    expect(runs(image).join()).toContain('@${{ steps.build.outputs.digest }}');
    expect(apply.needs).toBe('image');
    expect(apply.steps.find((s: any) => s.run?.startsWith('scripts/deploy')).env.RIPPLE_IMAGE).toBe('${{ needs.image.outputs.ref }}');
    expect(web.needs).toBe('deploy');
    expect(runs(web)).toContainEqual(expect.stringMatching(/^scripts\/publish-web --bucket /));
    expect(smoke.needs).toEqual(['deploy', 'web']);
    expect(runs(smoke)).toContainEqual(expect.stringMatching(/^scripts\/smoke /));
    // Every script a workflow runs is here, and executable.
    for (const command of [...runs(apply), ...runs(web), ...runs(smoke)]) {
      const scriptPath = /^scripts\/[\w-]+/.exec(command)?.[0];
      if (scriptPath) expect(existsSync(path.join(root, scriptPath)), scriptPath).toBe(true);
    }
    // No secret is written into a workflow: they come from the repository's secrets.
    expect(readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8')).not.toMatch(/password:\s*[^$\s]/i);
  });
});

describe('scripts/smoke, the deploy workflow\'s last step', { timeout: 60_000 }, () => {
  let db: TestDb | undefined;
  let ripple: Started | undefined;
  afterAll(async () => {
    await ripple?.stop();
    await db?.drop();
  });

  it('passes against a serving Ripple and fails, saying which step, against one that is not', async () => {
    db = await createTestDb();
    ripple = await startProcess('main', [], { DATABASE_URL: db.url, JWT_SECRET: 'smoke-secret-long-enough-for-hs256-0123456789' });
    const exec = promisify(execFile);
    const ok = await exec('bash', [path.join(root, 'scripts/smoke'), ripple.url]);
    expect(ok.stdout).toMatch(/is serving \(signed up smoke-.*, created and listed task [0-9a-f-]{36}\)/);
    const down = await exec('bash', [path.join(root, 'scripts/smoke'), 'http://127.0.0.1:1']).catch((err: { code: number; stderr: string }) => err);
    expect(down).toMatchObject({ code: 1, stderr: expect.stringContaining('smoke: GET /readyz answered no answer, expected 200') });
  });
});
