import { expect, it } from 'vitest';
import { successorNotice } from './notices.js';

it('says so when a reopen keeps a next occurrence the user changed, and nothing otherwise', () => {
  const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(
    new Date('2026-12-08T09:00:00Z'),
  );
  expect(successorNotice({ id: 'x', outcome: 'kept' }, '2026-12-08T09:00:00Z')).toBe(
    `The next occurrence (${day}) stays: it was changed`,
  );
  expect(successorNotice({ id: 'x', outcome: 'kept' }, null)).toBe(
    'The next occurrence stays: it was changed',
  );
  expect(successorNotice({ id: 'x', outcome: 'withdrawn' }, '2026-12-08T09:00:00Z')).toBeNull();
  // A server without the field (undefined), or a task that had no next occurrence (null).
  expect(successorNotice(undefined, undefined)).toBeNull();
  expect(successorNotice(null, undefined)).toBeNull();
});
