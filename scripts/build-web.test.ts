import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, 'build-web.mjs');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A built UI whose script is `bytes` of incompressible data (gzip cannot shrink it). */
async function builtUi(bytes: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ripple-web-'));
  dirs.push(dir);
  await mkdir(path.join(dir, 'assets'));
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><script type="module" src="./assets/app-1.js"></script><link rel="stylesheet" href="./assets/app-1.css">',
  );
  await writeFile(path.join(dir, 'assets', 'app-1.js'), randomBytes(bytes).toString('base64'));
  await writeFile(path.join(dir, 'assets', 'app-1.css'), 'body{margin:0}');
  // Not loaded at first: does not count.
  await writeFile(path.join(dir, 'assets', 'lazy-1.js'), randomBytes(100_000).toString('base64'));
  return dir;
}

it('passes a UI under its 40 KB initial-load budget and prints the size', async () => {
  const { stdout } = await run(process.execPath, [script, '--check', await builtUi(20_000)]);
  expect(stdout).toMatch(
    /^web: initial load \d+\.\d KB gzip \(budget 40\.0 KB\): index\.html .*assets\/app-1\.js .*assets\/app-1\.css/,
  );
  expect(stdout).not.toContain('lazy-1.js');
});

it('fails the build of a UI over the budget', async () => {
  const failed = await run(process.execPath, [script, '--check', await builtUi(45_000)]).then(
    () => null,
    (err: { code: number; stderr: string }) => err,
  );
  expect(failed?.code).toBe(1);
  expect(failed?.stderr).toMatch(
    /the initial load is \d+\.\d KB gzip, over its budget of 40\.0 KB/,
  );
});
