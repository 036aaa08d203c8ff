import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, signedInClient } from '../../test/support/client.js';
import { scriptedModel } from '../../test/support/scripted-model.js';
import { useTestApp } from '../../test/support/test-app.js';
import type { Deps } from '../_shared/deps.js';
import type { AppEnv } from '../_shared/http/env.js';
import { onError } from '../_shared/http/problem-response.js';
import { chat } from './index.js';

let model: Awaited<ReturnType<typeof scriptedModel>>;
const options = {
  env: {
    LLM_MODEL: 'scripted',
    LLM_API_KEY: 'sk-test',
    CHAT_MAX_STEPS: '3',
    CHAT_TTL_HOURS: '24',
  } as Record<string, string>,
};
beforeAll(async () => {
  model = await scriptedModel();
  options.env.LLM_BASE_URL = model.url;
});
afterAll(() => model.close());
const env = useTestApp(options);

type User = Awaited<ReturnType<typeof signedInClient>>;

/** Another replica of the function over the same ports: it holds nothing of the first one's. */
const replica = (deps: Deps) => new Hono<AppEnv>().route('/', chat(deps)).onError(onError);

/** POSTs a message and reads the whole event stream: each frame's event and parsed data. */
async function ask(user: User, body: Record<string, unknown>, app: Hono<AppEnv> = env.t.app) {
  const res = await app.request('/api/chat', {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.headers.get('content-type')?.startsWith('text/event-stream'))
    return {
      res,
      status: res.status,
      problem: JSON.parse(text),
      events: [] as { event: string; data: any }[],
    };
  const events = text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      return {
        event: lines.find((l) => l.startsWith('event: '))!.slice(7),
        data: JSON.parse(
          lines
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n'),
        ),
      };
    });
  const of = (name: string) => events.filter((e) => e.event === name).map((e) => e.data);
  return {
    res,
    status: res.status,
    problem: undefined,
    events,
    of,
    text: of('text')
      .map((d) => d.delta)
      .join(''),
    done: of('done')[0],
  };
}

const history = async (user: User, id: string) =>
  (await user.get(`/api/chat/${id}`)).body.messages as {
    role: string;
    content: string | null;
    ok?: boolean;
    summary?: string;
    tool_calls?: unknown[];
  }[];

