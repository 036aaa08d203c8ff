// Every bench's goals, collected for the one table that `npm run bench` ends with (bench/summary.ts).
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where this run's goals gather, one JSON line each (BENCH_GOALS to choose another file). */
const file = () => process.env.BENCH_GOALS ?? path.join(tmpdir(), 'ripple-bench-goals.jsonl');

export interface Goal {
  bench: string;
  measure: string;
  figure: number;
  unit: string;
  /** How the figure must compare with the target to meet it. */
  op: '<' | '<=' | '>=';
  target: number;
  /**
   * The same measure for a bare program on this machine, where the bench runs one (bare Hono and
   * postgres.js, none of Ripple's code, doing less than Ripple: the search's page without a search;
   * an event's chain with only the consumer the goal waits for). Not a goal: a bearing.
   */
  floor?: number;
}

export const met = (g: Pick<Goal, 'figure' | 'op' | 'target'>) =>
  g.op === '<' ? g.figure < g.target : g.op === '<=' ? g.figure <= g.target : g.figure >= g.target;

const shown = (g: Pick<Goal, 'figure' | 'unit'>) =>
  g.unit ? `${g.figure.toFixed(1)} ${g.unit}` : g.figure.toFixed(2);
const target = (g: Pick<Goal, 'op' | 'target' | 'unit'>) =>
  `${g.op} ${g.target}${g.unit ? ` ${g.unit}` : ''}`;
const floor = (g: Goal) => (g.floor === undefined ? '' : shown({ ...g, figure: g.floor }));

/** Records a goal's figure for the summary, and answers the line the bench prints for it ("... (target < 30 ms) MISSED"). */
export function goal(g: Goal): string {
  appendFileSync(file(), `${JSON.stringify(g)}\n`);
  const bare = g.floor === undefined ? '' : `; a bare program: ${floor(g)}`;
  return `${g.measure}: ${shown(g)} (target ${target(g)}${bare}) ${met(g) ? 'MET' : 'MISSED'}`;
}

/**
 * A goal's figure measured under other conditions than the goal's (`measured`, such as "3 clients"): the line
 * the bench prints, neither recorded for the summary nor called met or missed.
 */
export function offGoal(g: Goal, measured: string): string {
  const bare = g.floor === undefined ? '' : `; a bare program: ${floor(g)}`;
  return `${g.measure}: ${shown(g)} measured with ${measured}, not the goal's conditions (target ${target(g)}${bare}; not recorded)`;
}

/** The goals recorded since the last `forgetGoals`, in the order they were. */
export function recordedGoals(): Goal[] {
  if (!existsSync(file())) return [];
  return readFileSync(file(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Goal);
}

export const forgetGoals = () => rmSync(file(), { force: true });

/** Every goal with its figure and whether it is met, as one Markdown table. */
export function goalsTable(goals: readonly Goal[]): string {
  const lines = [
    '| bench | goal | figure | target | | a bare program on this machine |',
    '|---|---|---|---|---|---|',
  ];
  for (const g of goals)
    lines.push(
      `| ${g.bench} | ${g.measure} | ${shown(g)} | ${target(g)} | ${met(g) ? 'met' : '**missed**'} | ${floor(g)} |`,
    );
  const missed = goals.filter((g) => !met(g)).length;
  lines.push('', `${goals.length - missed} of ${goals.length} goals met.`);
  return lines.join('\n');
}
