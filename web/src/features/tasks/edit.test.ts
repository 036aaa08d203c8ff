import { expect, it } from 'vitest';
import { ApiError } from '../../lib/problem.js';
import type { TaskView } from '../../lib/types.js';
import { differences, errorAt, mineOnTop, patchOf, stateOf } from './edit.js';

const task: TaskView = {
  id: '01900000-0000-7000-8000-000000000001',
  title: 'Water the plants',
  description: null,
  status: 'pending',
  priority: 'medium',
  tags: [
    { id: '01900000-0000-7000-8000-000000000002', name: 'home', color: '#0284c7' },
    { id: '01900000-0000-7000-8000-000000000003', name: 'garden', color: '#16a34a' },
  ],
  // Seconds and milliseconds: the form shows minutes only.
  due_at: '2026-12-08T17:00:42.123Z',
  remind_at: '2026-12-08T16:30:17.000Z',
  recurrence: {
    frequency: 'weekly',
    interval: 1,
    from: 'due',
    weekdays: ['mo', 'th'],
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TH',
  },
  series_id: null,
  completed_at: null,
  created_at: '2026-12-01T08:00:00.000Z',
  updated_at: '2026-12-01T08:00:00.000Z',
  version: 3,
  project_id: '01900000-0000-7000-8000-0000000000a1',
  parent_id: null,
  assignee_id: null,
  created_by: '01900000-0000-7000-8000-0000000000b1',
  subtasks: { done: 0, total: 0 },
  position: 1,
};

it('sends only the fields the user changed: a rename leaves due_at and remind_at alone', () => {
  const loaded = stateOf(task);
  expect(patchOf(loaded, { ...loaded, title: 'Water all the plants' })).toEqual({
    title: 'Water all the plants',
  });
  expect(patchOf(loaded, loaded)).toEqual({});
  // Tags in another order, or weekdays ticked in another order, are no change.
  expect(patchOf(loaded, { ...loaded, tags: ['garden', 'home'], weekdays: ['th', 'mo'] })).toEqual(
    {},
  );
  const moved = patchOf(loaded, { ...loaded, remind: '2026-12-08T09:00', interval: '2' });
  expect(Object.keys(moved).sort()).toEqual(['recurrence', 'remind_at']);
  expect(moved.recurrence).toEqual({
    frequency: 'weekly',
    interval: 2,
    from: 'due',
    weekdays: ['mo', 'th'],
  });
  expect(patchOf(loaded, { ...loaded, description: '   ', remind: '' })).toEqual({
    remind_at: null,
  });
});

it('shows a conflict field by field, theirs beside mine, and puts my changes on top of theirs', () => {
  const loaded = stateOf(task);
  const newer = stateOf({
    ...task,
    title: 'Water the balcony plants',
    priority: 'high',
    version: 4,
  });
  const mine = { ...loaded, title: 'Water the plants today', description: 'Use the rain water' };
  expect(differences(loaded, newer, mine)).toEqual([
    {
      field: 'title',
      label: 'Title',
      theirs: 'Water the balcony plants',
      mine: 'Water the plants today',
      both: true,
    },
    {
      field: 'description',
      label: 'Description',
      theirs: 'none',
      mine: 'Use the rain water',
      both: false,
    },
    { field: 'priority', label: 'Priority', theirs: 'high', mine: 'high', both: false },
  ]);
  const merged = mineOnTop(loaded, newer, mine);
  expect(merged).toMatchObject({
    title: 'Water the plants today',
    description: 'Use the rain water',
    priority: 'high',
  });
  // Saving it then sends my two fields against the newer version.
  expect(patchOf(newer, merged)).toEqual({
    title: 'Water the plants today',
    description: 'Use the rain water',
  });
});

it('puts each message beside its own field: interval under Every, a weekday under the days, not under Frequency', () => {
  const problem = (path: string) =>
    new ApiError({
      title: 'Bad Request',
      status: 400,
      errors: [{ path, message: `about ${path}` }],
    });
  expect(errorAt(problem('recurrence.interval'), 'recurrence')).toBeUndefined();
  expect(errorAt(problem('recurrence.interval'), 'recurrence.interval')).toBe(
    'about recurrence.interval',
  );
  expect(errorAt(problem('recurrence.weekdays.0'), 'recurrence.weekdays')).toBe(
    'about recurrence.weekdays.0',
  );
  expect(errorAt(problem('recurrence.weekdays.0'), 'recurrence')).toBeUndefined();
  expect(errorAt(problem('recurrence.frequency'), 'recurrence')).toBe('about recurrence.frequency');
  expect(errorAt(problem('tags.3'), 'tags')).toBe('about tags.3');
  expect(errorAt(new Error('x'), 'title')).toBeUndefined();
});
