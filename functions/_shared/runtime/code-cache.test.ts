import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadBundle } from './code-cache.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function bundle(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'code-cache-'));
  dirs.push(dir);
  const file = path.join(dir, 'bundle.cjs');
  await writeFile(file, source);
  return file;
}

const SOURCE = `const os = require('node:os');
exports.add = (a, b) => a + b;
exports.where = () => [__filename, __dirname];
exports.eol = os.EOL;`;

it('runs a CommonJS bundle compiled from source, then from the cache it saved', async () => {
  const file = await bundle(SOURCE);
  const first = loadBundle<{ add(a: number, b: number): number; where(): string[]; eol: string }>(file);
  expect(first.codeCache).toBe('absent');
  expect(first.exports.add(2, 3)).toBe(5);
  expect(first.exports.where()).toEqual([file, path.dirname(file)]);
  expect(first.exports.eol).toBe('\n');
  first.saveCodeCache();

  const second = loadBundle<{ add(a: number, b: number): number }>(file);
  expect(second.codeCache).toBe('used');
  expect(second.exports.add(20, 22)).toBe(42);
});

it('compiles from source when V8 refuses the cache (another Node, another bundle), and still runs it', async () => {
  const file = await bundle(SOURCE);
  await writeFile(`${file}.cache`, Buffer.from('not a code cache at all'));
  const loaded = loadBundle<{ add(a: number, b: number): number }>(file);
  expect(loaded.codeCache).toBe('rejected');
  expect(loaded.exports.add(1, 1)).toBe(2);
});
