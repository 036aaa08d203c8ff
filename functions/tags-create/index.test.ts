import { describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import type { User } from '../../test/support/projects.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();

const namesOf = async (user: User) =>
  (await user.get('/api/tags')).body.map((t: { name: string }) => t.name) as string[];

describe('POST /api/tags', () => {
  it('creates a tag of up to 50 characters after trimming, keeping its text exactly, and lists it', async () => {
    const user = await signedInClient(env.t.app);
    const long = 'L'.repeat(50);
    const res = await user.post('/api/tags', { name: `  ${long}\t` });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: long,
      color: expect.stringMatching(/^#[0-9a-f]{6}$/),
      task_count: 0,
    });
    const odd = await user.post('/api/tags', { name: '<b>ß</b> 🌱 %_', color: '#A0b1C2' });
    expect(odd.status).toBe(201);
    expect(odd.body).toMatchObject({ name: '<b>ß</b> 🌱 %_', color: '#a0b1c2' });
    expect((await user.get('/api/tags')).body).toEqual([odd.body, res.body]);
  });

  it('answers 409 problem+json for a name the user has in any case, and keeps the one tag', async () => {
    const user = await signedInClient(env.t.app);
    const { body: first } = await user.post('/api/tags', { name: 'Errands', color: '#112233' });
    for (const name of ['errands', ' ERRANDS ', 'eRRANDs']) {
      const res = await user.post('/api/tags', { name, color: '#445566' });
      expect(res.status, name).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, title: 'Conflict' });
      expect(res.body.detail).toContain(name.trim());
    }
    expect((await user.get('/api/tags')).body).toEqual([first]);
    // Beyond ASCII too.
    expect((await user.post('/api/tags', { name: 'Ärger' })).status).toBe(201);
    expect((await user.post('/api/tags', { name: 'äRGER' })).status).toBe(409);
    expect(await namesOf(user)).toEqual(['Errands', 'Ärger']);
  });

  it('refuses a bad body with 400 naming the field, or 415 when it is not JSON, and creates nothing', async () => {
    const user = await signedInClient(env.t.app);
    const invalid: [unknown, string][] = [
      [{}, 'name'],
      [{ name: null }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: ' \t ' }, 'name'],
      [{ name: 'x'.repeat(51) }, 'name'],
      [{ name: 'ok', color: '#fff' }, 'color'],
      [{ name: 'ok', color: null }, 'color'],
      [{ name: 'ok', task_count: 3 }, 'task_count'],
    ];
    for (const [body, path] of invalid) {
      const res = await user.post('/api/tags', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect((await user.post('/api/tags', '{"name":')).status).toBe(400);
    expect((await user.post('/api/tags', 'name=ok', { 'content-type': 'text/plain' })).status).toBe(
      415,
    );
    expect((await client(env.t.app).post('/api/tags', { name: 'anonymous' })).status).toBe(401);
    expect(await namesOf(user)).toEqual([]);
  });

  it('takes two creations of one name at once as one tag: 201 for one, 409 for the other', async () => {
    const user = await signedInClient(env.t.app);
    const answers = await Promise.all(
      ['Garden', 'garden', 'GARDEN', 'Garden'].map((name) => user.post('/api/tags', { name })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await namesOf(user)).toHaveLength(1);
  });
});
