import { expect, it } from 'vitest';
import type { TaskView } from '../../lib/types.js';
import { positionAt, reordered } from './order.js';

const list = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, position: (i + 1) * 10 }) as TaskView);
const ids = (l: TaskView[]) => l.map((t) => t.id).join('');
const move = (id: string, to: number) => {
  const task = list.find((t) => t.id === id)!;
  return ids(reordered(list, task, positionAt(list, task, to)));
};

it('moves a task up, down, to either end, and leaves it be when it has no neighbours', () => {
  expect(move('d', 1)).toBe('adbc');
  expect(move('a', 2)).toBe('bcad');
  expect(move('c', 0)).toBe('cabd');
  expect(move('b', 3)).toBe('acdb');
  expect(positionAt([list[0]!], list[0]!, 0)).toBe(10);
});
