import type { SeriesRow } from '../db/database.js';
import type { SeriesView } from '../schemas/series.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toSeriesView(s: SeriesRow): SeriesView {
  return {
    id: s.id,
    project_id: s.project_id,
    created_by: s.user_id,
    title: s.title,
    description: s.description,
    priority: s.priority,
    tags: s.tags,
    rrule: s.rrule,
    start: s.dtstart.toISOString(),
    time_zone: s.time_zone,
    lead_minutes: s.lead_minutes,
    remind_minutes: s.remind_minutes,
    catch_up: s.catch_up,
    catch_up_cap: s.catch_up_cap,
    status: s.status,
    next_due_at: iso(s.next_due),
    next_create_at: iso(s.next_create_at),
    generated: s.generated,
    capped: s.capped_at ? { at: s.capped_at.toISOString(), skipped: s.capped_skipped } : null,
    split_from: s.split_from,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
    version: s.version,
  };
}
