import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInClient } from '../../../test/support/client.js';
import { fakeStateSidecar } from '../../../test/support/dapr-state.js';
import { scriptedModel } from '../../../test/support/scripted-model.js';
import { fakeClock, useTestApp } from '../../../test/support/test-app.js';
import { createDaprConversationStore } from './dapr-store.js';
import { StoreConflict, StoreUnavailable, type Conversation } from './store.js';
import { Transcript } from './transcript.js';

let sidecar: Awaited<ReturnType<typeof fakeStateSidecar>>;
let model: Awaited<ReturnType<typeof scriptedModel>>;
const options = {
  env: { CHAT_STORE: 'dapr', LLM_MODEL: 'scripted', DAPR_API_TOKEN: 'sidecar-token' } as Record<
    string,
    string
  >,
};
beforeAll(async () => {
  [sidecar, model] = await Promise.all([fakeStateSidecar(), scriptedModel()]);
  Object.assign(options.env, { DAPR_HTTP_PORT: String(sidecar.port), LLM_BASE_URL: model.url });
});
afterAll(async () => {
  await sidecar.close();
  await model.close();
});
const env = useTestApp(options);

const conversation = (id: string, userId: string, text: string): Conversation => ({
  id,
  userId,
  messages: [{ role: 'user', content: text, at: '2026-03-01T09:00:00.000Z' }],
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
});

describe('the Dapr conversation store, against a sidecar speaking the state API', () => {
  const store = () =>
    createDaprConversationStore({
      host: '127.0.0.1',
      port: sidecar.port,
      apiToken: 'sidecar-token',
      store: 'ripple-chat-state',
      ttlHours: 2,
      clock: fakeClock(),
    });
  const u = '0199c2a4-0000-7000-8000-00000000000a';

  it('saves with first-write concurrency and the TTL as metadata, reads back with the etag, and refuses a stale etag', async () => {
    const s = store();
    const etag = await s.save(conversation('c1', u, 'Hello'), null);
    const save = sidecar.requests.find((r) => r.method === 'POST')!;
    expect(save.url.pathname).toBe('/v1.0/state/ripple-chat-state');
    expect(save.headers['dapr-api-token']).toBe('sidecar-token');
    expect(JSON.parse(save.body)).toEqual([
      expect.objectContaining({
        key: `conversation-${u}-c1`,
        options: { concurrency: 'first-write', consistency: 'strong' },
        metadata: { ttlInSeconds: '7200' },
      }),
    ]);
    expect(sidecar.entries.get(`chat||conversation-${u}-c1`)!.ttlSeconds).toBe(7200);
    const loaded = await s.load(u, 'c1');
    expect(loaded).toMatchObject({
      etag,
      conversation: { id: 'c1', userId: u, messages: [{ role: 'user', content: 'Hello' }] },
    });
    expect(await s.load('0199c2a4-0000-7000-8000-00000000000b', 'c1')).toBeNull();

    const next = await s.save(
      {
        ...loaded!.conversation,
        messages: [...loaded!.conversation.messages, { role: 'assistant', content: 'Hi', at: 'x' }],
      },
      etag,
    );
    expect(next).not.toBe(etag);
    await expect(s.save(loaded!.conversation, etag)).rejects.toBeInstanceOf(StoreConflict);
    expect((await s.load(u, 'c1'))!.conversation.messages).toHaveLength(2);
  });

  it('puts an answer after what another replica wrote meanwhile, losing neither', async () => {
    const s = store();
    await s.save(conversation('c2', u, 'Question'), null);
    const [a, b] = [
      Transcript.resume(s, (await s.load(u, 'c2'))!),
      Transcript.resume(s, (await s.load(u, 'c2'))!),
    ];
    await a.append({ role: 'user', content: 'From tab A', at: 'x' });
    await b.append({ role: 'user', content: 'From tab B', at: 'x' });
    await a.append({ role: 'assistant', content: 'Answer to A', at: 'x' });
    expect((await s.load(u, 'c2'))!.conversation.messages.map((m) => m.content)).toEqual([
      'Question',
      'From tab A',
      'From tab B',
      'Answer to A',
    ]);
  });

  it('reads an expired conversation as none, and a sidecar that fails as a 503', async () => {
    const s = store();
    await s.save(conversation('c3', u, 'Soon gone'), null);
    sidecar.expire(`conversation-${u}-c3`);
    expect(await s.load(u, 'c3')).toBeNull();
    sidecar.setDown(true);
    try {
      const err = await s.load(u, 'c1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailable);
      expect((err as StoreUnavailable).status).toBe(503);
    } finally {
      sidecar.setDown(false);
    }
  });
});

describe('the chat function with CHAT_STORE=dapr', () => {
  it('keeps its conversations in the sidecar, and answers 503 without calling the model while the sidecar fails', async () => {
    const user = await signedInClient(env.t.app);
    model.play([{ text: ['Stored in Dapr.'] }]);
    const res = await env.t.app.request('/api/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{"message":"Where do you keep this?"}',
    });
    const done = JSON.parse(/event: done\ndata: (.*)/.exec(await res.text())![1]!);
    const entry = JSON.parse(
      sidecar.entries.get(`chat||conversation-${user.user.id}-${done.conversation_id}`)!.value,
    );
    expect(entry.messages.map((m: { content: string }) => m.content)).toEqual([
      'Where do you keep this?',
      'Stored in Dapr.',
    ]);
    expect((await user.get(`/api/chat/${done.conversation_id}`)).body.messages).toHaveLength(2);
    expect(await env.db.db.selectFrom('chat_conversations').select('id').execute()).toEqual([]);

    sidecar.setDown(true);
    try {
      const before = model.requests.length;
      const refused = await user.post('/api/chat', {
        conversation_id: done.conversation_id,
        message: 'And now?',
      });
      expect(refused.status).toBe(503);
      expect(refused.body.detail).toMatch(/conversation store is unavailable/);
      expect(model.requests.length).toBe(before);
      expect((await user.get(`/api/chat/${done.conversation_id}`)).status).toBe(503);
    } finally {
      sidecar.setDown(false);
    }
  });
});
