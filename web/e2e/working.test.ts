import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, row, SCREENSHOTS, signUp, useRipple } from './support.js';

const focusedTitle = (page: Page) =>
  page.evaluate(
    () =>
      (document.activeElement as HTMLElement | null)?.closest('li.task')?.querySelector('.title')
        ?.textContent ?? document.activeElement?.tagName,
  );
const titles = (page: Page) => page.locator('li.task:not(.sub) .title').allTextContents();
// A user presses Undo once its toast is up: the toast comes when the server has answered, and a key
// pressed before it finds nothing to undo.
const undoOffered = (page: Page, text: string) =>
  page.getByRole('status').locator('.toast', { hasText: text }).waitFor();
type Api = Awaited<ReturnType<typeof apiAs>>;
const order = async (api: Api, project: string) =>
  (
    await api('GET', `/api/tasks?project_id=${project}&sort=position&order=asc&parent_id=none`)
  ).body.items.map((t: { title: string }) => t.title);

// Working with tasks: keys for everything (move, complete, edit, tags, delete, select, subtasks,
// reorder, undo, the list of keys) with focus kept in place; and the same with the mouse (drag, bulk,
// quick dates and reminder presets, subtasks).
describe('working with tasks in a browser', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  async function project(page: Page, titlesToAdd: string[]) {
    await signUp(page);
    const api = await apiAs(page, ripple);
    const p = (await api('POST', '/api/projects', { name: 'Chores' })).body;
    for (const title of titlesToAdd) await api('POST', '/api/tasks', { title, project_id: p.id });
    await page.goto(`${ripple.url}/#/?project=${p.id}`);
    await row(page, titlesToAdd.at(-1)!).waitFor();
    return { api, id: p.id as string };
  }

  it('does everything from the keyboard, and focus stays where it was', async () => {
    const page = await ripple.newPage();
    const { api, id } = await project(page, ['Sweep', 'Dust', 'Mop', 'Cook']);
    expect(await titles(page)).toEqual(['Sweep', 'Dust', 'Mop', 'Cook']);
    await page.keyboard.press('j');
    expect(await focusedTitle(page)).toBe('Sweep');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await focusedTitle(page)).toBe('Dust');

    // x completes: the row goes and focus goes to the one now in its place; u brings it back.
    await page.keyboard.press('x');
    await row(page, 'Dust').waitFor({ state: 'detached' });
    await expect.poll(() => focusedTitle(page)).toBe('Mop');
    await undoOffered(page, 'Completed "Dust"');
    await page.keyboard.press('u');
    await row(page, 'Dust').waitFor();
    await expect
      .poll(
        async () => (await api('GET', `/api/tasks?project_id=${id}&q=dust`)).body.items[0]?.status,
      )
      .toBe('pending');

    // Alt+↑ moves Mop above Dust, in the list and on the server; Ctrl+Z puts it back.
    await row(page, 'Mop').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => titles(page)).toEqual(['Sweep', 'Mop', 'Dust', 'Cook']);
    await expect.poll(() => order(api, id)).toEqual(['Sweep', 'Mop', 'Dust', 'Cook']);
    expect(await focusedTitle(page)).toBe('Mop');
    await undoOffered(page, 'Moved "Mop"');
    await page.keyboard.press('Control+z');
    await expect.poll(() => order(api, id)).toEqual(['Sweep', 'Dust', 'Mop', 'Cook']);
    await expect.poll(() => titles(page)).toEqual(['Sweep', 'Dust', 'Mop', 'Cook']);

    // e edits, Escape closes, focus is back on the row; # opens the tags; the edit can be undone.
    await row(page, 'Cook').focus();
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedTitle(page)).toBe('Cook');
    await page.keyboard.press('#');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('task-tags');
    await page.keyboard.type('kitchen');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await row(page, 'Cook').getByText('kitchen').waitFor();
    expect(await focusedTitle(page)).toBe('Cook');
    await undoOffered(page, 'Saved "Cook"');
    await page.keyboard.press('u');
    await expect.poll(() => row(page, 'Cook').getByText('kitchen').count()).toBe(0);

    // a opens the subtasks with a field to add one.
    await expect.poll(() => focusedTitle(page)).toBe('Cook');
    await page.keyboard.press('a');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id.startsWith('add-sub-')))
      .toBe(true);
    await page.keyboard.type('Buy onions');
    await page.keyboard.press('Enter');
    await row(page, 'Buy onions').waitFor();
    await row(page, 'Cook')
      .getByRole('button', { name: '0/1 subtasks done', expanded: true })
      .waitFor();
    expect(await row(page, 'Buy onions').evaluate((li) => li.classList.contains('sub'))).toBe(true);

    // Delete deletes, and focus moves on; s selects two, and the bulk bar completes them.
    await row(page, 'Sweep').focus();
    await page.keyboard.press('Delete');
    await row(page, 'Sweep').waitFor({ state: 'detached' });
    await expect.poll(() => focusedTitle(page)).toBe('Dust');
    await page.keyboard.press('s');
    await page.keyboard.press('j');
    await page.keyboard.press('s');
    const bar = page.getByRole('region', { name: 'Selected tasks' });
    await bar.getByText('2 selected').waitFor();
    for (
      let i = 0;
      i < 12 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Complete';
      i++
    )
      await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Completed 2 tasks').waitFor();
    await expect.poll(() => titles(page)).toEqual(['Cook']);
    // Focus went from the bar (gone with the selection) to the row in the list.
    expect(await focusedTitle(page)).toBe('Cook');
    await page.keyboard.press('u');
    await expect.poll(() => titles(page)).toEqual(['Dust', 'Mop', 'Cook']);

    // ? lists every key; Escape returns focus to where it was.
    await row(page, 'Mop').focus();
    await page.keyboard.press('?');
    const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await keys.waitFor();
    for (const key of ['j / ↓', 'x', 'e / Enter', '#', 'Delete', 'u / Ctrl+Z', '?'])
      await keys.getByRole('cell', { name: key, exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await keys.waitFor({ state: 'detached' });
    expect(await focusedTitle(page)).toBe('Mop');
  });

  it('does the same with the mouse: drag to reorder, bulk move, tag and delete, quick dates and reminders, subtasks', async () => {
    const page = await ripple.newPage(
      await ripple.browser.newContext({
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
        viewport: { width: 1440, height: 900 },
      }),
    );
    const { api, id } = await project(page, ['One', 'Two', 'Three']);
    await row(page, 'Three').dragTo(row(page, 'One'));
    await expect.poll(() => order(api, id)).toEqual(['Three', 'One', 'Two']);
    expect(await titles(page)).toEqual(['Three', 'One', 'Two']);

    // Bulk: tag two, move them to the Inbox, then delete one and undo.
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    await row(page, 'One').getByRole('checkbox', { name: 'Select "One"' }).check();
    await row(page, 'Two').getByRole('checkbox', { name: 'Select "Two"' }).check();
    const bar = page.getByRole('region', { name: 'Selected tasks' });
    await bar.getByLabel('Add tag').fill('later');
    await bar.getByRole('button', { name: 'Tag', exact: true }).click();
    await row(page, 'Two').getByText('later').waitFor();
    await row(page, 'One').getByText('later').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'view-bulk-desktop.png') });
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    await row(page, 'One').getByRole('checkbox', { name: 'Select "One"' }).check();
    await bar.getByLabel('Move to').selectOption({ label: 'Inbox' });
    await bar.getByRole('button', { name: 'Move', exact: true }).click();
    await row(page, 'One').waitFor({ state: 'detached' });
    const inbox = (await api('GET', '/api/projects')).body.find(
      (p: { is_inbox: boolean }) => p.is_inbox,
    );
    expect(
      (await api('GET', `/api/tasks?project_id=${inbox.id}`)).body.items.map(
        (t: { title: string }) => t.title,
      ),
    ).toEqual(['One']);
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    await row(page, 'Two').getByRole('checkbox', { name: 'Select "Two"' }).check();
    await bar.getByRole('button', { name: 'Delete', exact: true }).click();
    await row(page, 'Two').waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .locator('.toast', { hasText: 'Deleted 1 task' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await row(page, 'Two').waitFor();

    // Quick dates and reminder presets in the form.
    await page.getByRole('button', { name: /^New task/ }).click();
    const form = page.getByRole('dialog', { name: 'New task' });
    await form.getByLabel('Title').fill('Dated');
    await form
      .getByRole('group', { name: 'Quick due dates' })
      .getByRole('button', { name: 'Tomorrow' })
      .click();
    await form
      .getByRole('group', { name: 'Reminder presets' })
      .getByRole('button', { name: '1 day before' })
      .click();
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
      Date.now() + 86_400_000,
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
      Date.now(),
    );
    expect(await form.getByLabel('Due', { exact: true }).inputValue()).toBe(`${tomorrow}T23:59`);
    expect(await form.getByLabel('Remind me').inputValue()).toBe(`${today}T23:59`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'view-quick-dates-desktop.png') });
    await form
      .getByRole('group', { name: 'Reminder presets' })
      .getByRole('button', { name: '1 h before' })
      .click();
    await form.getByRole('button', { name: 'Create task' }).click();
    await row(page, 'Dated').waitFor();
    const dated = (await api('GET', '/api/tasks?q=dated')).body.items[0];
    expect(new Date(dated.due_at).getTime() - new Date(dated.remind_at).getTime()).toBe(3_600_000);
    expect(dated.project_id).toBe(id);
    await row(page, 'Dated').getByRole('button', { name: 'Edit "Dated"' }).click();
    await form.waitFor({ state: 'detached' });
    const edit = page.getByRole('dialog', { name: 'Edit task' });
    await edit
      .getByRole('group', { name: 'Quick due dates' })
      .getByRole('button', { name: 'No date' })
      .click();
    expect(
      await edit
        .getByRole('group', { name: 'Reminder presets' })
        .getByRole('button', { name: 'At due' })
        .isDisabled(),
    ).toBe(true);
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await api('GET', `/api/tasks/${dated.id}`)).body)
      .toMatchObject({ due_at: null, remind_at: null });

    // Subtasks: added inline under their parent, with progress.
    await row(page, 'Two').getByRole('button', { name: '+ Subtask to "Two"' }).click();
    await page.getByRole('textbox', { name: 'Add a subtask to "Two"' }).fill('Two, part one');
    await page.keyboard.press('Enter');
    await row(page, 'Two, part one').getByRole('checkbox').check();
    await row(page, 'Two')
      .getByRole('button', { name: '1/1 subtasks done', expanded: true })
      .waitFor();
  });
});
