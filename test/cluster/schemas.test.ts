import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SCHEMAS, SHARED_SCHEMAS } from './schemas.js';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.md'))
    .sort();

it.runIf(existsSync(SHARED_SCHEMAS))(
  'keeps the schemas it checks against identical to ../shared/schemas',
  () => {
    expect(filesUnder(SCHEMAS)).toEqual(filesUnder(SHARED_SCHEMAS));
    for (const file of filesUnder(SHARED_SCHEMAS))
      expect(readFileSync(path.join(SCHEMAS, file), 'utf8'), file).toBe(
        readFileSync(path.join(SHARED_SCHEMAS, file), 'utf8'),
      );
  },
);
