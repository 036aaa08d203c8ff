import { Hono } from 'hono';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { paramsOf } from '../_shared/http/validate.js';
import { IdParam } from '../_shared/schemas/common.js';
import { removeTag } from '../_shared/tags/tags.js';

/** DELETE /api/tags/:id */
export function tagsDelete(deps: Deps) {
  return new Hono<AppEnv>().delete(
    '/api/tags/:id',
    describe({
      summary: 'Delete a tag; its tasks stay, without it',
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such tag' } },
    }),
    requireUser(deps),
    paramsOf(IdParam),
    async (c) => {
      await removeTag(deps, c.var.userId, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
