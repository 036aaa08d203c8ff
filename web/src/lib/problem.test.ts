import { expect, it } from 'vitest';
import { ApiError, describeError, parseRetryAfter, retryWording } from './problem.js';

it('says when to try again, from Retry-After', () => {
  expect(retryWording(880)).toBe('Try again in 15 minutes.');
  expect(retryWording(40)).toBe('Try again in 40 seconds.');
  expect(retryWording(1)).toBe('Try again in 1 second.');
  expect(retryWording(61)).toBe('Try again in 2 minutes.');
  expect(retryWording(7200)).toBe('Try again in 2 hours.');
  expect(parseRetryAfter('880')).toBe(880);
  expect(parseRetryAfter('Tue, 01 Dec 2026 08:00:40 GMT', Date.parse('2026-12-01T08:00:00Z'))).toBe(
    40,
  );
  expect(parseRetryAfter(null)).toBeUndefined();
  const throttled = new ApiError(
    {
      title: 'Too Many Requests',
      status: 429,
      detail: 'Too many failed sign-ins; try again later',
    },
    880,
  );
  expect(describeError(throttled)).toBe('Too many failed sign-ins. Try again in 15 minutes.');
  expect(describeError(new ApiError({ title: 'Too Many Requests', status: 429 }))).toBe(
    'Too Many Requests. Try again later.',
  );
});
