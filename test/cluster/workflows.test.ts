import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startProcess, type Started } from '../support/process.js';
import { run, runOk } from '../support/shell.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const root = path.resolve(import.meta.dirname, '../..');
const workflow = (name: string): any =>
  parse(readFileSync(path.join(root, '.github/workflows', name), 'utf8'));
const runs = (job: any): string[] =>
  job.steps.filter((s: any) => s.run).map((s: any) => s.run as string);

describe('.github/workflows', () => {
  it('ci.yml type-checks, lints, audits and tests on Node 20, 22 and 24', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const test = ci.jobs.test;
    expect(test.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(
      test.steps.find((s: any) => s.uses?.startsWith('actions/setup-node')).with['node-version'],
    ).toBe('${{ matrix.node }}');
    const commands = runs(test).join('\n');
    for (const command of [
      'npm ci',
      'npm run typecheck',
      'npm run lint',
      'npm run audit',
      'npm test',
      'apt-get install -y -qq chromium shellcheck',
    ])
      expect(commands).toContain(command);
    // On GitHub the advisory database answers: an audit that cannot ask fails there.
    expect(test.steps.find((s: any) => s.run === 'npm run audit').env.AUDIT_REQUIRED).toBe('1');
    expect(test['timeout-minutes']).toBeLessThanOrEqual(30);
  });

  it('deploy.yml deploys only a commit CI passed: its image by digest, then the UI, then a smoke test', () => {
    const deploy = workflow('deploy.yml');
    // Triggered by a finished ci run on main, or by hand; a failed or pull-request run deploys nothing.
    expect(deploy.on.workflow_run).toEqual({
      workflows: ['ci'],
      types: ['completed'],
      branches: ['main'],
    });
    expect(deploy.on.push).toBeUndefined();
    const { gate, image, deploy: apply, web, smoke } = deploy.jobs;
    expect(gate.if).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(gate.if).toContain("github.event.workflow_run.event == 'push'");
    // By hand: only a commit with a passing ci run.
    expect(runs(gate).join('\n')).toMatch(
      /gh run list .*--workflow ci\.yml --commit "\$sha" --status success/,
    );
    for (const [name, job] of Object.entries<any>({ image, deploy: apply, web, smoke })) {
      expect(job.needs, name).toContain('gate');
      // Every job builds or runs exactly the commit CI passed, not whatever main is by then.
      expect(
        job.steps.find((s: any) => s.uses?.startsWith('actions/checkout')).with.ref,
        name,
      ).toBe('${{ needs.gate.outputs.sha }}');
    }
    expect(
      image.steps.find((s: any) => s.uses?.startsWith('docker/build-push-action')).with.push,
    ).toBe(true);
    expect(image.outputs.ref).toContain('steps.ref.outputs.ref');
    expect(image.steps.find((s: any) => s.id === 'ref').env.DIGEST).toBe(
      '${{ steps.build.outputs.digest }}',
    );
    expect(apply.needs).toContain('image');
    expect(apply.steps.find((s: any) => s.run?.startsWith('scripts/deploy')).env.RIPPLE_IMAGE).toBe(
      '${{ needs.image.outputs.ref }}',
    );
    expect(web.needs).toContain('deploy');
    expect(runs(web)).toContainEqual(expect.stringMatching(/^scripts\/publish-web --bucket /));
    expect(smoke.needs).toEqual(expect.arrayContaining(['deploy', 'web']));
    expect(runs(smoke)).toContainEqual(expect.stringMatching(/^scripts\/smoke /));
    // Every script a workflow runs is here, and executable.
    for (const command of [...runs(apply), ...runs(web), ...runs(smoke)]) {
      const scriptPath = /^scripts\/[\w-]+/.exec(command)?.[0];
      if (scriptPath) expect(existsSync(path.join(root, scriptPath)), scriptPath).toBe(true);
    }
    // No secret is written into a workflow: they come from the repository's secrets.
    expect(readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8')).not.toMatch(
      /password:\s*[^$\s]/i,
    );
  });

  it('deploy.yml names the image in lower case, as registries require, whatever the repository is called', async () => {
    const text = readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8');
    expect(text).not.toContain('ghcr.io/${{ github.repository }}');
    const step = workflow('deploy.yml').jobs.gate.steps.find((s: any) => s.id === 'image');
    // Run the step's shell as the runner does, for a repository with capitals in it.
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'gh-output-')), 'out');
    await writeFile(out, '');
    await runOk('bash', ['-e', '-c', step.run], {
      env: {
        PATH: process.env.PATH ?? '',
        GITHUB_REPOSITORY: 'Acme-Corp/Ripple',
        GITHUB_OUTPUT: out,
      },
    });
    expect(await readFile(out, 'utf8')).toBe('name=ghcr.io/acme-corp/ripple\n');
    for (const job of ['image', 'deploy', 'web', 'smoke'])
      expect(JSON.stringify(workflow('deploy.yml').jobs[job])).not.toContain('github.repository');
  });

  it('deploy.yml lets the cluster pull a private image, and says what to do for a credential plugin', () => {
    const text = readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8');
    const steps = workflow('deploy.yml').jobs.deploy.steps;
    const pull = steps.find((s: any) => s.name?.startsWith('Registry pull secret'));
    expect(pull.env).toEqual({
      PULL_USER: '${{ secrets.REGISTRY_PULL_USER }}',
      PULL_TOKEN: '${{ secrets.REGISTRY_PULL_TOKEN }}',
    });
    expect(pull.run).toContain('create secret docker-registry ripple-registry');
    expect(pull.run).toContain('RIPPLE_PULL_SECRET=ripple-registry');
    expect(steps.indexOf(pull)).toBeLessThan(
      steps.findIndex((s: any) => s.run?.startsWith('scripts/deploy')),
    );
    expect(text).toMatch(/credential plugin/);
    expect(text).toMatch(/aws eks update-kubeconfig/);
  });

  it('cluster-e2e.yml runs nightly, by hand and on changes to the cluster paths, and every step it runs dry-runs here', async () => {
    const e2e = workflow('cluster-e2e.yml');
    expect(e2e.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(e2e.on).toHaveProperty('workflow_dispatch');
    for (const trigger of ['push', 'pull_request']) {
      expect(e2e.on[trigger].paths, trigger).toEqual(
        expect.arrayContaining([
          'knative/**',
          'components/**',
          'Dockerfile',
          'scripts/deploy',
          'scripts/dev-cluster',
          'scripts/cluster-e2e',
          '.github/workflows/cluster-e2e.yml',
        ]),
      );
    }
    const job = e2e.jobs.e2e;
    const commands = runs(job);
    expect(commands[0]).toBe('scripts/dev-cluster');
    const checks = commands
      .filter((c) => c.startsWith('scripts/cluster-e2e '))
      .map((c) => c.split(' ')[1]);
    expect(checks).toEqual([
      'previous-image',
      'smoke',
      'audit',
      'dead-letter',
      'scale-to-zero',
      'kafka-outage',
      'rollback',
      'logs',
    ]);
    expect(commands).toContain('scripts/cluster-e2e rollback dev.local/ripple:previous');
    // On failure: pod lists and logs, uploaded.
    const logs = job.steps.find((s: any) => s.run?.startsWith('scripts/cluster-e2e logs'));
    const upload = job.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact'));
    expect([logs.if, upload.if]).toEqual(['failure()', 'failure()']);
    expect(upload.with.path).toBe(logs.run.split(' ').at(-1));
    // Tools at pinned versions.
    for (const step of job.steps.filter((s: any) =>
      /setup-helm|setup-kubectl|kind-action/.test(s.uses ?? ''),
    ))
      expect(step.with.version, step.uses).toMatch(/^v\d+\.\d+\.\d+$/);
    // Every command the workflow runs is one of our scripts, and runs here with --dry-run.
    for (const command of commands) {
      expect(command, command).toMatch(/^scripts\/(dev-cluster|cluster-e2e)( |$)/);
      const dry = await runOk('bash', ['-c', `${command} --dry-run`], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(dry.stdout, command).toMatch(/^\+ /m);
      expect(dry.stdout, command).not.toMatch(/^cluster-e2e: passed/m);
    }
  });

  it('every workflow passes the GitHub workflow schema (action-validator, offline)', async () => {
    const files = readdirSync(path.join(root, '.github/workflows')).filter((f) =>
      f.endsWith('.yml'),
    );
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml', 'cluster-e2e.yml']));
    for (const file of files) {
      const result = await validate(path.join(root, '.github/workflows', file));
      // It says it cannot check the globs of `paths:` filters; nothing else may be printed.
      const said = result.output
        .split('\n')
        .filter((line) => line && !/^WARNING: Glob validation is not yet supported/.test(line));
      expect({ code: result.code, said }, file).toEqual({ code: 0, said: [] });
    }
    // It does catch a mistake: a misspelt key.
    const broken = path.join(await mkdtemp(path.join(tmpdir(), 'workflow-')), 'broken.yml');
    await writeFile(
      broken,
      readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8').replace(
        'runs-on:',
        'run-on:',
      ),
    );
    const refused = await validate(broken);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("Additional property 'run-on' is not allowed");
  });
});

/** @action-validator/cli on one workflow file: its exit code and what it printed. */
async function validate(file: string): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await run(
    path.join(root, 'node_modules/.bin/action-validator'),
    [file],
  );
  return { code, output: stdout + stderr };
}

describe("scripts/smoke, the deploy workflow's last step", { timeout: 60_000 }, () => {
  let db: TestDb | undefined;
  let ripple: Started | undefined;
  afterAll(async () => {
    await ripple?.stop();
    await db?.drop();
  });

  it('passes against a serving Ripple and fails, saying which step, against one that is not', async () => {
    db = await createTestDb();
    ripple = await startProcess('main', [], {
      DATABASE_URL: db.url,
      JWT_SECRET: 'smoke-secret-long-enough-for-hs256-0123456789',
    });
    const ok = await runOk('bash', [path.join(root, 'scripts/smoke'), ripple.url]);
    expect(ok.stdout).toMatch(
      /is serving \(signed up smoke-.*, created and listed task [0-9a-f-]{36}\)/,
    );
    const down = await run('bash', [path.join(root, 'scripts/smoke'), 'http://127.0.0.1:1']);
    expect(down).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('smoke: GET /readyz answered no answer, expected 200'),
    });
  });
});
