import { request } from '../../lib/api.js';
import type { AccessTokenView } from '../../../../functions/_shared/schemas/access-token.js';

export type { AccessTokenView };
export type AccessTokenScope = AccessTokenView['scope'];

export const listTokens = () => request<AccessTokenView[]>('GET', '/api/tokens');
export const createToken = (body: {
  name: string;
  scope: AccessTokenScope;
  expires_at: string | null;
}) => request<AccessTokenView & { token: string }>('POST', '/api/tokens', { body });
export const revokeToken = (id: string) => request<void>('DELETE', `/api/tokens/${id}`);
