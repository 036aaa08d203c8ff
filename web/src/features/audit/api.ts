import { request } from '../../lib/api.js';
import type { AuditEntry } from '../../lib/types.js';

export interface AuditPage {
  items: AuditEntry[];
  next_cursor: string | null;
}

export const listAudit = (query: Record<string, string | undefined>) =>
  request<AuditPage>('GET', '/api/audit', { query });
