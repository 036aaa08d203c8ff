/** One outbox row on its way out: a structured CloudEvent, its topic, and the key that orders it. */
export interface OutboundEvent {
  topic: string;
  /** Events with the same key on the same topic are delivered in the order they were written. */
  partitionKey: string;
  /** The CloudEvent in structured JSON form, exactly as stored in the outbox. */
  event: Record<string, unknown>;
}

/**
 * The publisher port. Configuration picks the adapter (the in-process bus, or Dapr); no function
 * knows which one it has. `publish` resolves once the event is accepted and rejects otherwise: the
 * row then stays in the outbox and is published again later.
 */
export interface Publisher {
  readonly kind: string;
  /** Whether this publisher can deliver the topic; rows for other topics wait in the outbox. */
  handles(topic: string): boolean;
  publish(message: OutboundEvent): Promise<void>;
  /**
   * Where the transport carries batches: all of them, in order, each consumer taking its share whole
   * (all or nothing). False when any consumer did not: send them one at a time then (`publish`), which
   * repeats them to the consumers that took them, and those have no second effect.
   */
  publishBatch?(messages: readonly OutboundEvent[]): Promise<boolean>;
  close(): Promise<void>;
}

/** A publish that did not go through; the message says why, for the log. */
export class PublishError extends Error {
  override name = 'PublishError';
}
