import type { Deps } from '../deps.js';
import { openByTagName, viewBounds, viewCounts } from '../db/views.js';
import { notFound } from '../errors.js';
import type { ViewCounts } from '../schemas/views.js';

/** The sidebar's counts and the day boundaries they were counted with, in the user's time zone. */
export async function countViews(deps: Deps, userId: string): Promise<ViewCounts> {
  const now = deps.clock.now();
  const bounds = await viewBounds(deps.db, userId, now);
  if (!bounds) throw notFound('User not found');
  const [counts, tags] = await Promise.all([
    viewCounts(deps.db, userId, {
      now,
      tomorrow: bounds.tomorrow,
      upcomingEnd: bounds.upcoming_end,
    }),
    openByTagName(deps.db, userId),
  ]);
  return {
    time_zone: bounds.timezone,
    today_start: new Date(bounds.today).toISOString(),
    tomorrow_start: new Date(bounds.tomorrow).toISOString(),
    upcoming_end: new Date(bounds.upcoming_end).toISOString(),
    counts,
    tags: Object.fromEntries(tags),
  };
}
