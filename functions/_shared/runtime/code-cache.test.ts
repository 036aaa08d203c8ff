import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { BUNDLE_HEAD, BUNDLE_TAIL } from './code-cache.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const SOURCE = `const os = require('node:os');
exports.add = (a, b) => a + b;
exports.where = () => [__filename, __dirname];
exports.eol = os.EOL;`;

/** A CommonJS module written as scripts/build.mjs writes dist/alone.cjs: inside its loader's function. */
const wrapped = (source: string) => `${BUNDLE_HEAD}\n${source}\n${BUNDLE_TAIL}\n`;

async function bundle(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'code-cache-'));
  dirs.push(dir);
  const file = path.join(dir, 'bundle.cjs');
  await writeFile(file, wrapped(source));
  return file;
}

/**
 * Loads the bundle in a process of its own, as a start does (in one process V8 keeps what it compiled and
 * would not read a cache again), and answers what it said: the cache's state, and add(5, 3).
 */
async function start(
  file: string,
  save = false,
  flags: string[] = [],
): Promise<{ codeCache: string; sum: number; where: string[]; eol: string; stack?: string }> {
  const probe = `import { loadBundle } from ${JSON.stringify(path.join(import.meta.dirname, 'code-cache.ts'))};
const b = loadBundle(${JSON.stringify(file)});
const said = { codeCache: b.codeCache, sum: b.exports.add(5, 3), where: b.exports.where(), eol: b.exports.eol, stack: b.exports.fail?.() };
// Saved after add() ran: its compiled code is in the cache.
if (${save}) b.saveCodeCache();
console.log(JSON.stringify(said));`;
  const probeFile = path.join(path.dirname(file), 'probe.mts');
  await writeFile(probeFile, probe);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...flags, '--import', 'tsx', probeFile],
    { cwd: import.meta.dirname },
  );
  return JSON.parse(stdout);
}

it('runs a CommonJS bundle compiled from source, then from the cache it saved', async () => {
  const file = await bundle(SOURCE);
  expect(await start(file, true)).toEqual({
    codeCache: 'absent',
    sum: 8,
    where: [file, path.dirname(file)],
    eol: '\n',
  });
  expect(await start(file)).toMatchObject({ codeCache: 'used', sum: 8 });
});

it('never runs a cache made for other source, even of the same length (all that V8 checks)', async () => {
  const file = await bundle(SOURCE);
  await start(file, true);
  const changed = SOURCE.replace('a + b', 'a - b');
  expect(changed.length).toBe(SOURCE.length);
  await writeFile(file, wrapped(changed));
  expect(await start(file)).toMatchObject({ codeCache: 'rejected', sum: 2 });
});

it('compiles from source when V8 refuses the cache (made by another Node), and still runs it', async () => {
  const file = await bundle(SOURCE);
  await start(file, true);
  // The right source's digest, then what V8 cannot read.
  const cache = await readFile(`${file}.cache`);
  await writeFile(
    `${file}.cache`,
    Buffer.concat([cache.subarray(0, 32), Buffer.from('not a code cache at all')]),
  );
  expect(await start(file)).toMatchObject({ codeCache: 'rejected', sum: 8 });
});

it("maps a stack through the bundle's source map when source maps are on, from source and from the cache", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'code-cache-'));
  dirs.push(dir);
  await writeFile(
    path.join(dir, 'entry.ts'),
    `export const add = (a: number, b: number): number => a + b;
export const where = () => [__filename, __dirname];
export const eol = '\\n';
export function fail(): string {
  return new Error('here').stack!.split('\\n')[1]!;
}
`,
  );
  const file = path.join(dir, 'bundle.cjs');
  await build({
    entryPoints: [path.join(dir, 'entry.ts')],
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'silent',
    banner: { js: BUNDLE_HEAD },
    footer: { js: BUNDLE_TAIL },
  });
  // The probe runs under tsx, which turns Node's source maps on as --enable-source-maps does.
  const mapped = /entry\.ts:5:10\)$/;
  expect(await start(file, true, ['--enable-source-maps'])).toMatchObject({
    codeCache: 'absent',
    stack: expect.stringMatching(mapped),
  });
  expect(await start(file, false, ['--enable-source-maps'])).toMatchObject({
    codeCache: 'used',
    stack: expect.stringMatching(mapped),
    sum: 8,
  });
});

it('refuses a plain CommonJS file, saying how a bundle to load is written', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'code-cache-'));
  dirs.push(dir);
  const file = path.join(dir, 'plain.cjs');
  await writeFile(file, SOURCE);
  await expect(start(file)).rejects.toThrow(/is not written as a bundle to load/);
});
