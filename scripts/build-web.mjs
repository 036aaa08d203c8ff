// Builds the web UI (web/ → web/dist) with Vite, writes a gzip copy of each text file beside it (the
// embedded server sends those), and fails when the initial load is over its budget.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/** HTML + JS + CSS that a first visit downloads, gzipped. */
export const INITIAL_LOAD_BUDGET_BYTES = 40 * 1024;

const root = path.resolve(import.meta.dirname, '../web');
const dist = path.join(root, 'dist');

/** The files index.html loads at once: itself and every ./assets/ file and script it names (theme.js). */
export async function initialLoad(distDir = dist) {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+|[^"/]+\.js)"/g)].map(
    (m) => m[1],
  );
  const files = ['index.html', ...new Set(named)];
  const sizes = await Promise.all(
    files.map(async (file) => ({
      file,
      bytes: gzipSync(await readFile(path.join(distDir, file)), { level: 9 }).length,
    })),
  );
  return { files: sizes, total: sizes.reduce((sum, f) => sum + f.bytes, 0) };
}

export async function buildWeb() {
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  for (const dir of [dist, path.join(dist, 'assets')]) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isFile() && /\.(html|js|css|json|svg)$/.test(entry.name)) {
        const file = path.join(dir, entry.name);
        await writeFile(`${file}.gz`, gzipSync(await readFile(file), { level: 9 }));
      }
    }
  }
  await checkBudget(dist);
}

/** Prints the initial load of a built UI and throws when it is over the budget. */
export async function checkBudget(distDir) {
  const load = await initialLoad(distDir);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `web: initial load ${kb(load.total)} gzip (budget ${kb(INITIAL_LOAD_BUDGET_BYTES)}): ${load.files.map((f) => `${f.file} ${kb(f.bytes)}`).join(', ')}`,
  );
  if (load.total > INITIAL_LOAD_BUDGET_BYTES)
    throw new Error(
      `web: the initial load is ${kb(load.total)} gzip, over its budget of ${kb(INITIAL_LOAD_BUDGET_BYTES)}`,
    );
}

// node scripts/build-web.mjs              builds web/dist and checks it
// node scripts/build-web.mjs --check DIR  checks a built UI only
if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--check');
  await (at === -1 ? buildWeb() : checkBudget(path.resolve(process.argv[at + 1] ?? dist)));
}
