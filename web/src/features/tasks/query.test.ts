import { describe, expect, it } from 'vitest';
import { apiQuery, paramsFromView, viewFromParams } from './query.js';

describe('the task list view in the URL', () => {
  it('reads back exactly the view it wrote', () => {
    const view = viewFromParams(new URLSearchParams('q=milk&status=all&priority=high,urgent&tags=home,Work&due_from=2026-03-01&due_to=2026-03-31&overdue=true&sort=priority&order=asc'));
    expect(view).toEqual({ q: 'milk', status: 'all', priority: ['high', 'urgent'], tags: ['home', 'Work'], due_from: '2026-03-01', due_to: '2026-03-31', overdue: true, sort: 'priority', order: 'asc' });
    expect(viewFromParams(paramsFromView(view))).toEqual(view);
  });

  it('leaves defaults out of the URL, and falls back to them for anything malformed', () => {
    expect(paramsFromView(viewFromParams(new URLSearchParams(''))).toString()).toBe('');
    const odd = viewFromParams(new URLSearchParams('status=nope&priority=high,bogus&sort=rank&order=up&due_from=tomorrow&overdue=1'));
    expect(odd).toMatchObject({ status: 'pending', priority: ['high'], sort: 'created_at', order: 'desc', due_from: '', overdue: false });
  });

  it('asks the API for whole calendar days and leaves empty filters out', () => {
    const query = apiQuery(viewFromParams(new URLSearchParams('due_from=2026-03-01&due_to=2026-03-01&q=%20%20')), 50, 'c1');
    expect(new Date(query.due_to!).getTime() - new Date(query.due_from!).getTime()).toBe(86_400_000 - 1);
    expect(query).toMatchObject({ q: undefined, priority: undefined, tags: undefined, status: 'pending', sort: 'created_at', order: 'desc', limit: '50', cursor: 'c1' });
  });
});
