import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { jsonBody, paramsOf } from '../_shared/http/validate.js';
import { IdParam } from '../_shared/schemas/common.js';
import { Tag, TagPatchBody } from '../_shared/schemas/tag.js';
import { editTag } from '../_shared/tags/tags.js';

/** PATCH /api/tags/:id */
export function tagsUpdate(deps: Deps) {
  return new Hono<AppEnv>().patch(
    '/api/tags/:id',
    describe({
      summary: 'Rename or recolor a tag (its tasks change with it)',
      responses: {
        200: { description: 'The tag', schema: Tag },
        404: { description: 'No such tag' },
        409: { description: 'Name taken (in any case)' },
      },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    jsonBody(TagPatchBody),
    async (c) =>
      c.json(await editTag(deps, c.var.userId, c.req.valid('param').id, c.req.valid('json'))),
  );
}
