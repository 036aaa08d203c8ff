import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { createTestApp, type TestApp } from '../../test/support/test-app.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';

let testDb: TestDb;
let t: TestApp;
let user: Awaited<ReturnType<typeof signedInClient>>;

beforeAll(async () => {
  testDb = await createTestDb();
  t = createTestApp(testDb, { env: { BODY_LIMIT_BYTES: '65536' } });
  user = await signedInClient(t.app);
});
afterAll(() => testDb.drop());

const taskCount = async () =>
  Number(
    (
      await testDb.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/tasks refuses bad input with a 4xx problem and changes nothing', () => {
  const due = '2026-03-05T09:00:00+01:00';
  const invalid: [string, unknown, string][] = [
    ['missing title', {}, 'title'],
    ['blank title', { title: '   ' }, 'title'],
    ['title over 200 chars', { title: 'x'.repeat(201) }, 'title'],
    ['title of the wrong type', { title: 42 }, 'title'],
    [
      'description over 10000 chars',
      { title: 'ok', description: 'd'.repeat(10_001) },
      'description',
    ],
    ['unknown priority', { title: 'ok', priority: 'critical' }, 'priority'],
    ['due date without offset', { title: 'ok', due_at: '2026-03-05T09:00:00' }, 'due_at'],
    ['due date that is no date', { title: 'ok', due_at: 'tomorrow' }, 'due_at'],
    ['due date in year 0000', { title: 'ok', due_at: '0000-06-01T00:00:00Z' }, 'due_at'],
    [
      'due date in year 0069, which JavaScript reads back as 1969',
      { title: 'ok', due_at: '0069-06-01T00:00:00Z' },
      'due_at',
    ],
    ['due date before 1900', { title: 'ok', due_at: '1899-12-31T23:59:59.999Z' }, 'due_at'],
    [
      'due date that is year 10000 in UTC',
      { title: 'ok', due_at: '9999-12-31T23:00:00-05:00' },
      'due_at',
    ],
    [
      'reminder in year 0001',
      { title: 'ok', due_at: due, remind_at: '0001-01-01T00:00:00Z' },
      'remind_at',
    ],
    [
      'reminder after due date',
      { title: 'ok', due_at: due, remind_at: '2026-03-05T10:00:00+01:00' },
      'remind_at',
    ],
    ['recurrence without due date', { title: 'ok', recurrence: { frequency: 'daily' } }, 'due_at'],
    [
      'weekdays on a daily rule',
      { title: 'ok', due_at: due, recurrence: { frequency: 'daily', weekdays: ['mo'] } },
      'recurrence.weekdays',
    ],
    [
      'interval 0',
      { title: 'ok', due_at: due, recurrence: { frequency: 'daily', interval: 0 } },
      'recurrence.interval',
    ],
    [
      'interval 366',
      { title: 'ok', due_at: due, recurrence: { frequency: 'daily', interval: 366 } },
      'recurrence.interval',
    ],
    [
      'unknown weekday',
      { title: 'ok', due_at: due, recurrence: { frequency: 'weekly', weekdays: ['xx'] } },
      'recurrence.weekdays.0',
    ],
    ['tag name over 50 chars', { title: 'ok', tags: ['t'.repeat(51)] }, 'tags.0'],
    ['tags not a list', { title: 'ok', tags: 'home' }, 'tags'],
    ['server-owned field', { title: 'ok', status: 'completed' }, 'status'],
    ['unknown field', { title: 'ok', colour: 'red' }, 'colour'],
  ];
  for (const [name, body, path] of invalid) {
    it(`400 for ${name}`, async () => {
      const res = await user.post('/api/tasks', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await taskCount()).toBe(0);
    });
  }

  it('400 for malformed JSON, a JSON array, and an empty body', async () => {
    for (const raw of ['{"title": "x"', '[]', '', 'null']) {
      const res = await user.post('/api/tasks', raw);
      expect(res.status, raw).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('415 for a body that is not JSON', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await user.post('/api/tasks', 'title=x', { 'content-type': type });
      expect(res.status, type).toBe(415);
    }
    const none = await t.app.request('/api/tasks', {
      method: 'POST',
      body: '{"title":"x"}',
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(none.status).toBe(415);
  });

  it('413 for a body over the limit, and accepts one just under it', async () => {
    const big = await user.post('/api/tasks', { title: 'big', description: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toBe('application/problem+json');
    expect(await taskCount()).toBe(0);
    const fits = await user.post('/api/tasks', { title: 'fits', description: '€'.repeat(10_000) });
    expect(fits.status).toBe(201);
  });

  it('keeps text as text and clamps nothing: unicode and markup come back exactly', async () => {
    const title = '<img src=x onerror=alert(1)> 🌊 Ümlaut « » \\ %_';
    const res = await user.post('/api/tasks', { title, description: 'a\nb\t"c"' });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title.trim());
    expect(res.body.description).toBe('a\nb\t"c"');
  });

  it('names the allowed range of a date it refuses', async () => {
    const res = await user.post('/api/tasks', { title: 'ok', due_at: '0001-01-01T00:00:00Z' });
    expect(res.body.errors).toEqual([
      {
        path: 'due_at',
        message: 'must lie between 1900-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z',
      },
    ]);
  });

  it('refuses a NUL character, which PostgreSQL cannot store, with 400 rather than 500', async () => {
    for (const title of ['nul \u0000 here', 'lone \ud800 surrogate']) {
      const res = await user.post('/api/tasks', { title });
      expect(res.status, title).toBe(400);
      expect(res.body.errors[0].path).toBe('title');
    }
  });
});

describe('POST /api/tasks keeps the dates at both ends of the allowed range exactly', () => {
  it('stores and answers 1900-01-01 and the last millisecond of 9999, with an offset taken to UTC', async () => {
    const cases: [string, string][] = [
      ['1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000Z'],
      ['1900-01-01T01:00:00+01:00', '1900-01-01T00:00:00.000Z'],
      ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
      ['9999-12-31T18:59:59.999-05:00', '9999-12-31T23:59:59.999Z'],
    ];
    for (const [sent, answered] of cases) {
      const created = await user.post('/api/tasks', {
        title: 'edge',
        due_at: sent,
        remind_at: sent,
      });
      expect(created.status, sent).toBe(201);
      expect(created.body, sent).toMatchObject({ due_at: answered, remind_at: answered });
      expect((await user.get(`/api/tasks/${created.body.id}`)).body, sent).toMatchObject({
        due_at: answered,
        remind_at: answered,
      });
      const row = await testDb.db
        .selectFrom('tasks')
        .select(['due_at', 'remind_at'])
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(row, sent).toEqual({ due_at: new Date(answered), remind_at: new Date(answered) });
    }
  });
});
