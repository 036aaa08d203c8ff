// The first step of `npm test`: what the tests need from the machine beyond npm packages, installed
// when missing. Chromium for the browser tests (playwright-core cannot download a browser here),
// shellcheck for the deploy scripts and prometheus (promtool and the server) for the monitoring
// tests, all Debian packages, installed with apt-get (as root, or with a
// sudo that asks no password). Where that cannot be done it fails at once, saying what to install,
// rather than letting the suites fail later with ENOENT. `--check` only reports.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface Machine {
  platform: NodeJS.Platform;
  isRoot: boolean;
  hasAptGet: boolean;
  /** Whether `sudo -n` works (a sudo that asks no password). */
  hasSudo: boolean;
}

export type Plan =
  | { action: 'none' }
  | { action: 'install'; commands: string[][] }
  | { action: 'fail'; message: string };

/** The Debian package behind each tool the tests use. */
export const PACKAGES = {
  chromium: 'chromium',
  shellcheck: 'shellcheck',
  prometheus: 'prometheus',
} as const;
export type Tool = keyof typeof PACKAGES;

/** What to do about the missing tools on this machine. */
export function plan(missing: readonly Tool[], machine: Machine): Plan {
  if (missing.length === 0) return { action: 'none' };
  const packages = missing.map((tool) => PACKAGES[tool]);
  const what = `npm test needs ${packages.join(' and ')}, missing here`;
  const hint = missing.includes('chromium') ? ' (or point CHROMIUM_PATH at a Chromium binary)' : '';
  if (machine.platform !== 'linux' || !machine.hasAptGet) {
    return {
      action: 'fail',
      message: `${what}, and apt-get is not available to install ${packages.length > 1 ? 'them' : 'it'}: install ${packages.join(' and ')} yourself${hint}, then run npm test again.`,
    };
  }
  if (!machine.isRoot && !machine.hasSudo) {
    return {
      action: 'fail',
      message: `${what}; installing needs root: run \`sudo apt-get install -y ${packages.join(' ')}\`${hint}, then npm test again.`,
    };
  }
  const asRoot = machine.isRoot ? [] : ['sudo', '-n'];
  return {
    action: 'install',
    commands: [
      [...asRoot, 'apt-get', 'update', '-qq'],
      [...asRoot, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages],
    ],
  };
}

/** Whether `name` is an executable on `PATH`. */
function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && isExecutable(path.join(dir, name)));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The tools missing on this machine: Chromium where the browser tests look for it, shellcheck, promtool and prometheus on PATH. */
export function missingTools(env: NodeJS.ProcessEnv = process.env): Tool[] {
  const missing: Tool[] = [];
  if (!isExecutable(env.CHROMIUM_PATH || '/usr/bin/chromium')) missing.push('chromium');
  if (!onPath('shellcheck', env)) missing.push('shellcheck');
  // The monitoring tests run promtool and a real Prometheus, both in Debian's prometheus package.
  if (!onPath('promtool', env) || !onPath('prometheus', env)) missing.push('prometheus');
  return missing;
}

function thisMachine(env: NodeJS.ProcessEnv): Machine {
  return {
    platform: process.platform,
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath('apt-get', env),
    hasSudo:
      onPath('sudo', env) &&
      spawnSync('sudo', ['-n', 'true'], { env, stdio: 'ignore' }).status === 0,
  };
}

/** Runs the step; the exit code of the process. */
export function main(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const missing = missingTools(env);
  if (missing.length === 0) return 0;
  const decided = plan(missing, thisMachine(env));
  if (decided.action === 'none') return 0;
  if (decided.action === 'fail') {
    console.error(`test-deps: ${decided.message}`);
    return 1;
  }
  if (args.includes('--check')) {
    console.error(
      `test-deps: missing ${missing.join(', ')}; would run: ${decided.commands.map((c) => c.join(' ')).join(' && ')}`,
    );
    return 1;
  }
  console.error(
    `test-deps: installing ${missing.map((t) => PACKAGES[t]).join(', ')} (Debian packages the tests need)`,
  );
  for (const [command, ...rest] of decided.commands) {
    const run = spawnSync(command!, rest, {
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (run.status !== 0) {
      console.error(
        `test-deps: \`${[command, ...rest].join(' ')}\` failed (${run.error?.message ?? `exit ${run.status}`}): is the Debian archive reachable? Install ${missing.join(' and ')} by hand, then run npm test again.`,
      );
      return 1;
    }
  }
  const still = missingTools(env);
  if (still.length > 0) {
    console.error(
      `test-deps: apt-get finished, but ${still.join(' and ')} is still missing${still.includes('chromium') ? ' (is it at /usr/bin/chromium? set CHROMIUM_PATH)' : ''}.`,
    );
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
