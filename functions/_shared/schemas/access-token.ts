import * as z from 'zod';
import { Instant, InstantOut, Text } from './common.js';

export const AccessTokenScope = z.enum(['read', 'read+write']).meta({
  description:
    '`read`: only GET (and MCP tools that read); `read+write`: everything the user may do',
});

export const AccessToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: AccessTokenScope,
    /** The secret's first characters, to tell tokens apart. */
    hint: z.string().meta({ description: 'The first characters of the secret, e.g. `rpl_Ab3x`' }),
    created_at: InstantOut,
    expires_at: InstantOut.nullable().meta({ description: 'null: never expires' }),
    last_used_at: InstantOut.nullable().meta({ description: 'To the minute; null: never used' }),
  })
  .meta({ id: 'AccessToken' });
export type AccessTokenView = z.infer<typeof AccessToken>;

export const CreatedAccessToken = AccessToken.extend({
  token: z.string().meta({
    description: 'The secret, shown this once: send it as `Authorization: Bearer <token>`',
  }),
}).meta({ id: 'CreatedAccessToken' });

export const AccessTokenCreateBody = z.strictObject({
  name: Text.trim()
    .min(1, 'Give the token a name')
    .max(100, 'Keep the name to 100 characters or fewer'),
  scope: AccessTokenScope,
  expires_at: Instant.nullable()
    .optional()
    .meta({ description: 'When it stops working; absent or null: never' }),
});
export type AccessTokenCreate = z.output<typeof AccessTokenCreateBody>;
