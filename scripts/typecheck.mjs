// npm run typecheck: the three TypeScript projects (functions and tools, the web UI, its browser tests)
// checked at once rather than one after another: each is mostly one core's work, and CI has two.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['.', 'web', 'web/e2e'];

const check = (project) =>
  new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [tsc, '-p', project], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ project, code, output }));
  });

const results = await Promise.all(projects.map(check));
for (const { project, code, output } of results) {
  if (code !== 0) process.stderr.write(`tsc -p ${project} failed (exit ${code}):\n${output}`);
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
