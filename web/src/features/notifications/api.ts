import { request } from '../../lib/api.js';
import type { NotificationView } from '../../lib/types.js';

export const listNotifications = (unread = false) => request<NotificationView[]>('GET', '/api/notifications', { query: { unread: unread ? 'true' : undefined } });
export const markRead = (id: string) => request<NotificationView>('POST', `/api/notifications/${id}/read`);
