import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process, where /proc tells it (Linux); undefined elsewhere. */
async function commandLine(pid: number): Promise<string | undefined> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (raw) => raw.split('\u0000').join(' '),
    () => undefined,
  );
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * Makes this process the owner of the data dir. Another live Ripple on it is refused with a clear
 * message. A PostgreSQL still running on this cluster from an earlier run that died without stopping
 * it (kill -9, power loss) is stopped with a fast shutdown, which is crash-safe, so that the new start
 * does not fail on its lock. A pid is signalled only if /proc shows it is postgres on this very dir.
 */
export async function claimDataDir(
  root: string,
  databaseDir: string,
  warn: (message: string) => void,
): Promise<void> {
  const ownerFile = path.join(root, 'ripple.pid');
  const owner = await readPid(ownerFile);
  if (
    owner !== undefined &&
    owner !== process.pid &&
    isAlive(owner) &&
    (await commandLine(owner))?.includes('node')
  ) {
    throw new Error(
      `another Ripple process (pid ${owner}) is using ${root}: stop it, or set RIPPLE_DATA_DIR to another directory`,
    );
  }
  const postmaster = path.join(databaseDir, 'postmaster.pid');
  const stale = existsSync(postmaster) ? await readPid(postmaster) : undefined;
  if (stale !== undefined && isAlive(stale)) {
    const cmd = await commandLine(stale);
    if (cmd?.includes('postgres') && cmd.includes(databaseDir)) {
      warn(`stopping PostgreSQL (pid ${stale}) left running on ${databaseDir} by an earlier run`);
      process.kill(stale, 'SIGINT');
      if (!(await waitForExit(stale, 30_000)))
        throw new Error(
          `PostgreSQL (pid ${stale}) on ${databaseDir} did not stop; stop it by hand`,
        );
    }
  }
  await writeFile(ownerFile, `${process.pid}\n`);
}