describe('POST /api/chat', () => {
  let alice: User;
  let conversation: string;
  beforeAll(async () => {
    alice = await signedInClient(env.t.app);
  });

  it('streams the answer, runs the tools the model asks for as the user, and stores every step', async () => {
    model.play([
      {
        text: ['Adding it.'],
        tools: [{ name: 'add_task', arguments: '{"title":"Buy milk","priority":"high"}' }],
      },
      { text: ['Added ', '“Buy milk”', '.'] },
    ]);
    const answer = await ask(alice, { message: 'Remind me to buy milk, it is important' });
    expect(answer.status).toBe(200);
    conversation = answer.done.conversation_id;
    expect(answer.events.map((e) => e.event)).toEqual([
      'start',
      'text',
      'tool_call',
      'tool_result',
      'text',
      'text',
      'text',
      'done',
    ]);
    expect(answer.of!('tool_call')[0]).toMatchObject({
      name: 'add_task',
      arguments: '{"title":"Buy milk","priority":"high"}',
    });
    expect(answer.of!('tool_result')[0]).toMatchObject({
      name: 'add_task',
      ok: true,
      summary: 'task “Buy milk”',
    });
    expect(answer.text).toBe('Adding it.Added “Buy milk”.');
    expect(answer.done).toEqual({ conversation_id: conversation, outcome: 'answered', steps: 2 });

    // What was written: the task, through the API.
    const tasks = (await alice.get('/api/tasks')).body.items;
    expect(tasks.map((t: { title: string; priority: string }) => [t.title, t.priority])).toEqual([
      ['Buy milk', 'high'],
    ]);

    // What the model was sent: the key, the tools as JSON Schema, then the tool's result under its call's id.
    const [first, second] = model.requests;
    expect(first!.headers.authorization).toBe('Bearer sk-test');
    expect(first!.body).toMatchObject({ model: 'scripted', stream: true });
    expect(first!.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(
      first!.body.tools!.find((t) => t.function.name === 'add_task')!.function.parameters,
    ).toMatchObject({ type: 'object', properties: { title: { type: 'string' } } });
    const toolMessage = second!.body.messages.at(-1)!;
    expect(toolMessage).toMatchObject({
      role: 'tool',
      tool_call_id: (second!.body.messages.at(-2)!.tool_calls![0] as { id: string }).id,
    });
    expect(JSON.parse(toolMessage.content!).task).toMatchObject({
      id: tasks[0].id,
      title: 'Buy milk',
    });

    expect((await history(alice, conversation)).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Remind me to buy milk, it is important'],
      ['assistant', 'Adding it.'],
      ['tool', expect.stringContaining('"Buy milk"')],
      ['assistant', 'Added “Buy milk”.'],
    ]);
  });

  it('hands a bad call back to the model as a tool error in the API’s words, and goes on (on another replica)', async () => {
    model.play([
      {
        text: [],
        tools: [
          { name: 'add_task', arguments: '{"title":""}' },
          { name: 'complete_task', arguments: '{"id": ' },
          { name: 'launch_rocket', arguments: '{}' },
        ],
      },
      { text: ['That did not work.'] },
    ]);
    const answer = await ask(
      alice,
      { conversation_id: conversation, message: 'Add an empty one' },
      replica(env.t.deps),
    );
    expect(answer.done).toMatchObject({
      conversation_id: conversation,
      outcome: 'answered',
      steps: 2,
    });
    const results = answer.of!('tool_result');
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(results[0].summary).toMatch(
      /^Bad Request: Invalid arguments \(title: Give the task a title\)/,
    );
    expect(results[1].summary).toBe('Bad Request: the arguments are not valid JSON');
    expect(results[2].summary).toBe('Not Found: there is no tool named "launch_rocket"');
    // The model saw the earlier turns, then each error under its call.
    const second = model.requests[1]!.body.messages;
    expect(second.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'Remind me to buy milk, it is important',
      'Add an empty one',
    ]);
    expect(second.slice(-3).map((m) => JSON.parse(m.content!).error)).toEqual(
      results.map((r) => r.summary),
    );
    expect((await alice.get('/api/tasks')).body.items).toHaveLength(1);
    const stored = await history(alice, conversation);
    expect(stored.slice(-6).map((m) => [m.role, m.ok ?? null])).toEqual([
      ['user', null],
      ['assistant', null],
      ['tool', false],
      ['tool', false],
      ['tool', false],
      ['assistant', null],
    ]);
  });

  it('stops a model that calls tools forever at CHAT_MAX_STEPS and says so', async () => {
    model.play([], { text: [], tools: [{ name: 'list_tasks', arguments: '{}' }] });
    const answer = await ask(alice, { message: 'Keep looking' });
    expect(model.requests).toHaveLength(3);
    expect(answer.of!('tool_result')).toHaveLength(3);
    expect(answer.done).toMatchObject({
      outcome: 'step_limit',
      steps: 3,
      message: expect.stringMatching(/^I stopped after 3 steps/),
    });
    const stored = await history(alice, answer.done.conversation_id);
    expect(stored.at(-1)).toMatchObject({ role: 'assistant', content: answer.done.message });
    expect(stored.filter((m) => m.role === 'tool')).toHaveLength(3);
  });

  it('answers 503 when the model is down, keeps the message, and answers it on retry without storing it twice', async () => {
    model.play([{ down: true }]);
    const refused = await ask(alice, { message: 'Plan my day' });
    expect(refused.status).toBe(503);
    expect(refused.res.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.problem.detail).toMatch(/model is unavailable .*your message is kept/);
    const location = refused.res.headers.get('location')!;
    const id = location.split('/').at(-1)!;
    expect((await history(alice, id)).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Plan my day'],
    ]);

    model.play([{ text: ['Here is your day.'] }]);
    const retried = await ask(alice, { conversation_id: id, message: 'Plan my day' });
    expect(retried.done).toMatchObject({ conversation_id: id, outcome: 'answered' });
    expect((await history(alice, id)).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Plan my day'],
      ['assistant', 'Here is your day.'],
    ]);
  });

  it('reports a model that fails mid-answer as an error event, keeping the steps already done', async () => {
    model.play([
      { text: [], tools: [{ name: 'list_tags', arguments: '{}' }] },
      { status: 500, body: '{"error":{"message":"overloaded"}}' },
    ]);
    const answer = await ask(alice, { message: 'Which tags do I have?' });
    expect(answer.status).toBe(200);
    expect(answer.of!('error')[0]).toMatchObject({
      status: 503,
      detail: expect.stringContaining('answered 500'),
    });
    expect(answer.done).toMatchObject({ outcome: 'failed' });
    expect((await history(alice, answer.done.conversation_id)).map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
    ]);
  });

  it('refuses an empty message, another user’s conversation and a read-only token, changing nothing', async () => {
    const before = model.requests.length;
    const empty = await ask(alice, { message: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.problem.errors).toEqual([{ path: 'message', message: 'must not be empty' }]);
    const bob = await signedInClient(env.t.app);
    expect((await ask(bob, { conversation_id: conversation, message: 'Let me in' })).status).toBe(
      404,
    );
    expect((await bob.get(`/api/chat/${conversation}`)).status).toBe(404);
    expect((await bob.delete(`/api/chat/${conversation}`)).status).toBe(404);
    // A read-only access token reads the conversation, but cannot add to it (nor, through the tools, change anything).
    const { token } = (await alice.post('/api/tokens', { name: 'reader', scope: 'read' })).body;
    const reader = client(env.t.app, token);
    expect(
      (
        await reader.post('/api/chat', {
          conversation_id: conversation,
          message: 'Delete everything',
        })
      ).status,
    ).toBe(403);
    expect((await reader.get(`/api/chat/${conversation}`)).status).toBe(200);
    expect(model.requests.length).toBe(before);
    expect((await history(alice, conversation)).length).toBeGreaterThan(0);
  });
});

