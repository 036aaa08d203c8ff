import { expect, it } from 'vitest';
import type { TaskView } from '../../lib/types.js';
import { changedOf } from './changes.js';

const before: TaskView = {
  id: '01900000-0000-7000-8000-000000000001',
  title: 'Watched',
  description: null,
  status: 'pending',
  priority: 'low',
  tags: [{ id: '01900000-0000-7000-8000-000000000002', name: 'home', color: '#0284c7' }],
  due_at: null,
  remind_at: null,
  recurrence: null,
  series_id: null,
  completed_at: null,
  created_at: '2026-12-01T08:00:00.000Z',
  updated_at: '2026-12-01T08:00:00.000Z',
  version: 1,
  project_id: '01900000-0000-7000-8000-0000000000a1',
  parent_id: null,
  assignee_id: null,
  created_by: '01900000-0000-7000-8000-0000000000b1',
  subtasks: { done: 0, total: 0 },
  position: 1,
};

it('names the fields an update changed, and only those', () => {
  const after = {
    ...before,
    title: 'Watched closely',
    priority: 'high' as const,
    version: 2,
    updated_at: '2026-12-01T09:00:00.000Z',
  };
  expect(changedOf(before, after)).toEqual(['title', 'priority']);
  expect(changedOf(before, { ...before, due_at: '2026-12-03T09:00:00.000Z', tags: [] })).toEqual([
    'tags',
    'due date',
  ]);
  expect(changedOf(before, { ...before, version: 2 })).toEqual([]);
});
