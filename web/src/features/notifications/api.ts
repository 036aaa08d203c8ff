import { request } from '../../lib/api.js';
import type {
  NotificationPreferences,
  NotificationView,
  PushSubscriptionView,
} from '../../lib/types.js';

export const listNotifications = (unread = false) =>
  request<NotificationView[]>('GET', '/api/notifications', {
    query: { unread: unread ? 'true' : undefined },
  });
export const markRead = (id: string) =>
  request<NotificationView>('POST', `/api/notifications/${id}/read`);
export const getPreferences = () =>
  request<NotificationPreferences>('GET', '/api/notification-preferences');
export const putPreferences = (prefs: NotificationPreferences) =>
  request<NotificationPreferences>('PUT', '/api/notification-preferences', { body: prefs });
export const listDevices = () => request<PushSubscriptionView[]>('GET', '/api/push-subscriptions');
export const removeDevice = (id: string) =>
  request<void>('DELETE', `/api/push-subscriptions/${id}`);
