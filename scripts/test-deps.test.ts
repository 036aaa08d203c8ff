import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { missingTools, plan, type Machine } from './test-deps.js';

const root = path.resolve(import.meta.dirname, '..');
const debianRoot: Machine = { platform: 'linux', isRoot: true, hasAptGet: true, hasSudo: false };

/** Runs the script as `npm test` does, in a given environment; its exit code and what it said. */
async function run(args: string[], env: Record<string, string>) {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  try {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [tsx, path.join(root, 'scripts/test-deps.ts'), ...args],
      { env, cwd: root },
    );
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('the machine check at the start of npm test (scripts/test-deps.ts)', () => {
  it('does nothing when Chromium and shellcheck are there', () => {
    expect(plan([], debianRoot)).toEqual({ action: 'none' });
    expect(
      plan([], { platform: 'darwin', isRoot: false, hasAptGet: false, hasSudo: false }),
    ).toEqual({ action: 'none' });
  });

  it('installs only what is missing with apt-get: as root directly, otherwise through a password-less sudo', () => {
    expect(plan(['chromium', 'shellcheck'], debianRoot)).toEqual({
      action: 'install',
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium', 'shellcheck'],
      ],
    });
    expect(plan(['shellcheck'], { ...debianRoot, isRoot: false, hasSudo: true })).toEqual({
      action: 'install',
      commands: [
        ['sudo', '-n', 'apt-get', 'update', '-qq'],
        ['sudo', '-n', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'shellcheck'],
      ],
    });
  });

  it('fails with what to install where it cannot: no apt-get, not Linux, or neither root nor sudo', () => {
    const noApt = plan(['chromium'], { ...debianRoot, hasAptGet: false });
    expect(noApt).toEqual({
      action: 'fail',
      message: expect.stringContaining('apt-get is not available'),
    });
    expect(noApt.action === 'fail' && noApt.message).toContain('CHROMIUM_PATH');
    expect(plan(['shellcheck'], { ...debianRoot, platform: 'darwin' })).toMatchObject({
      action: 'fail',
      message: expect.stringContaining('install shellcheck yourself'),
    });
    const notRoot = plan(['chromium', 'shellcheck'], { ...debianRoot, isRoot: false });
    expect(notRoot).toMatchObject({
      action: 'fail',
      message: expect.stringContaining('`sudo apt-get install -y chromium shellcheck`'),
    });
  });

  it('finds Chromium where the browser tests look (CHROMIUM_PATH, else /usr/bin/chromium), and shellcheck, promtool and prometheus on PATH', () => {
    expect(missingTools({ PATH: '/nonexistent', CHROMIUM_PATH: '/nonexistent/chromium' })).toEqual([
      'chromium',
      'shellcheck',
      'prometheus',
    ]);
    expect(missingTools({ PATH: '', CHROMIUM_PATH: process.execPath })).toEqual([
      'shellcheck',
      'prometheus',
    ]);
  });

  it('run on a machine without them and without apt-get, exits 1 at once saying what to install', async () => {
    const { code, stderr } = await run([], {
      PATH: '/nonexistent',
      CHROMIUM_PATH: '/nonexistent/chromium',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'npm test needs chromium and shellcheck and prometheus, missing here, and apt-get is not available',
    );
  });

  // As root on Debian (this project's test machines); elsewhere the plan differs, and the unit tests above cover it.
  it.skipIf(process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get'))(
    'with --check, says what it would install and installs nothing',
    async () => {
      const { code, stderr } = await run(['--check'], {
        PATH: process.env.PATH ?? '',
        CHROMIUM_PATH: '/nonexistent/chromium',
      });
      expect(code).toBe(1);
      expect(stderr).toContain(
        'would run: apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium',
      );
    },
  );
});
