import { request } from '../../lib/api.js';
import type { TaskView } from '../../lib/types.js';
import type {
  SeriesCreate,
  SeriesPatch,
  SeriesView,
} from '../../../../functions/_shared/schemas/series.js';
import type { OccurrenceView } from '../../../../functions/_shared/schemas/occurrence.js';
import type { Preview } from '../../../../functions/_shared/schemas/preview.js';

export type { SeriesView, OccurrenceView, Preview };
/** What the series form sends (dates as RFC 3339 text). */
export type SeriesDraft = Omit<Partial<SeriesCreate>, 'start'> & { start?: string };
export type SeriesChange = Omit<Partial<SeriesPatch>, 'start' | 'from'> & {
  start?: string;
  from?: string;
};
export interface OccurrenceChange {
  skip?: boolean;
  title?: string;
  priority?: string;
  due_at?: string;
}

const ifMatch = (version?: number) =>
  version === undefined ? {} : { headers: { 'if-match': `"${version}"` } };

export const listSeries = () => request<SeriesView[]>('GET', '/api/series');
export const createSeries = (draft: SeriesDraft) =>
  request<SeriesView>('POST', '/api/series', { body: draft });
export const patchSeries = (id: string, change: SeriesChange, version?: number) =>
  request<SeriesView>('PATCH', `/api/series/${id}`, { body: change, ...ifMatch(version) });
export const setStatus = (id: string, action: 'pause' | 'resume' | 'end') =>
  request<SeriesView>('POST', `/api/series/${id}/${action}`);
export const deleteSeries = (id: string, instances: 'keep' | 'delete') =>
  request<void>('DELETE', `/api/series/${id}`, { query: { instances } });

const occurrencePath = (id: string, due: string) =>
  `/api/series/${id}/occurrences/${encodeURIComponent(due)}`;
export const changeOccurrence = (id: string, due: string, change: OccurrenceChange) =>
  request<OccurrenceView>('PUT', occurrencePath(id, due), { body: change });
export const undoOccurrence = (id: string, due: string) =>
  request<OccurrenceView>('DELETE', occurrencePath(id, due));

/** The next occurrences of a rule being edited (with `series_id`: laid over that series' edits and tasks). */
export const previewRule = (query: {
  rrule?: string;
  start?: string;
  count?: string;
  series_id?: string;
}) => request<Preview>('GET', '/api/recurrence/preview', { query });

export interface FeedStatus {
  active: boolean;
  created_at: string | null;
}
export const feedStatus = () => request<FeedStatus>('GET', '/api/calendar/feed');
export const makeFeed = () =>
  request<{ url: string; created_at: string }>('POST', '/api/calendar/feed');
export const revokeFeed = () => request<void>('DELETE', '/api/calendar/feed');

/** Recurring tasks that repeat after completion (one page of open tasks, filtered here: the API has no such filter). */
export const listRecurringTasks = async () =>
  (
    await request<{ items: TaskView[] }>('GET', '/api/tasks', {
      query: { limit: '100', sort: 'due_at', order: 'asc' },
    })
  ).items.filter((t) => t.recurrence !== null);
