import { expect, it } from 'vitest';
import { inPartitionOrder } from './partitions.js';

const item = (key: string, n: number) => ({ key, n });

it('runs each partition in order, several side by side, and stops a partition at its first failure', async () => {
  const items = [
    item('a', 1),
    item('b', 1),
    item('a', 2),
    item('c', 1),
    item('b', 2),
    item('a', 3),
  ];
  const ran: string[] = [];
  const { done, failures } = await inPartitionOrder(
    items,
    (i) => i.key,
    { atOnce: 2, giveUpAfter: 5 },
    async (i) => {
      ran.push(`${i.key}${i.n}`);
      await new Promise((r) => setTimeout(r, i.key === 'a' ? 5 : 1));
      if (i.key === 'b' && i.n === 1) throw new Error('b1 failed');
    },
  );
  expect(failures).toHaveLength(1);
  expect(done.map((i) => `${i.key}${i.n}`).toSorted()).toEqual(['a1', 'a2', 'a3', 'c1']);
  // b2 never ran: it would have overtaken b1; a's run in its order.
  expect(ran).not.toContain('b2');
  expect(ran.filter((r) => r.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
});

it('starts nothing more once it has failed as often as it may', async () => {
  const items = ['a', 'b', 'c', 'd'].map((k) => item(k, 1));
  const ran: string[] = [];
  const { done, failures } = await inPartitionOrder(
    items,
    (i) => i.key,
    { atOnce: 1, giveUpAfter: 1 },
    async (i) => {
      ran.push(i.key);
      throw new Error('down');
    },
  );
  expect([ran, done, failures.length]).toEqual([['a'], [], 1]);
});
