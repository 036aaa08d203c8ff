// npm run bench, first and last: `--forget` clears the goals of an earlier run; without it, prints every
// goal the benches recorded (bench/goals.ts) with its figure, met or missed, in one table.
import { forgetGoals, goalsTable, recordedGoals } from './goals.js';

if (process.argv.includes('--forget')) forgetGoals();
else {
  console.log('\n## Summary: every goal of this run\n');
  console.log(goalsTable(recordedGoals()));
}
