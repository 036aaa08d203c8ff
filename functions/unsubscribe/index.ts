import { Hono } from 'hono';
import * as z from 'zod';
import { openUnsubscribe } from '../_shared/channels/unsubscribe.js';
import { setSwitch } from '../_shared/db/notification-preferences.js';
import type { Deps } from '../_shared/deps.js';
import { badRequest } from '../_shared/errors.js';
import { describe } from '../_shared/http/docs.js';
import type { AppEnv } from '../_shared/http/env.js';
import { queryOf } from '../_shared/http/validate.js';

const TokenQuery = z.object({ token: z.string().min(1).max(500) });
const WHAT = {
  reminder: 'reminders',
  invitation: 'invitations',
  assigned: 'assignments',
  agenda: 'the daily agenda',
} as const;
const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Ripple</title></head><body>${body}</body></html>`;

/**
 * /api/unsubscribe?token=…: the one-click unsubscribe link of a mail (RFC 8058), no sign-in (the token
 * is signed). POST turns that kind of mail off, as a mail client's one-click button does; GET (a person
 * following the link, or a scanner fetching it) only shows a button that POSTs, so a prefetch changes nothing.
 */
export function unsubscribe(deps: Deps) {
  const open = (token: string) => {
    const u = openUnsubscribe(deps, token);
    if (!u)
      throw badRequest('This unsubscribe link is not valid', [
        { path: 'query.token', message: 'is not a token this server issued' },
      ]);
    return u;
  };
  return new Hono<AppEnv>()
    .get(
      '/api/unsubscribe',
      describe({
        summary: 'The page of a one-click unsubscribe link',
        responses: {
          200: { description: 'A page with the button' },
          400: { description: 'Not a valid link' },
        },
      }),
      queryOf(TokenQuery),
      (c) => {
        const { token } = c.req.valid('query');
        const u = open(token);
        const form = `<form method="post" action="?token=${encodeURIComponent(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button>Stop emails about ${WHAT[u.kind]}</button></form>`;
        return c.html(page(`<p>Stop getting ${WHAT[u.kind]} by email from Ripple?</p>${form}`));
      },
    )
    .post(
      '/api/unsubscribe',
      describe({
        summary: 'One-click unsubscribe (RFC 8058)',
        responses: {
          200: { description: 'Unsubscribed' },
          400: { description: 'Not a valid link' },
        },
      }),
      queryOf(TokenQuery),
      async (c) => {
        const u = open(c.req.valid('query').token);
        await setSwitch(deps.db, u.userId, u.kind, 'email', false);
        return c.html(
          page(
            `<p>Done: no more ${WHAT[u.kind]} by email. You can turn them on again in Ripple's settings.</p>`,
          ),
        );
      },
    );
}
