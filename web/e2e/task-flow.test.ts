import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiAs, localInput, openFilters, row, SCREENSHOTS, signUp, useRipple } from './support.js';

// One user's journey through the UI in a real browser, as the issue lists it: sign up, create with
// tags, due date and recurrence, find by search and filters, edit, complete (the next one appears),
// delete and undo; the URL keeps the view; user text stays text.
describe('the task list in a browser', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  it('takes a task from creation to completion, and its next occurrence appears', async () => {
    const page = await ripple.newPage();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sign-up.png') });
    await signUp(page);

    await page.getByRole('button', { name: /New task/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Title').fill('Water the plants');
    await dialog.getByLabel('Description').fill('The ones on the balcony');
    await dialog.getByLabel('Priority').selectOption('high');
    await dialog.getByLabel('Tags').fill('home');
    await dialog.getByLabel('Tags').press('Enter');
    await dialog.getByLabel('Tags').fill('garden');
    await dialog.getByLabel('Tags').press(',');
    await dialog.getByLabel('Due', { exact: true }).fill(localInput(2, 18));
    await dialog.getByLabel('Remind me').fill(localInput(2, 17));
    await dialog.getByLabel('Frequency').selectOption('weekly');
    await dialog.getByLabel('Every').fill('2');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'task-form.png') });
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await dialog.waitFor({ state: 'detached' });

    const created = row(page, 'Water the plants');
    await created.waitFor();
    const meta = await created.textContent();
    expect(meta).toContain('high');
    expect(meta).toContain('Every 2 weeks');
    expect(meta).toMatch(/Due in 2 days/);
    expect(meta).toContain('Reminder');
    expect(await created.locator('.chip').allTextContents()).toEqual(['garden', 'home']);
    const api = await apiAs(page, ripple);
    const stored = (await api('GET', '/api/tasks')).body.items[0];
    expect(stored).toMatchObject({
      title: 'Water the plants',
      priority: 'high',
      description: 'The ones on the balcony',
      recurrence: { frequency: 'weekly', interval: 2, from: 'due' },
    });
    // 18:00 in Berlin, the browser's zone, two days on.
    expect(
      new Date(stored.due_at).toLocaleString('en-GB', {
        timeZone: 'Europe/Berlin',
        hour: '2-digit',
        minute: '2-digit',
      }),
    ).toBe('18:00');

    await api('POST', '/api/tasks', { title: 'Buy milk', priority: 'low', tags: ['errands'] });
    await api('POST', '/api/tasks', {
      title: 'Call the plumber',
      priority: 'urgent',
      tags: ['home'],
    });
    await page.getByText('3 tasks').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'task-list.png') });

    // Search, debounced into the URL.
    await page.getByLabel('Search tasks').fill('plant');
    await page.waitForURL(/#\/\?q=plant$/);
    await page.getByText('1 task', { exact: true }).waitFor();
    await page.getByLabel('Search tasks').fill('');
    await page.waitForURL(/#\/$/);
    // Filters: tag home (two tasks), then also priority high (one).
    const filters = await openFilters(page);
    await filters.getByRole('checkbox', { name: 'home' }).check();
    await page.getByText('2 tasks').waitFor();
    await filters.getByRole('checkbox', { name: 'high' }).check();
    await page.getByText('1 task', { exact: true }).waitFor();
    await row(page, 'Water the plants').waitFor();
    expect(page.url()).toMatch(/priority=high/);
    expect(page.url()).toMatch(/tags=home/);

    // Edit it.
    await row(page, 'Water the plants')
      .getByRole('button', { name: 'Edit "Water the plants"' })
      .click();
    const edit = page.getByRole('dialog', { name: 'Edit task' });
    await edit.getByLabel('Title').fill('Water all the plants');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row(page, 'Water all the plants').waitFor();
    const original = await row(page, 'Water all the plants').getAttribute('data-task-id');

    // Complete it: it leaves the open list, and its next occurrence (two weeks on) arrives by itself.
    await row(page, 'Water all the plants')
      .getByRole('checkbox', { name: 'Complete "Water all the plants"' })
      .check();
    await expect
      .poll(async () => row(page, 'Water all the plants').getAttribute('data-task-id'), {
        timeout: 10_000,
      })
      .not.toBe(original);
    expect(await row(page, 'Water all the plants').textContent()).toMatch(/Due in 2 weeks/);

    // Delete the next one, then undo.
    const next = row(page, 'Water all the plants');
    await next.getByRole('button', { name: 'Delete "Water all the plants"' }).click();
    await page.getByText('0 tasks').waitFor();
    await page
      .getByRole('status')
      .locator('.toast', { hasText: 'Deleted' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await row(page, 'Water all the plants').waitFor();
    expect(
      (await api('GET', '/api/tasks?status=all&q=water')).body.items
        .map((t: any) => t.status)
        .sort(),
    ).toEqual(['completed', 'pending']);
  });

  it('keeps the view in the URL: a reload, back and forward, and a shared link restore it', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    for (const [title, priority] of [
      ['Alpha', 'low'],
      ['Bravo', 'urgent'],
      ['Charlie', 'medium'],
    ] as const)
      await api('POST', '/api/tasks', { title, priority });
    await page.reload();
    await page.getByText('3 tasks').waitFor();

    const filters = await openFilters(page);
    await filters.getByLabel('Sort by').selectOption('title');
    await filters.getByLabel('Order').selectOption('asc');
    await page.waitForURL(/sort=title&order=asc/);
    const titles = () =>
      page.getByRole('list', { name: 'Tasks' }).locator('.title').allTextContents();
    await expect.poll(titles).toEqual(['Alpha', 'Bravo', 'Charlie']);
    await filters.getByRole('checkbox', { name: 'urgent' }).check();
    await filters.getByRole('checkbox', { name: 'low' }).check();
    await expect.poll(titles).toEqual(['Alpha', 'Bravo']);
    const shared = page.url();

    await page.reload();
    await expect.poll(titles).toEqual(['Alpha', 'Bravo']);
    expect(await filters.getByLabel('Sort by').inputValue()).toBe('title');
    expect(await filters.getByRole('checkbox', { name: 'urgent' }).isChecked()).toBe(true);

    await page.goBack();
    await expect.poll(titles).toEqual(['Bravo']);
    expect(await filters.getByRole('checkbox', { name: 'low' }).isChecked()).toBe(false);
    await page.goForward();
    await expect.poll(titles).toEqual(['Alpha', 'Bravo']);

    // The same link in a new tab of the same user.
    const other = await page.context().newPage();
    await other.goto(shared);
    await expect
      .poll(() => other.getByRole('list', { name: 'Tasks' }).locator('.title').allTextContents())
      .toEqual(['Alpha', 'Bravo']);
  });

  it('shows a title of markup as text, and validation messages beside their fields', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    let alerted = false;
    page.on('dialog', (d) => {
      alerted = true;
      void d.dismiss();
    });

    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Create task' }).click();
    expect(await dialog.locator('#task-title-error').textContent()).toBe('Give the task a title');
    expect(await dialog.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');

    const xss = '<img src=x onerror=alert(1)>';
    await dialog.getByLabel('Title').fill(xss);
    await dialog.getByLabel('Due', { exact: true }).fill(localInput(1, 9));
    await dialog.getByLabel('Remind me').fill(localInput(1, 10));
    await dialog.getByRole('button', { name: 'Create task' }).click();
    expect(await dialog.locator('#task-remind-error').textContent()).toBe(
      'Set the reminder at or before the due date',
    );
    await dialog.getByLabel('Remind me').fill(localInput(1, 8));
    await dialog.getByLabel('Title').press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await row(page, xss).waitFor();
    expect(await row(page, xss).locator('.title').textContent()).toBe(xss);
    expect(await page.locator('.task-list img').count()).toBe(0);
    expect(alerted).toBe(false);
  });

  it('is usable with the keyboard: / searches, n creates, Escape closes', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.press('Tab');
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('task-title');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('n');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('task-title');
    await page.keyboard.type('Typed task');
    await page.keyboard.press('Enter');
    await row(page, 'Typed task').waitFor();
    // Complete it with the keyboard alone.
    await row(page, 'Typed task').getByRole('checkbox').focus();
    await page.keyboard.press('Space');
    await page.getByText('0 tasks').waitFor();
  });

  it('pages with Load more, and a live change keeps what is loaded', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    for (let i = 1; i <= 55; i++)
      await api('POST', '/api/tasks', { title: `Task ${String(i).padStart(2, '0')}` });
    await page.reload();
    await page.getByText('50+ tasks').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('55 tasks').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // A change elsewhere reloads the list, and keeps all 55 in view.
    await api('POST', '/api/tasks', { title: 'Task 56' });
    await page.getByText('56 tasks').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const titles = await page
      .getByRole('list', { name: 'Tasks' })
      .locator('.title')
      .allTextContents();
    expect(titles[0]).toBe('Task 56');
    expect(titles.at(-1)).toBe('Task 01');
  });

  it('signs out, and signs in again to the same tasks', async () => {
    const page = await ripple.newPage();
    const email = await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'Still here after signing out' });
    await row(page, 'Still here after signing out').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill('wrong password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.getByRole('alert').waitFor();
    await form.getByLabel('Password').fill('correct horse battery');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await row(page, 'Still here after signing out').waitFor();
    await page.reload();
    await row(page, 'Still here after signing out').waitFor();
  });

  it('gives every control a name a screen reader can say, on every screen', async () => {
    const page = await ripple.newPage();
    const unlabelled = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href]')]
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            const named =
              (labels && labels.length > 0) ||
              el.getAttribute('aria-label') ||
              el.getAttribute('aria-labelledby') ||
              (el.textContent ?? '').trim();
            return !named;
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
    expect(await unlabelled()).toEqual([]);
    await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', {
      title: 'Labelled',
      tags: ['a11y'],
      due_at: new Date(Date.now() + 86_400_000).toISOString(),
      recurrence: { frequency: 'weekly' },
    });
    await row(page, 'Labelled').waitFor();
    expect(await unlabelled()).toEqual([]);
    await row(page, 'Labelled').getByRole('button', { name: 'Edit "Labelled"' }).click();
    await page.getByRole('dialog').getByLabel('Frequency').waitFor();
    expect(await unlabelled()).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Notifications/ }).click();
    expect(await unlabelled()).toEqual([]);
    for (const screen of ['Tags', 'Activity']) {
      await page.getByRole('link', { name: screen }).click();
      await page.getByRole('heading', { name: screen === 'Tags' ? 'Tags' : 'Activity' }).waitFor();
      expect(await unlabelled()).toEqual([]);
    }
  });

  it('links a task to its history', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const mine = (await api('POST', '/api/tasks', { title: 'With a history' })).body;
    await api('POST', '/api/tasks', { title: 'Another task' });
    await api('PATCH', `/api/tasks/${mine.id}`, { priority: 'high' });
    await row(page, 'With a history')
      .getByRole('button', { name: 'Edit "With a history"' })
      .click();
    await page.getByRole('dialog').getByRole('link', { name: 'History' }).click();
    await page.waitForURL(new RegExp(`#/audit\\?task_id=${mine.id}`));
    await expect.poll(() => page.locator('table.audit tbody tr').allTextContents()).toHaveLength(2);
    expect(await page.locator('table.audit tbody .event').allTextContents()).toEqual([
      'updated',
      'created',
    ]);
  });
});
