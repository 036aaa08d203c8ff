import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { catalogue } from '../catalogue.js';
import { registry } from '../registry.js';
import type { Deps } from './deps.js';
import type { AppEnv } from './http/env.js';
import { lazily, loadFunctions, routesOfFunction } from './function.js';

const app = () => new Hono<AppEnv>().get('/api/hello', (c) => c.text('hi'));

it('imports a lazy function’s code once, on load, and builds it only after', async () => {
  let imports = 0;
  const fn = { name: 'hello', kind: 'http' as const, ...lazily(async () => (imports++, app)) };
  expect(() => fn.build({} as Deps)).toThrow(/before its code was loaded/);
  expect(imports).toBe(0);
  await Promise.all([fn.load(), fn.load()]);
  await loadFunctions([fn]);
  expect(imports).toBe(1);
  expect(routesOfFunction(fn)).toEqual([{ method: 'GET', path: '/api/hello' }]);
});

it('composes the apps of a function made of several parts', async () => {
  const other = () => new Hono<AppEnv>().post('/api/hello', (c) => c.text('posted'));
  const fn = {
    name: 'both',
    kind: 'http' as const,
    ...lazily(
      async () => app,
      async () => other,
    ),
  };
  await fn.load();
  expect(routesOfFunction(fn)).toEqual([
    { method: 'GET', path: '/api/hello' },
    { method: 'POST', path: '/api/hello' },
  ]);
});

it('loads again after a failed import, rather than keep the failure', async () => {
  let attempt = 0;
  const fn = {
    name: 'flaky',
    kind: 'http' as const,
    ...lazily(async () => (++attempt === 1 ? Promise.reject(new Error('EIO')) : app)),
  };
  await expect(fn.load()).rejects.toThrow('EIO');
  await fn.load();
  expect(routesOfFunction(fn)).toHaveLength(1);
});

it('names every function once, and the registry is the catalogue with its code loaded', () => {
  expect(new Set(catalogue.map((fn) => fn.name)).size).toBe(catalogue.length);
  expect(registry).toBe(catalogue);
  for (const fn of registry)
    expect(routesOfFunction(fn).length + (fn.kind === 'http' ? 0 : 1), fn.name).toBeGreaterThan(0);
});
