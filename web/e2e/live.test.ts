import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiAs, row, SCREENSHOTS, signUp, useRipple } from './support.js';

// What happens without a click in this tab: changes from another tab, reminders, a server restart,
// an ended session. And the other screens: tags, activity, a phone.
describe('the live UI in a browser', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  it('shows a change made in another tab of the same user without a reload', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const session = await page.evaluate(() => localStorage.getItem('ripple.session')!);
    // A second browser context: separate storage, as another device would be, signed in as the same user.
    const device = await ripple.browser.newContext({ timezoneId: 'America/New_York' });
    await device.addInitScript((value) => localStorage.setItem('ripple.session', value), session);
    const other = await ripple.newPage(device);
    await other.getByText('Live', { exact: true }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();

    await page.getByRole('button', { name: /New task/ }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Made in the first tab');
    await page.getByRole('dialog').getByRole('button', { name: 'Create task' }).click();
    await row(other, 'Made in the first tab').waitFor({ timeout: 5_000 });

    // And a change from the API (another device). How fast is measured by bench/ui.ts, not here.
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'Made on another device' });
    await row(other, 'Made on another device').waitFor({ timeout: 5_000 });
    await row(page, 'Made on another device').waitFor({ timeout: 5_000 });

    await row(other, 'Made in the first tab').getByRole('checkbox').check();
    await other.getByText('1 task', { exact: true }).waitFor();
    await page.getByText('1 task', { exact: true }).waitFor({ timeout: 3_000 });
  });

  it('shows a reminder as a toast and in the notifications menu', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    await page.getByText('Live', { exact: true }).waitFor();
    const soon = new Date(Date.now() + 1_500).toISOString();
    await api('POST', '/api/tasks', {
      title: 'Take the cake out',
      due_at: new Date(Date.now() + 3_600_000).toISOString(),
      remind_at: soon,
    });
    await page
      .getByRole('status')
      .getByText('Reminder: Take the cake out')
      .waitFor({ timeout: 10_000 });
    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.click();
    await page
      .getByRole('region', { name: 'Notifications' })
      .getByText('Reminder: Take the cake out')
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notifications.png') });
    await page.getByRole('button', { name: 'Mark read: Take the cake out' }).click();
    await page.getByRole('button', { name: 'Notifications, 0 unread' }).waitFor();
    expect((await api('GET', '/api/notifications?unread=true')).body).toEqual([]);
  });

  it('reconnects by itself after the server restarts, and misses nothing', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    await page.getByText('Live', { exact: true }).waitFor();
    await ripple.restart();
    await api('POST', '/api/tasks', { title: 'Written after the restart' });
    await row(page, 'Written after the restart').waitFor({ timeout: 20_000 });
    await page.getByText('Live', { exact: true }).waitFor();
    await api('POST', '/api/tasks', { title: 'And another' });
    await row(page, 'And another').waitFor({ timeout: 3_000 });
  });

  it('renews an expired access token with the refresh token, unnoticed', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    // The access token has expired (here: made invalid); the refresh token is still good.
    const before = await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('ripple.session')!);
      localStorage.setItem('ripple.session', JSON.stringify({ ...s, token: `${s.token}x` }));
      return s;
    });
    await page.reload();
    await page.getByRole('button', { name: /New task/ }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Written on a renewed session');
    await page.getByRole('dialog').getByRole('button', { name: 'Create task' }).click();
    await row(page, 'Written on a renewed session').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem('ripple.session')!));
    expect(after.user.id).toBe(before.user.id);
    expect(after.refresh_token).not.toBe(before.refresh_token);
  });

  it('renews once for all tabs: two tabs finding the token expired at the same moment both stay signed in', async () => {
    const first = await ripple.newPage();
    await signUp(first);
    const second = await ripple.newPage(first.context());
    await second.getByText('0 tasks').waitFor();
    await first.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('ripple.session')!);
      localStorage.setItem('ripple.session', JSON.stringify({ ...s, token: `${s.token}x` }));
    });
    await Promise.all([first.reload(), second.reload()]);
    await first.getByText('0 tasks').waitFor();
    await second.getByText('0 tasks').waitFor();
    // The session the tabs share is still good on the server (a refresh token used twice would have revoked it).
    await second.getByRole('button', { name: /New task/ }).click();
    await second.getByRole('dialog').getByLabel('Title').fill('After both tabs renewed');
    await second.getByRole('dialog').getByRole('button', { name: 'Create task' }).click();
    await row(first, 'After both tabs renewed').waitFor({ timeout: 5_000 });
    expect(await first.evaluate(() => localStorage.getItem('ripple.session'))).not.toBeNull();
  });

  it('sends the user back to sign in when the session cannot be renewed (signed out on another device)', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('ripple.session')!));
    expect(
      (await api('POST', '/api/auth/signout', { refresh_token: stored.refresh_token })).status,
    ).toBe(204);
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('ripple.session')!);
      localStorage.setItem('ripple.session', JSON.stringify({ ...s, token: `${s.token}x` }));
    });
    await page.reload();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('ripple.session'))).toBeNull();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sign-in.png') });
  });

  it('manages tags: counts, rename, recolor, delete after a confirmation', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'One', tags: ['work'] });
    await api('POST', '/api/tasks', { title: 'Two', tags: ['work', 'Later'] });
    await page.getByRole('link', { name: 'Tags' }).click();
    const tags = page.getByRole('list', { name: 'Tags' });
    await tags.getByText('2 tasks').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tags.png') });

    await page.getByLabel('Name of tag work').fill('job');
    await page.getByLabel('Name of tag work').press('Enter');
    await expect
      .poll(async () => (await api('GET', '/api/tags')).body.map((t: any) => t.name).sort())
      .toEqual(['Later', 'job']);
    await tags.locator('.chip', { hasText: 'job' }).waitFor();
    await page.getByLabel('Name of tag job').fill('later');
    await page.getByLabel('Name of tag job').press('Enter');
    await tags.getByRole('alert').waitFor();
    expect(await page.getByLabel('Name of tag job').inputValue()).toBe('job');
    await page.getByLabel('Color of tag job').fill('#ff0000');
    await expect
      .poll(
        async () => (await api('GET', '/api/tags')).body.find((t: any) => t.name === 'job').color,
      )
      .toBe('#ff0000');

    await page.getByRole('button', { name: 'Delete tag Later' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete tag' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', '/api/tags')).body).toHaveLength(2);
    await page.getByRole('button', { name: 'Delete tag Later' }).click();
    await confirm.getByRole('button', { name: 'Delete tag' }).click();
    await page.getByRole('button', { name: 'Delete tag Later' }).waitFor({ state: 'detached' });
    expect((await api('GET', '/api/tags')).body.map((t: any) => t.name)).toEqual(['job']);

    await page.getByRole('link', { name: '2 tasks' }).click();
    await page.waitForURL(/tags=job/);
    await expect
      .poll(() => page.getByRole('list', { name: 'Tasks' }).locator('.title').allTextContents())
      .toEqual(['Two', 'One']);
  });

  it('lists activity newest first, filtered by kind of change in the URL', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const task = (await api('POST', '/api/tasks', { title: 'Audited' })).body;
    await api('POST', `/api/tasks/${task.id}/complete`);
    await api('POST', `/api/tasks/${task.id}/reopen`);
    // The audit log is written by its consumer, after the answers: wait until it has all three.
    await expect
      .poll(async () => (await api('GET', '/api/audit')).body.items.length, { timeout: 10_000 })
      .toBe(3);
    await page.getByRole('link', { name: 'Activity' }).click();
    const kinds = () => page.locator('table.audit tbody .event').allTextContents();
    await expect.poll(kinds).toEqual(['reopened', 'completed', 'created']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'activity.png') });
    await page.getByLabel('Change').selectOption('completed');
    await page.waitForURL(/#\/audit\?event_type=completed/);
    await expect.poll(kinds).toEqual(['completed']);
    await page.reload();
    await expect.poll(kinds).toEqual(['completed']);
  });

  it('fits a phone-sized screen', async () => {
    const phone = await ripple.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await ripple.newPage(phone);
    await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', {
      title: 'Pick up the parcel from the post office',
      priority: 'urgent',
      tags: ['errands'],
      due_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await row(page, 'Pick up the parcel from the post office').getByText('Overdue').waitFor();
    // Filters start folded on a phone, and unfold.
    const filters = page.getByRole('region', { name: 'Filters and sort' });
    expect(await filters.isVisible()).toBe(false);
    await page.getByText('Filters and sort').click();
    await filters.getByLabel('Status').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone.png'), fullPage: true });
  });
});
