import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
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

// Every screen, light and dark, checked by axe-core; and the phone size, measured.
describe('every screen, checked', { timeout: 180_000 }, () => {
  const ripple = useRipple();

  async function visitAll(
    page: Page,
    scheme: 'light' | 'dark',
    check: (screen: string) => Promise<void>,
  ) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByRole('form', { name: 'Sign up' }).waitFor();
    await check('sign-up');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await check('sign-in');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const soon = new Date(Date.now() + 1_000).toISOString();
    await api('POST', '/api/tasks', {
      title: 'Overdue and urgent',
      priority: 'urgent',
      tags: ['errands'],
      due_at: new Date(Date.now() - 86_400_000).toISOString(),
    });
    await api('POST', '/api/tasks', {
      title: 'Weekly high',
      priority: 'high',
      tags: ['home', 'Blue'],
      due_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      recurrence: { frequency: 'weekly' },
      description: 'With a description',
    });
    await api('POST', '/api/tasks', {
      title: 'Low one',
      priority: 'low',
      remind_at: soon,
      due_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const done = (await api('POST', '/api/tasks', { title: 'Done medium', tags: ['home'] })).body;
    await api('POST', `/api/tasks/${done.id}/complete`);
    await api(
      'PATCH',
      '/api/tags/' +
        (await api('GET', '/api/tags')).body.find((t: { name: string }) => t.name === 'Blue').id,
      { color: '#0284c7' },
    );
    await (await openFilters(page)).getByRole('combobox', { name: 'Status' }).selectOption('all');
    await row(page, 'Done medium').waitFor();
    await page
      .getByRole('button', { name: 'Notifications, 1 unread' })
      .waitFor({ timeout: 10_000 });
    await check('list');
    await row(page, 'Weekly high').getByRole('button', { name: 'Edit "Weekly high"' }).click();
    await page.getByRole('dialog', { name: 'Edit task' }).getByLabel('Frequency').waitFor();
    await check('form');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Notifications/ }).click();
    await page.getByRole('region', { name: 'Notifications' }).waitFor();
    await check('notifications');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('list', { name: 'Tags' }).waitFor();
    await check('tags');
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.locator('table.audit tbody tr').first().waitFor();
    await check('activity');
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe-core violation on any screen, ${scheme}`, async () => {
      const page = await ripple.newPage();
      const found: Record<string, string[]> = {};
      await visitAll(page, scheme, async (screen) => {
        const violations = await axeViolations(page);
        if (violations.length) found[screen] = violations;
      });
      await page.screenshot({ path: path.join(SCREENSHOTS, `activity-${scheme}.png`) });
      expect(found).toEqual({});
      // The check itself works: grey on grey is found.
      await page.evaluate(() =>
        document
          .querySelector('main')!
          .insertAdjacentHTML(
            'beforeend',
            '<p style="color:#777;background:#888">Low contrast</p>',
          ),
      );
      expect((await axeViolations(page)).join('\n')).toMatch(/^color-contrast \(1\)/m);
    });
  }

  it('fits a 390×844 phone: nothing past the edge or overlapping, the header on one line, targets of 24 px', async () => {
    const phone: BrowserContext = await ripple.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
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
    await row(page, 'Pick up the parcel from the post office').waitFor();
    // The header: every item on the first line.
    const line = await page.locator('header.top > *').evaluateAll((els) => {
      const boxes = els.map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0);
      // One line: every item overlaps every other vertically.
      return {
        lowestTop: Math.max(...boxes.map((r) => r.top)),
        highestBottom: Math.min(...boxes.map((r) => r.bottom)),
      };
    });
    expect(line.lowestTop).toBeLessThan(line.highestBottom);
    // …and the links end before the next item begins: none runs under it.
    const linksEnd = await page
      .locator('header.top nav')
      .evaluate(
        (nav) =>
          nav.getBoundingClientRect().left +
          nav.scrollWidth -
          nav.nextElementSibling!.getBoundingClientRect().left,
      );
    expect(linksEnd).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const small = await page.locator('input[type=checkbox], button, a[href]').evaluateAll((els) =>
      els
        .filter((el) => el.getBoundingClientRect().width > 0 && !el.classList.contains('skip'))
        .filter(
          (el) =>
            el instanceof HTMLInputElement &&
            (el.getBoundingClientRect().width < 24 || el.getBoundingClientRect().height < 24),
        )
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone.png'), fullPage: true });

    await row(page, 'Pick up the parcel from the post office')
      .getByRole('button', { name: /^Edit/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Frequency').selectOption('weekly');
    const layout = await dialog.evaluate((d) => {
      const box = d.getBoundingClientRect();
      const controls = [
        ...d.querySelectorAll<HTMLElement>('input, select, textarea, .tag-input, button'),
      ].filter((el) => el.getBoundingClientRect().width > 0);
      const outside = controls.filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < box.left - 0.5 || r.right > box.right + 0.5;
      });
      const rects = controls
        .filter((el) => !el.closest('.tag-input') || el.classList.contains('tag-input'))
        .map((el) => ({
          id: el.id || el.className || el.textContent,
          r: el.getBoundingClientRect(),
        }));
      const overlaps: string[] = [];
      for (const [i, a] of rects.entries())
        for (const b of rects.slice(i + 1)) {
          const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          if (x > 1 && y > 1) overlaps.push(`${a.id} / ${b.id}`);
        }
      return {
        outside: outside.map((el) => el.id || el.outerHTML.slice(0, 60)),
        overlaps,
        width: box.width,
      };
    });
    expect(layout.outside).toEqual([]);
    expect(layout.overlaps).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-form.png') });
  });
});
