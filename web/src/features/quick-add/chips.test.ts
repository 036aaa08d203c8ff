import { describe, expect, it } from 'vitest';
import type { QuickAddResult } from './api.js';
import { chipsOf } from './chips.js';

const base: QuickAddResult = {
  title: 'Call mom',
  due_at: null,
  due_has_time: false,
  tags: [],
  priority: null,
  recurrence: null,
  project_id: null,
  spans: [],
  problems: [],
  task: null,
};

describe('chipsOf', () => {
  it('labels each piece understood in the order of the line, its date on the account’s clock, then what is wrong', () => {
    const r: QuickAddResult = {
      ...base,
      due_at: '2026-12-06T12:30:00.000Z',
      due_has_time: true,
      tags: ['family'],
      priority: 'high',
      project_id: 'p1',
      spans: [
        { kind: 'due', start: 9, end: 21, text: 'tomorrow 6pm' },
        { kind: 'tag', start: 22, end: 29, text: '#family' },
        { kind: 'priority', start: 30, end: 35, text: '!high' },
        { kind: 'recurrence', start: 36, end: 48, text: 'Every sunday' },
        { kind: 'project', start: 49, end: 55, text: '@home' },
      ],
      problems: [
        {
          kind: 'project',
          start: 56,
          end: 61,
          text: '@Nope',
          message: 'You have no project named “Nope”',
        },
        { kind: 'title', start: 0, end: 61, text: 'whole line', message: 'Give the task a title' },
      ],
    };
    const chips = chipsOf(r, (id) => (id === 'p1' ? 'Home' : '?'), 'Asia/Kolkata');
    expect(
      chips.map((c) => [
        c.label.replace(/^Due: .*6.*(18:00|6:00\sPM)$/, 'Due: … 18:00'),
        c.text,
        c.problem,
      ]),
    ).toEqual([
      ['Due: … 18:00', 'tomorrow 6pm', false],
      ['Tag: family', '#family', false],
      ['Priority: high', '!high', false],
      ['Repeats: every sunday', 'Every sunday', false],
      ['Project: Home', '@home', false],
      ['@Nope: You have no project named “Nope”', '@Nope', true],
    ]);
  });

  it('shows a day without a time as a day alone', () => {
    const r: QuickAddResult = {
      ...base,
      due_at: '2026-12-06T18:29:00.000Z',
      spans: [{ kind: 'due', start: 9, end: 17, text: 'tomorrow' }],
    };
    const [chip] = chipsOf(r, () => '', 'Asia/Kolkata');
    expect(chip!.label).not.toMatch(/\d:\d\d/);
    expect(chip!.label).toMatch(/^Due: .*(6|7)/);
  });
});
