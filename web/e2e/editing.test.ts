import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  axeViolations,
  localInput,
  openFilters,
  row,
  SCREENSHOTS,
  signUp,
  useRipple,
} from './support.js';

/** The bodies of the PATCH requests the page sends from now on. */
function patches(page: Page): unknown[] {
  const sent: unknown[] = [];
  page.on('request', (req) => {
    if (req.method() === 'PATCH' && req.url().includes('/api/tasks/'))
      sent.push(req.postDataJSON());
  });
  return sent;
}

// Editing a task: only what changed is sent, a conflict keeps what was typed, reopening a recurring
// task says what became of its next occurrence, and validation speaks plainly beside the field.
describe('editing tasks in a browser', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  it('sends only the fields the user changed: a rename does not rewrite due_at or remind_at', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    // Seconds in the times: a form that sent every field would cut them to the minute.
    const due = new Date(Date.now() + 2 * 86_400_000 + 42_123).toISOString();
    const remind = new Date(Date.now() + 86_400_000 + 17_000).toISOString();
    const task = (
      await api('POST', '/api/tasks', {
        title: 'Renew the passport',
        due_at: due,
        remind_at: remind,
        tags: ['admin'],
      })
    ).body;
    const sent = patches(page);
    const keys: (string | undefined)[] = [];
    page.on(
      'request',
      (req) => void (req.method() === 'PATCH' && keys.push(req.headers()['idempotency-key'])),
    );
    await row(page, 'Renew the passport')
      .getByRole('button', { name: 'Edit "Renew the passport"' })
      .click();
    const edit = page.getByRole('dialog', { name: 'Edit task' });
    await edit.getByLabel('Title').fill('Renew both passports');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row(page, 'Renew both passports').waitFor();
    expect(sent).toEqual([{ title: 'Renew both passports' }]);
    // Every change carries a key of its own, so a retry of it cannot make it twice.
    expect(keys).toEqual([expect.stringMatching(/^"[0-9a-f]{32}"$/)]);
    const stored = (await api('GET', `/api/tasks/${task.id}`)).body;
    expect(stored).toMatchObject({ title: 'Renew both passports', due_at: due, remind_at: remind });
  });

  it('keeps what the user typed on a conflict, shows theirs beside mine, and applies mine on top', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const task = (await api('POST', '/api/tasks', { title: 'Draft the report' })).body;
    await row(page, 'Draft the report')
      .getByRole('button', { name: 'Edit "Draft the report"' })
      .click();
    const edit = page.getByRole('dialog', { name: 'Edit task' });
    await edit.getByLabel('Description').fill('Sections 1 to 3, with the new figures');
    // Meanwhile, another device changes its title and priority.
    expect(
      (
        await api('PATCH', `/api/tasks/${task.id}`, {
          title: 'Draft the annual report',
          priority: 'high',
        })
      ).status,
    ).toBe(200);
    const sent = patches(page);
    await edit.getByRole('button', { name: 'Save' }).click();
    const conflict = edit.getByRole('alert', { name: 'Changed elsewhere' });
    await conflict.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'edit-conflict.png') });
    expect(await axeViolations(page)).toEqual([]);
    // What I typed is still there.
    expect(await edit.getByLabel('Description').inputValue()).toBe(
      'Sections 1 to 3, with the new figures',
    );
    // And the fields I did not touch show their newer values.
    expect(await edit.getByLabel('Title').inputValue()).toBe('Draft the annual report');
    expect(await edit.getByLabel('Priority').inputValue()).toBe('high');
    const rows = await conflict
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['Title', 'Draft the annual report', 'Draft the annual report'],
      ['Description', 'none', 'Sections 1 to 3, with the new figures'],
      ['Priority', 'high', 'high'],
    ]);
    await conflict.getByRole('button', { name: 'Apply my changes on top' }).click();
    await edit.waitFor({ state: 'detached' });
    // The first try and the one on top, each with only my field; the second against the newer version.
    expect(sent).toEqual([
      { description: 'Sections 1 to 3, with the new figures' },
      { description: 'Sections 1 to 3, with the new figures' },
    ]);
    expect((await api('GET', `/api/tasks/${task.id}`)).body).toMatchObject({
      title: 'Draft the annual report',
      priority: 'high',
      description: 'Sections 1 to 3, with the new figures',
      version: 3,
    });
  });

  it('offers to take theirs on a conflict, which drops my edit', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const task = (await api('POST', '/api/tasks', { title: 'Book the venue' })).body;
    await row(page, 'Book the venue')
      .getByRole('button', { name: 'Edit "Book the venue"' })
      .click();
    const edit = page.getByRole('dialog', { name: 'Edit task' });
    await edit.getByLabel('Title').fill('Book the small venue');
    await api('PATCH', `/api/tasks/${task.id}`, { title: 'Book the big venue' });
    await edit.getByRole('button', { name: 'Save' }).click();
    const conflict = edit.getByRole('alert', { name: 'Changed elsewhere' });
    expect(
      await conflict
        .locator('tbody tr')
        .first()
        .evaluate((tr) => [...tr.children].map((c) => c.textContent)),
    ).toEqual(['Title', 'Book the big venue', 'Book the small venue']);
    await conflict.getByRole('button', { name: 'Take theirs' }).click();
    expect(await edit.getByLabel('Title').inputValue()).toBe('Book the big venue');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    expect((await api('GET', `/api/tasks/${task.id}`)).body).toMatchObject({
      title: 'Book the big venue',
      version: 2,
    });
  });

  it('says in plain words what is wrong, beside the field it is about', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByRole('button', { name: 'Create task' }).click();
    expect(await dialog.locator('#task-title-error').textContent()).toBe('Give the task a title');
    await dialog.getByLabel('Title').fill('Pay rent');
    await dialog.getByLabel('Due', { exact: true }).fill(localInput(1, 9));
    await dialog.getByLabel('Remind me').fill(localInput(1, 10));
    await dialog.getByRole('button', { name: 'Create task' }).click();
    expect(await dialog.locator('#task-remind-error').textContent()).toBe(
      'Set the reminder at or before the due date',
    );
    expect(await dialog.locator('#task-title-error').count()).toBe(0);
    // A repeat without a due date: the message is beside Due, not under Frequency.
    await dialog.getByLabel('Remind me').fill('');
    await dialog.getByLabel('Due', { exact: true }).fill('');
    await dialog.getByLabel('Frequency').selectOption('monthly');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    expect(await dialog.locator('#task-due-error').textContent()).toBe(
      'A repeating task needs a due date',
    );
    expect(await dialog.locator('#task-frequency-error').count()).toBe(0);
    // An interval of 0: under Every.
    await dialog.getByLabel('Due', { exact: true }).fill(localInput(3, 9));
    await dialog.getByLabel('Every').fill('0');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    expect(await dialog.locator('#task-interval-error').textContent()).toBe(
      'Enter a whole number from 1 to 365',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(await dialog.locator('#task-frequency-error').count()).toBe(0);
    await dialog.getByLabel('Every').fill('1');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await row(page, 'Pay rent').waitFor();
  });

  it('says when reopening a recurring task keeps its changed next occurrence, and withdraws an untouched one quietly', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const weekly = (
      await api('POST', '/api/tasks', {
        title: 'Weekly review',
        due_at: due,
        recurrence: { frequency: 'weekly' },
      })
    ).body;
    await (await openFilters(page)).getByRole('combobox', { name: 'Status' }).selectOption('all');
    await row(page, 'Weekly review')
      .getByRole('checkbox', { name: 'Complete "Weekly review"' })
      .check();
    await page.getByRole('status').getByText('Completed "Weekly review"').waitFor();
    // The next occurrence, changed by the user elsewhere.
    let successor: { id: string; due_at: string } | undefined;
    const find = async () =>
      (successor = (await api('GET', '/api/tasks?q=weekly&status=all')).body.items.find(
        (t: { id: string }) => t.id !== weekly.id,
      ));
    await expect.poll(find, { timeout: 10_000 }).toBeTruthy();
    if (!successor) return;
    await api('PATCH', `/api/tasks/${successor.id}`, { description: 'Bring the numbers' });
    const answers: unknown[] = [];
    page.on('response', async (res) => {
      if (res.url().endsWith(`/api/tasks/${weekly.id}/reopen`)) answers.push(await res.json());
    });
    await page
      .locator(`li[data-task-id="${weekly.id}"]`)
      .getByRole('checkbox', { name: 'Reopen "Weekly review"' })
      .uncheck();
    await expect.poll(() => answers.length).toBe(1);
    const answer = answers[0] as { successor?: { id: string; outcome: string } | null };
    if (answer.successor === undefined) {
      // A server without the successor field: the reopen works and nothing is claimed about the next one.
      await page
        .locator(`li[data-task-id="${weekly.id}"]`)
        .getByRole('checkbox', { name: 'Complete "Weekly review"' })
        .waitFor();
      expect(await page.getByRole('status').getByText('next occurrence').count()).toBe(0);
    } else {
      expect(answer.successor).toEqual({ id: successor.id, outcome: 'kept' });
      const day = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        dateStyle: 'medium',
      }).format(new Date(successor.due_at));
      await page
        .getByRole('status')
        .getByText(`The next occurrence (${day}) stays: it was changed`)
        .waitFor();
    }
  });
});