describe('the assistant’s status, and a conversation’s life', () => {
  it('says whether a model is configured; without one the panel has a hint and POST answers 503', async () => {
    const user = await signedInClient(env.t.app);
    expect((await user.get('/api/chat/status')).body).toEqual({
      configured: true,
      model: 'scripted',
      hint: null,
      max_steps: 3,
    });
    const off = replica({
      ...env.t.deps,
      config: { ...env.t.deps.config, LLM_BASE_URL: undefined },
    });
    const status = await client(off, user.token).get('/api/chat/status');
    expect(status.body).toMatchObject({
      configured: false,
      model: null,
      hint: expect.stringContaining('LLM_BASE_URL'),
    });
    const refused = await ask(user, { message: 'Hello?' }, off);
    expect(refused.status).toBe(503);
    expect(refused.problem.detail).toMatch(/No model is configured/);
  });

  it('forgets a conversation when asked, and one whose time to live has passed (the sweep deletes it)', async () => {
    const user = await signedInClient(env.t.app);
    model.play([{ text: ['One.'] }, { text: ['Two.'] }]);
    const one = (await ask(user, { message: 'First' })).done.conversation_id;
    const two = (await ask(user, { message: 'Second' })).done.conversation_id;
    expect((await user.delete(`/api/chat/${one}`)).status).toBe(204);
    expect((await user.get(`/api/chat/${one}`)).status).toBe(404);

    env.t.clock.advance(25 * 3_600_000);
    // A day on, the session's token has expired too: sign in again.
    const token = (
      await client(env.t.app).post('/api/auth/signin', {
        email: user.email,
        password: 'correct horse battery',
      })
    ).body.token as string;
    const later = { ...client(env.t.app, token), token };
    expect((await later.get(`/api/chat/${two}`)).status).toBe(404);
    expect(
      (await ask(later as User, { conversation_id: two, message: 'Still there?' })).status,
    ).toBe(404);
    await env.t.deps.relay.sweep();
    const left = await env.db.db
      .selectFrom('chat_conversations')
      .select('id')
      .where('id', '=', two)
      .execute();
    expect(left).toEqual([]);
  });
});
