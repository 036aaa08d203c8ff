import { request } from '../../lib/api.js';
import type { ViewCounts } from '../../../../functions/_shared/schemas/views.js';

export type { ViewCounts };
/** Open tasks per view (Today, Upcoming, overdue, assigned, each tag), counted in the user's time zone. */
export const getViewCounts = () => request<ViewCounts>('GET', '/api/views');
