import { describe, expect, it } from 'vitest';
import { apiQuery, paramsFromView, viewFromParams, viewProblems } from './query.js';

describe('the task list view in the URL', () => {
  it('reads back exactly the view it wrote', () => {
    const view = viewFromParams(
      new URLSearchParams(
        'q=milk&status=all&priority=high,urgent&tags=home,Work&due_from=2026-03-01&due_to=2026-03-31&overdue=true&sort=priority&order=asc&project=01900000-0000-7000-8000-0000000000a1',
      ),
    );
    expect(view).toEqual({
      q: 'milk',
      status: 'all',
      priority: ['high', 'urgent'],
      tags: ['home', 'Work'],
      due_from: '2026-03-01',
      due_to: '2026-03-31',
      overdue: true,
      sort: 'priority',
      order: 'asc',
      project: '01900000-0000-7000-8000-0000000000a1',
      view: '',
    });
    expect(viewFromParams(paramsFromView(view))).toEqual(view);
  });

  it('shows Today and Upcoming by due date, a project in its manual order, with subtasks under parents only in a plain list', () => {
    const today = viewFromParams(new URLSearchParams('view=today'));
    expect(today).toMatchObject({ view: 'today', sort: 'due_at', order: 'asc' });
    expect(paramsFromView(today).toString()).toBe('view=today');
    expect(apiQuery(today, 50, undefined, '2026-03-01T22:59:59.999Z')).toMatchObject({
      due_to: '2026-03-01T22:59:59.999Z',
      sort: 'due_at',
      order: 'asc',
      status: 'pending',
      parent_id: undefined,
    });
    const project = viewFromParams(
      new URLSearchParams('project=01900000-0000-7000-8000-0000000000a1'),
    );
    expect(project).toMatchObject({ sort: 'position', order: 'asc' });
    expect(paramsFromView({ ...project, sort: 'title' }).toString()).toBe(
      'sort=title&order=asc&project=01900000-0000-7000-8000-0000000000a1',
    );
    expect(apiQuery(project, 50).parent_id).toBe('none');
    expect(apiQuery(viewFromParams(new URLSearchParams('q=milk')), 50).parent_id).toBeUndefined();
    expect(apiQuery(viewFromParams(new URLSearchParams('view=assigned')), 50)).toMatchObject({
      assigned_to: 'me',
      parent_id: undefined,
    });
    expect(viewProblems(new URLSearchParams('view=someday'), null)).toEqual([
      '"someday" is not a view',
    ]);
  });

  it('leaves defaults out of the URL, and falls back to them for anything malformed', () => {
    expect(paramsFromView(viewFromParams(new URLSearchParams(''))).toString()).toBe('');
    const odd = viewFromParams(
      new URLSearchParams(
        'status=nope&priority=high,bogus&sort=rank&order=up&due_from=tomorrow&overdue=1',
      ),
    );
    expect(odd).toMatchObject({
      status: 'pending',
      priority: ['high'],
      sort: 'created_at',
      order: 'desc',
      due_from: '',
      overdue: false,
    });
  });

  it('asks the API for whole calendar days and leaves empty filters out', () => {
    const query = apiQuery(
      viewFromParams(new URLSearchParams('due_from=2026-03-01&due_to=2026-03-01&q=%20%20')),
      50,
      'c1',
    );
    expect(new Date(query.due_to!).getTime() - new Date(query.due_from!).getTime()).toBe(
      86_400_000 - 1,
    );
    expect(query).toMatchObject({
      q: undefined,
      priority: undefined,
      tags: undefined,
      status: 'pending',
      sort: 'created_at',
      order: 'desc',
      limit: '50',
      cursor: 'c1',
      project_id: undefined,
    });
  });

  it('shows one project as project_id, or all projects without it', () => {
    expect(
      apiQuery(
        viewFromParams(new URLSearchParams('project=01900000-0000-7000-8000-0000000000a1')),
        50,
      ).project_id,
    ).toBe('01900000-0000-7000-8000-0000000000a1');
    expect(
      viewProblems(new URLSearchParams('project=01900000-0000-7000-8000-0000000000a1'), null, [
        '01900000-0000-7000-8000-0000000000a1',
      ]),
    ).toEqual([]);
    expect(
      viewProblems(new URLSearchParams('project=01900000-0000-7000-8000-0000000000a1'), null, [
        '01900000-0000-7000-8000-0000000000b2',
      ]),
    ).toHaveLength(1);
    expect(
      viewProblems(new URLSearchParams('project=01900000-0000-7000-8000-0000000000a1'), null, null),
    ).toEqual([]);
  });
});

describe('a view from a URL that cannot be shown', () => {
  const problems = (query: string, tags: string[] | null = ['home', 'Smith, J.']) =>
    viewProblems(new URLSearchParams(query), tags);

  it('says what is wrong in words', () => {
    expect(problems('tags=nosuchtag')).toEqual(['There is no tag "nosuchtag"']);
    expect(problems('tags=nosuchtag', null)).toEqual([]);
    expect(problems('due_from=2026-13-45&due_to=2026-02-30')).toEqual([
      '"2026-13-45" is not a date',
      '"2026-02-30" is not a date',
    ]);
    expect(problems('due_from=2026-03-10&due_to=2026-03-01')).toEqual([
      'The due range ends before it starts',
    ]);
    expect(problems('status=done&priority=high,bogus&sort=rank')).toEqual([
      '"done" is not a status',
      '"bogus" is not a priority',
      '"rank" is not a way to sort',
    ]);
    expect(problems('q=milk&tags=HOME&due_from=2026-03-01&due_to=2026-03-01&status=all')).toEqual(
      [],
    );
  });

  it('writes a tag holding a comma so that it reads back as one tag, and reads old comma lists as before', () => {
    const view = viewFromParams(new URLSearchParams(''));
    const withComma = { ...view, tags: ['Smith, J.', 'home'] };
    expect(viewFromParams(paramsFromView(withComma)).tags).toEqual(['Smith, J.', 'home']);
    expect(apiQuery(withComma, 50).tags).toBe('Smith\\, J.,home');
    expect(viewFromParams(new URLSearchParams('tags=home,Work')).tags).toEqual(['home', 'Work']);
    expect(problems(paramsFromView(withComma).toString())).toEqual([]);
  });
});
