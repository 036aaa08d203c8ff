import { spawn } from 'node:child_process';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end, its standard input empty, as a CI runner starts a step. Not through
 * execFile: that gives the child a socket for standard input, and bash reading a socket believes rshd
 * started it and reads ~/.bashrc (on this machine pyenv's set-up, ~0.9 s for every shell a script
 * starts: a dry run of the cluster scripts took 12 s, and over 30 s on a busy CI machine).
 */
export function run(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }),
    );
  });
}

/** `run`, failing unless the program exits 0 (the error says how it ended and what it printed). */
export async function runOk(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Ran> {
  const ran = await run(file, args, options);
  if (ran.code !== 0)
    throw new Error(
      `${file} ${args.join(' ')} exited with ${ran.code}:\n${ran.stdout}${ran.stderr}`,
    );
  return ran;
}
