import { insertDeadLetter } from '../db/dead-letters.js';
import type { Deps } from '../deps.js';
import { receiveEvent } from './receive.js';

/** Knative's extensions on an event it could not deliver. */
const ERROR_EXTENSIONS = {
  code: 'knativeerrorcode',
  dest: 'knativeerrordest',
  data: 'knativeerrordata',
} as const;

/**
 * Keeps an event that the eventing system gave up delivering: what it is, where it failed and why,
 * and the request exactly as it came (so it can be sent again). An unreadable one is kept too. A
 * redelivery of the same dead letter is not kept twice.
 */
export async function recordDeadLetter(
  deps: Pick<Deps, 'db' | 'ids' | 'clock' | 'logger'>,
  headers: Record<string, string>,
  body: string,
): Promise<void> {
  const event = await receiveEvent(headers, body).catch(() => null);
  const attribute = (name: string) => {
    const value = event?.attributes[name] ?? headers[`ce-${name}`];
    return typeof value === 'string' ? value : null;
  };
  const row = {
    id: deps.ids.next(),
    event_id: event?.id ?? headers['ce-id'] ?? null,
    event_type: event?.type ?? headers['ce-type'] ?? null,
    source: event?.source ?? headers['ce-source'] ?? null,
    error_code: attribute(ERROR_EXTENSIONS.code),
    error_dest: attribute(ERROR_EXTENSIONS.dest),
    error_data: attribute(ERROR_EXTENSIONS.data),
    headers,
    body,
    received_at: deps.clock.now(),
  };
  await insertDeadLetter(deps.db, row);
  deps.logger.error(
    {
      deadLetter: {
        id: row.event_id,
        type: row.event_type,
        code: row.error_code,
        dest: row.error_dest,
      },
    },
    'an event could not be delivered and was kept as a dead letter',
  );
}
