import { expect, it } from 'vitest';
import { createLiveness } from './liveness.js';

function clocked(excused = () => false) {
  let at = 0;
  const liveness = createLiveness({ stuckAfterMs: 60_000, stallMs: 5_000, excused, now: () => at });
  return { liveness, advance: (ms: number) => (at += ms) };
}

it('is alive while work finishes in time, and names work that runs past the limit', async () => {
  const { liveness, advance } = clocked();
  let finish!: () => void;
  const work = liveness.track('relay flush', new Promise<void>((r) => (finish = r)));
  advance(59_000);
  expect(liveness.problem()).toBeNull();
  advance(2_000);
  expect(liveness.problem()).toBe('relay flush has been running for 61 s');
  finish();
  await work;
  expect(liveness.problem()).toBeNull();
  liveness.close();
});

it('names a loop that stopped completing runs, allowing three of its intervals at least', () => {
  const { liveness, advance } = clocked();
  liveness.expect('outbox-relay', 2_000);
  liveness.expect('reminder-scheduler', 30_000);
  advance(50_000);
  liveness.completed('outbox-relay');
  advance(40_000);
  expect(liveness.problem()).toBeNull();
  advance(1_000);
  expect(liveness.problem()).toBe('reminder-scheduler has not completed a run for 91 s');
  liveness.completed('reminder-scheduler');
  advance(30_000);
  expect(liveness.problem()).toBe('outbox-relay has not completed a run for 71 s');
  liveness.close();
});

it('counts nothing as stuck while the database is down, and restarts the loops’ clocks when it is back', () => {
  let down = true;
  const { liveness, advance } = clocked(() => down);
  liveness.expect('outbox-relay', 2_000);
  void liveness.track('relay flush', new Promise(() => {}));
  advance(600_000);
  expect(liveness.problem()).toBeNull();
  down = false;
  // The flush still hangs after the database's return: that one is stuck.
  expect(liveness.problem()).toBe('relay flush has been running for 600 s');
  liveness.close();
});

it('reports an event loop that stalled since the last probe', async () => {
  const liveness = createLiveness({ stuckAfterMs: 60_000, stallMs: 200 });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(100);
  expect(liveness.problem()).toBeNull();
  const until = performance.now() + 400;
  while (performance.now() < until);
  await sleep(100);
  expect(liveness.problem()).toMatch(/^the event loop stalled for \d+ ms$/);
  await sleep(100);
  expect(liveness.problem()).toBeNull();
  liveness.close();
});
