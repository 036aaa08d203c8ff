import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, SCREENSHOTS, signUp, useRipple } from './support.js';

// The Schedules screen in a browser: a series on schedule made with the rule editor, its preview
// following the rule as it changes, one occurrence edited, paused and resumed, and the calendar feed.
describe('the Schedules screen', { timeout: 60_000 }, () => {
  const ripple = useRipple();

  /** The preview's dates as instants. */
  const dates = async (list: Locator) =>
    (
      await list.locator('time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime')!))
    ).map((s) => new Date(s));
  /** A date's day of the week and whether it is the last of its weekday in its month, in Berlin. */
  const berlin = (d: Date) => {
    const day = (x: Date) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        weekday: 'long',
        month: 'numeric',
      }).formatToParts(x);
    const part = (x: Date, type: string) => day(x).find((p) => p.type === type)!.value;
    return {
      weekday: part(d, 'weekday'),
      last: part(new Date(d.getTime() + 7 * 86_400_000), 'month') !== part(d, 'month'),
    };
  };
  const axeClean = async (page: Page) => expect(await axeViolations(page)).toEqual([]);

  it('makes a "last Friday of the month" series with the editor, edits one occurrence, pauses and resumes it, and serves the feed', async () => {
    const context = await ripple.browser.newContext({
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
      viewport: { width: 1440, height: 900 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ripple.url });
    const page = await ripple.newPage(context);
    await signUp(page);
    const api = await apiAs(page, ripple);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Schedules' })
      .click();
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
    expect(await page.title()).toBe('Schedules · Ripple');

    await page.getByRole('button', { name: 'New series' }).click();
    const dialog = page.getByRole('dialog', { name: 'New series' });
    await dialog.getByLabel('Title').fill('Timesheet');
    const preview = dialog.getByRole('list', { name: 'Next occurrences' });
    // Monthly on the first due date's day: five dates, not all Fridays.
    await expect.poll(async () => (await dates(preview)).length).toBe(5);
    const before = (await dates(preview)).map((d) => d.toISOString());
    await dialog.getByLabel('the', { exact: true }).check();
    await dialog.getByLabel('Which one in the month').selectOption('last');
    await dialog.getByLabel('Weekday').selectOption('Friday');
    await expect
      .poll(async () =>
        (await dates(preview)).map(berlin).every((d) => d.weekday === 'Friday' && d.last),
      )
      .toBe(true);
    expect((await dates(preview)).map((d) => d.toISOString())).not.toEqual(before);
    await dialog.getByText('Advanced: RRULE').click();
    expect(await dialog.getByLabel('RRULE (RFC 5545)').inputValue()).toBe(
      'FREQ=MONTHLY;BYDAY=-1FR',
    );
    // A raw rule the form cannot say is shown as it is, and the preview follows it too.
    await dialog.getByLabel('RRULE (RFC 5545)').fill('FREQ=MONTHLY;BYDAY=-1FR;COUNT=2');
    await expect.poll(async () => (await dates(preview)).length).toBe(2);
    expect(await dialog.getByRole('radio', { name: 'after' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: 'never' }).check();
    await expect.poll(async () => (await dates(preview)).length).toBe(5);
    await axeClean(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'schedules-editor-1440.png') });
    await dialog.getByRole('button', { name: 'Create series' }).click();

    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Timesheet' }) });
    await card.getByText('Every month on the last Friday').waitFor();
    await card.getByText('On schedule').waitFor();
    const [series] = (await api('GET', '/api/series')).body;
    expect(series).toMatchObject({
      title: 'Timesheet',
      rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
      status: 'active',
      lead_minutes: null,
    });

    // "Edit this one" on the second occurrence.
    const occurrences = card.getByRole('list', { name: 'Next occurrences of Timesheet' });
    await expect.poll(async () => (await dates(occurrences)).length).toBe(4);
    const second = (await dates(occurrences))[1]!.toISOString();
    await occurrences
      .getByRole('listitem')
      .nth(1)
      .getByRole('button', { name: 'Edit this one' })
      .click();
    const one = page.getByRole('dialog', { name: 'Edit this occurrence' });
    await one.getByLabel('Title').fill('Timesheet and expenses');
    await one.getByLabel('Priority').selectOption('high');
    await one.getByRole('button', { name: 'Save this one' }).click();
    await occurrences.getByRole('listitem').nth(1).getByText('Edited').waitFor();
    await occurrences.getByText('“Timesheet and expenses”').waitFor();
    const states = (await api('GET', `/api/recurrence/preview?series_id=${series.id}&count=3`)).body
      .occurrences;
    expect(states.map((o: { at: string; state: string }) => [o.at, o.state])).toEqual([
      [states[0].at, 'planned'],
      [second, 'edited'],
      [states[2].at, 'planned'],
    ]);
    expect(states[1].changes).toEqual({ title: 'Timesheet and expenses', priority: 'high' });

    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByText('Paused', { exact: true }).waitFor();
    expect((await api('GET', `/api/series/${series.id}`)).body.status).toBe('paused');
    await card.getByRole('button', { name: 'Resume' }).click();
    await card.getByRole('button', { name: 'Pause' }).waitFor();
    expect((await api('GET', `/api/series/${series.id}`)).body.status).toBe('active');

    // The calendar feed: made, copied, and served to a calendar app without a token.
    await page.getByRole('button', { name: 'Make a feed address' }).click();
    const address = page.getByLabel('Feed address (shown this once)');
    await address.waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Feed address copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await address.inputValue());
    expect(copied).toMatch(/\/api\/calendar\/feeds\/[^/]+\.ics$/);
    const feed = await fetch(copied);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);

    await axeClean(page);
    // The toasts (each change said so) would cover the screen.
    await page.evaluate(() =>
      document
        .querySelectorAll<HTMLButtonElement>('.toast button[aria-label="Dismiss"]')
        .forEach((b) => b.click()),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'schedules-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    // The header's links stay on their line, none over another.
    const links = await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top));
    expect(new Set(links).size).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'schedules-390.png'), fullPage: true });
    // The phone size in dark mode.
    await page.emulateMedia({ colorScheme: 'dark' });
    await axeClean(page);
  });
});
