import type { Clock } from '../clock.js';
import {
  StoreConflict,
  type ChatMessage,
  type Conversation,
  type ConversationStore,
  type Stored,
} from './store.js';

const TRIES = 3;

/** The conversation went away (deleted) while an answer was being written to it. */
export class ConversationGone extends Error {
  override name = 'ConversationGone';
}

/**
 * A conversation being written to by one answer. Each append is saved at once (a replica that dies
 * mid-answer loses at most the step in flight), naming the etag it last saw. When another request
 * wrote in between (a second tab), it reads theirs and puts its own unsaved messages after them.
 */
export class Transcript {
  private etag: string | null;
  private known: boolean;
  private isNew: boolean;
  private unsaved: ChatMessage[] = [];

  private constructor(
    private readonly store: ConversationStore,
    private conversation: Conversation,
    stored: Stored | null,
  ) {
    this.isNew = stored === null;
    this.etag = stored?.etag ?? null;
    this.known = true;
  }

  static resume(store: ConversationStore, stored: Stored): Transcript {
    return new Transcript(store, stored.conversation, stored);
  }

  static start(store: ConversationStore, id: string, userId: string, clock: Clock): Transcript {
    const now = clock.now().toISOString();
    return new Transcript(
      store,
      { id, userId, messages: [], createdAt: now, updatedAt: now },
      null,
    );
  }

  get id(): string {
    return this.conversation.id;
  }

  get messages(): readonly ChatMessage[] {
    return this.conversation.messages;
  }

  /** Adds the messages and saves the conversation; StoreUnavailable, ConversationGone or StoreConflict (still losing after retries) when it cannot. */
  async append(...messages: ChatMessage[]): Promise<void> {
    this.conversation.messages.push(...messages);
    this.unsaved.push(...messages);
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.known) await this.reload();
        this.etag = await this.store.save(this.conversation, this.isNew ? null : this.etag);
        this.known = this.etag !== null;
        this.isNew = false;
        this.unsaved = [];
        return;
      } catch (err) {
        if (!(err instanceof StoreConflict) || attempt >= TRIES) throw err;
        this.known = false;
      }
    }
  }

  private async reload(): Promise<void> {
    const theirs = await this.store.load(this.conversation.userId, this.conversation.id);
    if (!theirs) throw new ConversationGone(`conversation ${this.conversation.id} is gone`);
    this.conversation = {
      ...theirs.conversation,
      messages: [...theirs.conversation.messages, ...this.unsaved],
    };
    this.etag = theirs.etag;
    this.known = true;
  }
}
