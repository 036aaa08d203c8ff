import { Hono } from 'hono';
import { listAuditPage } from '../_shared/audit/audit.js';
import type { Deps } from '../_shared/deps.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { requireUser } from '../_shared/http/require-user.js';
import { queryOf } from '../_shared/http/validate.js';
import { AuditPage, AuditQuery } from '../_shared/schemas/audit.js';

/** GET /api/audit */
export function auditList(deps: Deps) {
  return new Hono<AppEnv>().get(
    '/api/audit',
    describe({
      summary: "The caller's audit log: every change to their tasks, newest first",
      responses: { 200: { description: 'A page', schema: AuditPage } },
    }),
    requireUser(deps),
    queryOf(AuditQuery),
    async (c) => c.json(await listAuditPage(deps, c.var.userId, c.req.valid('query'))),
  );
}
