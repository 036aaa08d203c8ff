import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody } from '../_shared/http/validate.js';
import { Tag, TagCreateBody } from '../_shared/schemas/tag.js';
import { createTag } from '../_shared/tags/tags.js';

/** POST /api/tags */
export function tagsCreate(deps: Deps) {
  return new Hono<AppEnv>().post(
    '/api/tags',
    describe({
      summary: 'Create a tag',
      responses: {
        201: { description: 'Created', schema: Tag },
        409: { description: 'Name taken (in any case)' },
      },
    }),
    requireUser(deps),
    jsonBody(TagCreateBody),
    async (c) => c.json(await createTag(deps, c.var.userId, c.req.valid('json')), 201),
  );
}
