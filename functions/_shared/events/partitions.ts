/** The key that orders events: a topic's partition (the task). */
export const partitionOf = (topic: string, partitionKey: string) => `${topic}\u0000${partitionKey}`;

/**
 * Runs `each` over the items partition by partition: in order within one, `atOnce` partitions side by
 * side. A failure stops its partition (what follows it there is not run, so nothing overtakes it), and
 * after `giveUpAfter` failures nothing more starts: whoever fails that often is most likely down, and the
 * rest is left for later rather than waiting out every partition's retries. Answers what was done and
 * the failures.
 */
export async function inPartitionOrder<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { atOnce: number; giveUpAfter: number },
  each: (item: T) => Promise<void>,
): Promise<{ done: T[]; failures: unknown[] }> {
  const partitions = new Map<string, T[]>();
  for (const item of items)
    partitions.set(keyOf(item), [...(partitions.get(keyOf(item)) ?? []), item]);
  const queue = [...partitions.values()];
  const done: T[] = [];
  const failures: unknown[] = [];
  const worker = async () => {
    for (
      let run = queue.shift();
      run && failures.length < options.giveUpAfter;
      run = queue.shift()
    ) {
      for (const item of run) {
        try {
          await each(item);
          done.push(item);
        } catch (err) {
          failures.push(err);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.atOnce, queue.length) }, worker));
  return { done, failures };
}
