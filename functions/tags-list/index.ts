import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { TagList } from '../_shared/schemas/tag.js';
import { listTags } from '../_shared/tags/tags.js';

/** GET /api/tags */
export function tagsList(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/tags',
    describe({
      summary: "The user's tags by name, with their live task counts",
      responses: { 200: { description: 'Tags', schema: TagList } },
    }),
    requireUser(deps),
    async (c) => c.json(await listTags(deps, c.var.userId)),
  );
}
