import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  axeViolations,
  axeViolationsLightAndDark,
  SCREENSHOTS,
  signUp,
  useRipple,
  type Ripple,
} from './support.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const PASSWORD = 'correct horse battery';

/** Another device signing in: its session, as the API answers it. */
async function signInElsewhere(
  ripple: Ripple,
  email: string,
  userAgent: string,
  password = PASSWORD,
) {
  const res = await fetch(`${ripple.url}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: (await res.json()) as { refresh_token: string } };
}
const refreshes = async (ripple: Ripple, refresh_token: string) =>
  (
    await fetch(`${ripple.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token }),
    })
  ).status;

/** Presses Tab until focus is on the control named `name` (and fails after 40). */
async function tabTo(page: Page, name: string | RegExp) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return (
        el?.getAttribute('aria-label') ??
        ((el?.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
          el?.closest('label')?.textContent ||
          el?.textContent) ??
        ''
      );
    });
    if (typeof name === 'string' ? label.trim() === name : name.test(label)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

const theme = (page: Page) =>
  page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
const toast = (page: Page, text: string) =>
  page.getByRole('status').locator('.toast', { hasText: text }).waitFor();
/** Toasts gone, for a screenshot of the page itself. */
async function dismissToasts(page: Page) {
  const dismiss = page.getByRole('status').getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

describe('Settings', { timeout: 60_000 }, () => {
  const ripple = useRipple();

  it('changes name, time zone, theme and password, and signs out another session; axe finds nothing, light or dark', async () => {
    const context = await ripple.browser.newContext({
      viewport: { width: 1440, height: 900 },
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    // What the first frame shows, recorded before any of the page's own scripts run.
    await context.addInitScript(() =>
      requestAnimationFrame(
        () =>
          ((window as unknown as { firstFrame: string }).firstFrame = getComputedStyle(
            document.documentElement,
          ).backgroundColor),
      ),
    );
    const page = await ripple.newPage(context);
    await page.emulateMedia({ colorScheme: 'light' });
    const email = await signUp(page);
    const firefox = await signInElsewhere(ripple, email, FIREFOX);
    const phone = await signInElsewhere(ripple, email, SAFARI);
    const api = await apiAs(page, ripple);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const zone = page.getByLabel('Time zone');
    await expect.poll(() => zone.inputValue()).toBe('Europe/Berlin');
    await page.getByLabel('Display name').fill('Ada Lovelace');
    await zone.fill('america/new_york');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await toast(page, 'Profile saved');
    expect((await api('GET', '/api/me')).body).toMatchObject({
      name: 'Ada Lovelace',
      timezone: 'America/New_York',
    });
    await expect.poll(() => zone.inputValue()).toBe('America/New_York');
    // Not a zone: said at the field, nothing saved.
    await zone.fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Choose a time zone from the list').waitFor();
    expect((await api('GET', '/api/me')).body.timezone).toBe('America/New_York');
    await page.getByRole('button', { name: "Use this device's (Europe/Berlin)" }).click();
    await page.getByText('Choose a time zone from the list').waitFor({ state: 'detached' });

    const sessions = page.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(3);
    await sessions
      .getByRole('listitem')
      .filter({ hasText: 'This browser' })
      .getByText('Headless Chrome on Linux')
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dismissToasts(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings.png'), fullPage: true });

    // Sign out the Firefox: its refresh token is dead, the phone's still works.
    await page.getByRole('button', { name: /^Sign out Firefox on Linux, active/ }).click();
    await toast(page, 'Signed out Firefox on Linux');
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    expect(await refreshes(ripple, firefox.body.refresh_token)).toBe(401);

    // Password: a wrong current one is said at its field; the right one signs out the phone too.
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('staple battery horse');
    await page.getByLabel('Repeat new password').fill('staple battery horse');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('is not your current password').waitFor();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await toast(page, 'Password changed');
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1);
    expect(await refreshes(ripple, phone.body.refresh_token)).toBe(401);
    expect((await signInElsewhere(ripple, email, FIREFOX, 'staple battery horse')).status).toBe(
      200,
    );

    // Dark, chosen here while the system is light: applied at once, and from the first frame after a reload.
    await page.getByRole('radio', { name: 'Dark', exact: true }).check();
    expect(await theme(page)).toBe('dark');
    await page.reload();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    expect(await theme(page)).toBe('dark');
    expect(
      await page.evaluate(() => (window as unknown as { firstFrame: string }).firstFrame),
    ).toBe('rgb(20, 23, 27)');
    expect(await page.getByRole('radio', { name: 'Dark', exact: true }).isChecked()).toBe(true);
    const script = await fetch(`${ripple.url}/theme.js`);
    expect([script.status, script.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-dark.png'), fullPage: true });
    // Back to the system's: light again, here.
    await page.getByRole('radio', { name: /^System/ }).check();
    expect(
      await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor),
    ).toBe('rgb(246, 247, 249)');
    await context.close();
  });

  it('works with the keyboard alone on a phone: name, theme, signing out another session', async () => {
    const context = await ripple.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    const page = await ripple.newPage(context);
    const email = await signUp(page);
    const firefox = await signInElsewhere(ripple, email, FIREFOX);
    const api = await apiAs(page, ripple);

    await tabTo(page, 'Settings');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Display name');
    await page.keyboard.type('Grace');
    await page.keyboard.press('Enter');
    await toast(page, 'Profile saved');
    expect((await api('GET', '/api/me')).body.name).toBe('Grace');

    // The theme's radios: Tab reaches the chosen one, the arrows choose.
    await tabTo(page, /^System/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await theme(page)).toBe('dark');

    await tabTo(page, /^Sign out Firefox on Linux/);
    await page.keyboard.press('Enter');
    await toast(page, 'Signed out Firefox on Linux');
    expect(await refreshes(ripple, firefox.body.refresh_token)).toBe(401);
    // Its button is gone: focus waits on the section's heading, not lost on the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('settings-sessions');

    // The phone: nothing past the edge, the header on one line.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const header = await page.locator('header.top > *').evaluateAll((els) => {
      const shown = els.filter((el) => el.getBoundingClientRect().width > 0);
      const boxes = shown.map((el) => el.getBoundingClientRect());
      const nav = document.querySelector('header.top nav')!;
      // The links stay inside the nav (none drawn over the next item), the items side by side.
      const overlaps = boxes.slice(1).filter((r, i) => r.left < boxes[i]!.right - 0.5).length;
      return {
        oneLine: Math.max(...boxes.map((r) => r.top)) < Math.min(...boxes.map((r) => r.bottom)),
        navOverflow: nav.scrollWidth - nav.clientWidth,
        overlaps,
      };
    });
    expect(header).toEqual({ oneLine: true, navOverflow: 0, overlaps: 0 });
    expect(await axeViolationsLightAndDark(page)).toEqual({ light: [], dark: [] });
    expect(await theme(page)).toBe('dark');
    await dismissToasts(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-phone.png'), fullPage: true });
    await context.close();
  });
});
