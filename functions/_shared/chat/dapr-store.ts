import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { conflict } from '../errors.js';
import {
  StoreConflict,
  StoreUnavailable,
  type Conversation,
  type ConversationStore,
} from './store.js';

export interface DaprStoreOptions {
  host: string;
  port: number;
  apiToken?: string | undefined;
  /** The state store component's name. */
  store: string;
  ttlHours: number;
  clock: Clock;
  /** A call to the sidecar that takes longer counts as the store being down. */
  timeoutMs?: number;
}

/** What is stored under a key: the conversation, in the API's snake_case. */
interface StoredValue {
  id: string;
  user_id: string;
  messages: Conversation['messages'];
  created_at: string;
  updated_at: string;
  /** Which save wrote it: a save reads its etag back, and knows it is its own. */
  write: string;
}

/** One key per conversation, with its owner in it: a key from another user's id never matches. (`||` is Dapr's own separator.) */
const keyOf = (userId: string, id: string) => `conversation-${userId}-${id}`;

/**
 * Conversations through the Dapr state API (`/v1.0/state/<store>`), for the cluster, where the
 * sidecar's state.postgresql v2 component keeps them. Plain HTTP, as the API is four calls: GET a key
 * (200 with its ETag, or 204), POST a save with the etag read and first-write concurrency (409 when
 * another write came first), `ttlInSeconds` metadata on every save, DELETE.
 */
export function createDaprConversationStore(o: DaprStoreOptions): ConversationStore {
  const base = `http://${o.host}:${o.port}/v1.0/state/${encodeURIComponent(o.store)}`;
  const headers: Record<string, string> = o.apiToken ? { 'dapr-api-token': o.apiToken } : {};
  const ttlSeconds = String(o.ttlHours * 3600);

  async function call(url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { ...headers, ...(init.headers as Record<string, string>) },
        signal: AbortSignal.timeout(o.timeoutMs ?? 5_000),
      });
    } catch (err) {
      throw new StoreUnavailable(
        `the Dapr sidecar did not answer: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (((err as Error).cause as Error)?.message ?? (err as Error).message)}`,
      );
    }
    if (res.status >= 500 || res.status === 400 || res.status === 403) {
      const body = await res.text().catch(() => '');
      throw new StoreUnavailable(
        `Dapr answered ${res.status}${body ? `: ${body.slice(0, 200)}` : ''}`,
      );
    }
    return res;
  }

  async function load(userId: string, id: string) {
    const res = await call(`${base}/${encodeURIComponent(keyOf(userId, id))}?consistency=strong`, {
      method: 'GET',
    });
    if (res.status === 204 || res.status === 404) return null;
    const value = (await res.json()) as StoredValue | null;
    const etag = res.headers.get('etag');
    if (!value || value.user_id !== userId || value.id !== id || !etag) return null;
    const conversation = {
      id: value.id,
      userId: value.user_id,
      messages: value.messages,
      createdAt: value.created_at,
      updatedAt: value.updated_at,
    };
    return { conversation, etag, write: value.write };
  }

  return {
    kind: 'dapr',
    load,
    async save(conversation, etag) {
      const updatedAt = o.clock.now().toISOString();
      const write = randomUUID();
      const value: StoredValue = {
        id: conversation.id,
        user_id: conversation.userId,
        messages: conversation.messages,
        created_at: conversation.createdAt,
        updated_at: updatedAt,
        write,
      };
      const item = {
        key: keyOf(conversation.userId, conversation.id),
        value,
        ...(etag === null ? {} : { etag }),
        options: { concurrency: 'first-write', consistency: 'strong' },
        metadata: { ttlInSeconds: ttlSeconds },
      };
      const res = await call(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([item]),
      });
      if (res.status === 409)
        throw new StoreConflict(`conversation ${conversation.id} changed since etag ${etag}`);
      if (!res.ok) throw new StoreUnavailable(`Dapr answered ${res.status} to a save`);
      // A save answers no etag: read it back. If another write came in between, the etag read is
      // theirs, not this write's: unknown then, and the next write reads the conversation first.
      const stored = await load(conversation.userId, conversation.id);
      return stored?.write === write ? stored.etag : null;
    },
    async remove(userId, id) {
      const existing = await load(userId, id);
      if (!existing) return false;
      const res = await call(`${base}/${encodeURIComponent(keyOf(userId, id))}`, {
        method: 'DELETE',
        headers: { 'If-Match': existing.etag },
      });
      if (res.status === 409)
        throw conflict('The conversation changed while it was being deleted; try again');
      return res.ok;
    },
  };
}
