import { expect, it } from 'vitest';
import type { Problem } from '../errors.js';
import { allows, authorize, ROLES, type Action } from './rule.js';

const ACTIONS: Action[] = ['read', 'write', 'manage'];
const statusOf = (fn: () => void) => {
  try {
    fn();
    return 200;
  } catch (err) {
    return (err as Problem).status;
  }
};

it('lets each role do exactly its own actions and every lesser one', () => {
  const table = Object.fromEntries(
    ROLES.map((role) => [role, ACTIONS.filter((a) => allows(role, a))]),
  );
  expect(table).toEqual({
    viewer: ['read'],
    editor: ['read', 'write'],
    admin: ['read', 'write', 'manage'],
  });
  expect(ACTIONS.filter((a) => allows(null, a))).toEqual([]);
});

it('answers a non-member 404 as if nothing were there, and a member whose role is too low 403', () => {
  expect(ACTIONS.map((a) => statusOf(() => authorize(null, a, 'Task')))).toEqual([404, 404, 404]);
  expect(ACTIONS.map((a) => statusOf(() => authorize('viewer', a, 'Project')))).toEqual([
    200, 403, 403,
  ]);
  expect(ACTIONS.map((a) => statusOf(() => authorize('editor', a, 'Task')))).toEqual([
    200, 200, 403,
  ]);
  expect(ACTIONS.map((a) => statusOf(() => authorize('admin', a, 'Task')))).toEqual([
    200, 200, 200,
  ]);
  expect(() => authorize(undefined, 'read', 'Project')).toThrow('Project not found');
});
