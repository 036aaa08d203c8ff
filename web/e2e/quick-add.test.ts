import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, row, SCREENSHOTS, signUp, useRipple } from './support.js';

/** The day after today and its hour, in Berlin (the page's and so the account's zone). */
const berlin = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

describe('quick add in a browser', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  it('q from another screen, a line, chips of what was understood, one removed, Enter: the row as understood', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    await page.getByRole('link', { name: 'Tags' }).click();
    await page.keyboard.press('q');
    const field = page.getByRole('textbox', { name: 'Quick add' });
    await expect
      .poll(() => field.evaluate((el) => el === document.activeElement), { timeout: 5_000 })
      .toBe(true);

    await page.keyboard.type('Call mom tomorrow 6pm #family !high every sunday @Inbox');
    const chips = page.getByRole('list', { name: 'Understood' }).getByRole('listitem');
    await page.getByRole('button', { name: 'Keep “@Inbox” as text' }).waitFor();
    expect(await chips.allTextContents()).toEqual([
      expect.stringMatching(/^Due: .+, 18:00×$/),
      'Tag: family×',
      'Priority: high×',
      'Repeats: every sunday×',
      'Project: Inbox×',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quick-add-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quick-add.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quick-add-phone.png') });
    await page.setViewportSize({ width: 1100, height: 800 });

    // Removing a chip keeps its words in the title; focus goes back to the field for Enter.
    await page.getByRole('button', { name: 'Keep “!high” as text' }).click();
    await page.getByText('Call mom !high', { exact: true }).waitFor();
    expect(await chips.allTextContents()).toEqual([
      expect.stringMatching(/^Due: /),
      'Tag: family×',
      'Repeats: every sunday×',
      'Project: Inbox×',
    ]);
    await page.keyboard.press('Enter');

    await row(page, 'Call mom !high').waitFor();
    expect(await field.inputValue()).toBe('');
    const [task] = (await api('GET', '/api/tasks')).body.items;
    expect(task).toMatchObject({
      title: 'Call mom !high',
      priority: 'medium',
      tags: [{ name: 'family' }],
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SU' },
    });
    const tomorrow = berlin(new Date(Date.now() + 86_400_000).toISOString()).slice(0, 10);
    expect(berlin(task.due_at)).toBe(`${tomorrow}, 18:00`);

    // A piece that is wrong shows as a problem, and Enter says why instead of saving.
    await field.fill('Fix the gate !superurgent');
    await page.getByRole('button', { name: 'Keep “!superurgent” as text' }).waitFor();
    await page.keyboard.press('Enter');
    await page
      .locator('.quick-add .error', { hasText: 'A priority is !low, !medium, !high or !urgent' })
      .waitFor();
    expect((await api('GET', '/api/tasks')).body.items).toHaveLength(1);
  });
});
