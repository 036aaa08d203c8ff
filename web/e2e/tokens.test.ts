import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { axeViolations, SCREENSHOTS, signUp, useRipple } from './support.js';

describe('access tokens in Settings', { timeout: 60_000 }, () => {
  const ripple = useRipple();

  it('creates a read token showing its secret once with Copy, which reads but cannot change, and revokes it', async () => {
    const context = await ripple.browser.newContext({
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
      viewport: { width: 1100, height: 800 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ripple.url });
    const page = await ripple.newPage(context);
    await signUp(page);
    // The address the first release of this screen had leads to Settings, where the section is.
    await page.goto(`${ripple.url}/#/tokens`);
    await page.getByRole('heading', { name: 'Access tokens' }).waitFor();
    await page.getByText('No tokens yet.').waitFor();

    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Give the token a name');
    await page.getByLabel('Name', { exact: true }).fill('Claude Desktop');
    await page.getByLabel('Access', { exact: true }).selectOption('read');
    await page.getByLabel('Expires', { exact: true }).selectOption({ label: 'In 30 days' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('Token Claude Desktop', { exact: true });
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^rpl_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Token copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const listed = page.getByRole('list', { name: 'Access tokens' }).getByRole('listitem');
    await expect
      .poll(() => listed.textContent())
      .toMatch(/Claude Desktop.*rpl_.{4}….*Read only.*Never used.*Expires/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'access-tokens.png') });

    const api = (method: string) =>
      fetch(`${ripple.url}/api/tasks`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'GET' ? null : '{"title":"x"}',
      });
    expect((await api('GET')).status).toBe(200);
    expect((await api('POST')).status).toBe(403);

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('Token Claude Desktop', { exact: true }).count()).toBe(0);
    await page.reload();
    await expect.poll(() => listed.textContent()).toMatch(/Last used/);
    expect(await page.locator(`input[value="${token}"]`).count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke token Claude Desktop' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke token' })
      .getByRole('button', { name: 'Revoke token' })
      .click();
    await page.getByText('No tokens yet.').waitFor();
    const revoked = await api('GET');
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer');
    await context.close();
  });
});
