import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  axeViolations,
  openFilters,
  row,
  SCREENSHOTS,
  signUp,
  useRipple,
} from './support.js';

// When things go wrong: the server stops, a link names a view that cannot be shown, sign-in is
// throttled. And the smaller things: titles, headings, live activity, notifications that lead somewhere.
describe('trouble, and the smaller things, in a browser', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  it('rolls back a completion the stopped server did not take, and shows errors with a retry instead of "0 tasks" or "Loading…"', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'Survives the outage' });
    await row(page, 'Survives the outage').waitFor();
    // Settings' code is fetched on a first visit: once here, its lists can fail and be retried.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('list', { name: 'Sessions' }).waitFor();
    await page.getByRole('link', { name: 'Tasks' }).click();
    await row(page, 'Survives the outage').waitFor();
    await ripple.stop();
    try {
      // click, not check: the box is unticked again at once, which is the point.
      await row(page, 'Survives the outage').getByRole('checkbox').click();
      await page
        .getByRole('status')
        .getByText('Could not complete "Survives the outage"')
        .waitFor();
      await expect
        .poll(() => row(page, 'Survives the outage').getByRole('checkbox').isChecked())
        .toBe(false);
      expect(
        await row(page, 'Survives the outage').evaluate((li) => li.classList.contains('done')),
      ).toBe(false);

      // Another view of the list, asked of the stopped server.
      await (
        await openFilters(page)
      )
        .getByRole('combobox', { name: 'Status' })
        .selectOption('completed');
      const alert = page.getByRole('main').getByRole('alert');
      await alert.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 10_000 });
      expect(await page.getByText('0 tasks').count()).toBe(0);
      expect(await page.getByText('Loading…').count()).toBe(0);
      // The rows of the view before are not shown as if they were this one's.
      expect(await page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').count()).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'server-stopped.png') });
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Tags' }).click();
      await page
        .getByRole('main')
        .getByRole('button', { name: 'Try again' })
        .waitFor({ timeout: 10_000 });
      expect(await page.getByText('Loading…').count()).toBe(0);
      await page.getByRole('link', { name: 'Activity' }).click();
      await page
        .getByRole('main')
        .getByRole('button', { name: 'Try again' })
        .waitFor({ timeout: 10_000 });
      // Sessions and access tokens: each list says so, with its own retry.
      await page.getByRole('link', { name: 'Settings' }).click();
      await expect
        .poll(() => page.getByRole('main').getByRole('button', { name: 'Try again' }).count(), {
          timeout: 10_000,
        })
        .toBe(2);
      expect(await page.getByText('Loading…').count()).toBe(0);
    } finally {
      await ripple.start();
    }
    // Each list tries again on its own; a first try may still meet the server starting up.
    for (const [section, shown] of [
      ['Sessions', page.getByRole('list', { name: 'Sessions' })],
      ['Access tokens', page.getByText('No tokens yet.')],
    ] as const) {
      const retry = page
        .getByRole('region', { name: section })
        .getByRole('button', { name: 'Try again' });
      const retried = async () => {
        if (await retry.isVisible()) await retry.click({ timeout: 1000 });
        return shown.isVisible();
      };
      await expect.poll(retried, { timeout: 10_000 }).toBe(true);
    }
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    await page.getByRole('link', { name: 'Tasks' }).click();
    await (
      await openFilters(page)
    )
      .getByRole('combobox', { name: 'Status' })
      .selectOption('pending');
    await row(page, 'Survives the outage').waitFor();
  });

  it('says what is wrong with a view from a URL and offers to clear the filters', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'Visible after clearing', tags: ['home'] });
    await row(page, 'Visible after clearing').waitFor();
    for (const [hash, words] of [
      ['#/?tags=nosuchtag', 'There is no tag "nosuchtag"'],
      ['#/?due_from=2026-13-45', '"2026-13-45" is not a date'],
      ['#/?due_from=2026-03-10&due_to=2026-03-01', 'The due range ends before it starts'],
    ] as const) {
      await page.goto(`${ripple.url}/${hash}`);
      const problem = page.getByRole('main').getByRole('alert');
      await problem.getByText(words).waitFor();
      expect(await page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await problem.getByRole('button', { name: 'Clear filters' }).click();
      await page.waitForURL(/#\/$/);
      await row(page, 'Visible after clearing').waitFor();
    }
  });

  it('filters by a tag whose name holds a comma', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'Tagged with a comma', tags: ['Smith, J.'] });
    await api('POST', '/api/tasks', { title: 'Tagged plainly', tags: ['Smith'] });
    await page.getByText('2 tasks').waitFor();
    await (await openFilters(page)).getByRole('checkbox', { name: 'Smith, J.' }).check();
    await page.getByText('1 task', { exact: true }).waitFor();
    await row(page, 'Tagged with a comma').waitFor();
    // The link still shows the same view after a reload.
    await page.reload();
    await row(page, 'Tagged with a comma').waitFor();
    expect(
      await (await openFilters(page)).getByRole('checkbox', { name: 'Smith, J.' }).isChecked(),
    ).toBe(true);
  });

  it('tells a throttled user when to try again', async () => {
    const page = await ripple.newPage();
    const email = await signUp(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill(email);
    let message = '';
    for (let i = 0; i < 30 && !/Try again/i.test(message); i++) {
      await form.getByLabel('Password').fill(`wrong password ${i}`);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await form.getByRole('alert').waitFor();
      await page.waitForTimeout(100);
      message = (await form.getByRole('alert').textContent()) ?? '';
    }
    expect(message).toMatch(/Try again in \d+ (seconds?|minutes?)\.$/);
  });

  it('titles each page, heads the task list, and opens a task from its notification', async () => {
    const page = await ripple.newPage();
    await expect.poll(() => page.title()).toBe('Sign up · Ripple');
    await signUp(page);
    await expect.poll(() => page.title()).toBe('Tasks · Ripple');
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    const api = await apiAs(page, ripple);
    await page.getByText('Live', { exact: true }).waitFor();
    const task = (
      await api('POST', '/api/tasks', {
        title: 'Ring the bell',
        due_at: new Date(Date.now() + 3_600_000).toISOString(),
        remind_at: new Date(Date.now() + 1_000).toISOString(),
      })
    ).body;
    await page.getByRole('link', { name: 'Tags' }).click();
    await expect.poll(() => page.title()).toBe('Tags · Ripple');
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click({ timeout: 10_000 });
    await page
      .getByRole('region', { name: 'Notifications' })
      .getByRole('button', { name: 'Ring the bell', exact: true })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Ring the bell');
    expect(page.url()).toMatch(/#\/$/);
    // Marked read as it opens the task, by a request of its own: read once that has been answered.
    await expect
      .poll(async () => (await api('GET', '/api/notifications?unread=true')).body)
      .toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Activity' }).click();
    await expect.poll(() => page.title()).toBe('Activity · Ripple');
    void task;
  });

  it('updates Activity live and says what an update changed', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const task = (await api('POST', '/api/tasks', { title: 'Watched', priority: 'low' })).body;
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.locator('table.audit tbody tr').first().waitFor({ timeout: 10_000 });
    await page.getByText('Live', { exact: true }).waitFor();
    await api('PATCH', `/api/tasks/${task.id}`, { title: 'Watched closely', priority: 'high' });
    const first = page.locator('table.audit tbody tr').first();
    await first.getByText('updated').waitFor({ timeout: 10_000 });
    expect(await first.textContent()).toContain('Changed title, priority');
  });

  it('refuses to rename a tag to nothing, and shows a long title without pushing the toast off screen', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const long = 'x'.repeat(200);
    await api('POST', '/api/tasks', { title: long, tags: ['keep'] });
    await row(page, long)
      .getByRole('button', { name: `Delete "${long}"` })
      .click();
    const toast = page.getByRole('status').locator('.toast').first();
    await toast.waitFor();
    const box = await toast.boundingBox();
    const width = page.viewportSize()!.width;
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    await page.getByRole('link', { name: 'Tags' }).click();
    await page.getByLabel('Name of tag keep').fill('   ');
    await page.getByLabel('Name of tag keep').press('Enter');
    await page
      .getByRole('list', { name: 'Tags' })
      .getByRole('alert')
      .getByText('Give the tag a name')
      .waitFor();
    expect(await page.getByLabel('Name of tag keep').inputValue()).toBe('keep');
  });
});
