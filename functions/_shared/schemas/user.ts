import * as z from 'zod';
import { InstantOut, Text, TimeZone } from './common.js';

export const Email = Text.trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'must be an email address' }));

const Name = Text.trim().min(1).max(100);

/** Spaces do not count: eight of them (or a short word padded out) guard nothing. */
const NewPassword = z
  .string()
  .min(8, { error: 'must be at least 8 characters, not counting spaces', abort: true })
  .max(1024)
  .refine(
    (p) => p.replace(/\s/gu, '').length >= 8,
    'must be at least 8 characters, not counting spaces',
  )
  .meta({ description: 'At least 8 characters that are not spaces' });

export const SignupBody = z.strictObject({
  email: Email,
  password: NewPassword,
  name: Name.optional(),
  timezone: TimeZone.optional(),
  starter_tags: z
    .boolean()
    .default(false)
    .meta({ description: 'Start with the tags Work, Personal, Shopping, Health and Finance' }),
});

export const SigninBody = z.strictObject({
  email: Email,
  password: z.string().min(1).max(1024),
});

export const MePatchBody = z.strictObject({
  name: Name.nullable().optional(),
  timezone: TimeZone.optional(),
});

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    timezone: z.string(),
    created_at: InstantOut,
  })
  .meta({ id: 'User' });

export const Session = z
  .object({
    token: z.string().meta({ description: 'Bearer token for the API, short-lived' }),
    expires_in: z.number().int().meta({ description: 'Seconds until `token` expires' }),
    refresh_token: z.string().meta({
      description:
        'Exchanged at POST /api/auth/refresh for a new pair; it works for a minute after its first exchange',
    }),
    user: User,
  })
  .meta({ id: 'Session' });

export const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(256) });

export const PasswordChangeBody = z.strictObject({
  current_password: z.string().min(1).max(1024),
  new_password: NewPassword,
});

export const AccountSession = z
  .object({
    id: z.uuid().meta({ description: 'The sign-in (DELETE /api/sessions/{id} ends it)' }),
    created_at: InstantOut.meta({ description: 'When it signed in' }),
    last_used_at: InstantOut.meta({
      description: 'Its latest sign-in or renewal (the UI renews every 15 minutes while open)',
    }),
    expires_at: InstantOut.meta({ description: 'When it ends unless renewed' }),
    user_agent: z
      .string()
      .nullable()
      .meta({ description: 'The User-Agent it last renewed from (up to 256 characters)' }),
    ip: z.string().nullable().meta({ description: 'The client address it last renewed from' }),
    current: z.boolean().meta({ description: 'Whether it is the session of the token asking' }),
  })
  .meta({ id: 'AccountSession' });

export const AccountSessions = z.object({ items: z.array(AccountSession) });

export type SignupInput = z.output<typeof SignupBody>;
export type MePatch = z.output<typeof MePatchBody>;
export type UserView = z.infer<typeof User>;
export type SessionView = z.infer<typeof Session>;
export type PasswordChange = z.output<typeof PasswordChangeBody>;
export type AccountSessionView = z.infer<typeof AccountSession>;
