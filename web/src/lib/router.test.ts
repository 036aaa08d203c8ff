import { expect, it } from 'vitest';
import { hrefOf, parseHash } from './router.js';

it('reads a view and its parameters from the hash, and writes them back the same', () => {
  expect(parseHash('')).toMatchObject({ path: '/' });
  expect(parseHash('#/')).toMatchObject({ path: '/' });
  const route = parseHash('#/audit?event_type=completed&from=2026-03-01');
  expect(route.path).toBe('/audit');
  expect(Object.fromEntries(route.params)).toEqual({ event_type: 'completed', from: '2026-03-01' });
  expect(hrefOf(route.path, route.params)).toBe('#/audit?event_type=completed&from=2026-03-01');
  expect(hrefOf('/', { q: 'a&b c' })).toBe('#/?q=a%26b+c');
  expect(parseHash(hrefOf('/', { q: 'a&b c' })).params.get('q')).toBe('a&b c');
});
