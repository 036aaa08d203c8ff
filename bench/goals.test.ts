import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as goals from './goals.js';

describe('bench goals', () => {
  const before = process.env.BENCH_GOALS;
  beforeAll(
    () =>
      void (process.env.BENCH_GOALS = path.join(
        mkdtempSync(path.join(tmpdir(), 'goals-')),
        'goals.jsonl',
      )),
  );
  afterAll(
    () =>
      void (before === undefined
        ? delete process.env.BENCH_GOALS
        : (process.env.BENCH_GOALS = before)),
  );

  it('says each goal met or missed as it is recorded, and lists them all in one table', () => {
    goals.forgetGoals();
    expect(
      goals.goal({
        bench: 'events',
        measure: 'answer to audit p95',
        figure: 63.24,
        unit: 'ms',
        op: '<',
        target: 30,
        floor: 27.41,
      }),
    ).toBe('answer to audit p95: 63.2 ms (target < 30 ms; a bare program: 27.4 ms) MISSED');
    expect(
      goals.goal({
        bench: 'run',
        measure: 'cold start ÷ bare Hono',
        figure: 1.2,
        unit: '',
        op: '<=',
        target: 1.2,
      }),
    ).toBe('cold start ÷ bare Hono: 1.20 (target <= 1.2) MET');
    expect(
      goals.goal({
        bench: 'queries',
        measure: 'list ÷ bare SELECT',
        figure: 0.79,
        unit: '',
        op: '>=',
        target: 0.8,
      }),
    ).toMatch(/MISSED$/);
    expect(goals.goalsTable(goals.recordedGoals())).toBe(
      [
        '| bench | goal | figure | target | | a bare program on this machine |',
        '|---|---|---|---|---|---|',
        '| events | answer to audit p95 | 63.2 ms | < 30 ms | **missed** | 27.4 ms |',
        '| run | cold start ÷ bare Hono | 1.20 | <= 1.2 | met |  |',
        '| queries | list ÷ bare SELECT | 0.79 | >= 0.8 | **missed** |  |',
        '',
        '1 of 3 goals met.',
      ].join('\n'),
    );
    goals.forgetGoals();
    expect(goals.recordedGoals()).toEqual([]);
  });

  it('neither records nor judges a figure measured otherwise than its goal says', () => {
    goals.forgetGoals();
    const line = goals.offGoal(
      {
        bench: 'events',
        measure: 'answer to audit p95, 10 clients',
        figure: 8.14,
        unit: 'ms',
        op: '<',
        target: 30,
      },
      '1 client',
    );
    expect(line).toBe(
      "answer to audit p95, 10 clients: 8.1 ms measured with 1 client, not the goal's conditions (target < 30 ms; not recorded)",
    );
    expect(goals.recordedGoals()).toEqual([]);
  });
});
