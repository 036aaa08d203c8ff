import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { eventRoute } from '../_shared/events/catalog.js';
import { recordDeadLetter } from '../_shared/events/dead-letters.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';

/**
 * POST /events/dead-letters: the dead-letter sink of every KafkaSource and PingSource in the cluster.
 * Whatever arrives is kept (readable or not) and logged as an error; the answer is always 200, since
 * there is nowhere further for a dead letter to go.
 */
export function deadLetters(deps: Deps) {
  return new Hono<AppEnv>().post(
    eventRoute('dead-letters'),
    describe({
      summary: 'Keeps an event the eventing system could not deliver',
      responses: { 200: { description: 'Kept' } },
    }),
    async (c) => {
      await recordDeadLetter({ ...deps, logger: c.var.log }, c.req.header(), await c.req.text());
      deps.metrics.deadLetter();
      return c.json({ status: 'kept' });
    },
  );
}
