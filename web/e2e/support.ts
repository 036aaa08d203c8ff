import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { freePort, startProcess, within, type Started } from '../../test/support/process.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../artifacts/screenshots');
const SECRET = 'e2e-secret-that-is-long-enough-for-hs256-0123456789';

export interface Ripple {
  url: string;
  browser: Browser;
  /** Stops the server and starts it again on the same port and database, as a restart would. */
  restart(): Promise<void>;
  /** Stops the server (the page stays open, as when the server goes away); start() brings it back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  newPage(context?: BrowserContext): Promise<Page>;
}

/**
 * The built Ripple (dist/main.js, serving web/dist) on a fresh database, and a headless Chromium: the
 * UI as a user gets it. Reminders are looked for every half second so that a test need not wait.
 */
export function useRipple(options: { env?: Record<string, string> } = {}): Ripple {
  let db: TestDb | undefined;
  let server: Started | undefined;
  let env: Record<string, string> = {};
  const ripple = { url: '' } as Ripple;
  const start = async () => {
    server = await startProcess('main', [], env);
    ripple.url = server.url.replace('localhost', '127.0.0.1');
  };
  beforeAll(async () => {
    db = await createTestDb();
    // options.env is read now, so a test's earlier beforeAll may fill it in.
    env = {
      DATABASE_URL: db.url,
      JWT_SECRET: SECRET,
      PORT: String(await freePort()),
      REMINDER_INTERVAL_MS: '500',
      RELAY_INTERVAL_MS: '500',
      ...options.env,
    };
    await start();
    ripple.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await ripple.browser?.close();
    await server?.stop();
    await db?.drop();
  });
  // A test that fails (a timeout too) says where each page was and what the server said last: a step
  // that hangs in CI is otherwise only "timed out".
  const pages: Page[] = [];
  beforeEach(({ onTestFailed }) => {
    pages.length = 0;
    onTestFailed(async () => {
      for (const [i, page] of pages.entries()) {
        const state = await within(
          2_000,
          'the page did not answer',
          page.evaluate(
            () =>
              `${document.activeElement?.outerHTML.slice(0, 200)} | ${document.body.innerText.slice(0, 400)}`,
          ),
        ).catch((err: Error) => err.message);
        console.error(`page ${i + 1} (${page.isClosed() ? 'closed' : page.url()}): ${state}`);
      }
      console.error(`server's last output:\n${server?.output().slice(-3_000) ?? '(stopped)'}`);
    });
  });
  ripple.restart = async () => {
    await server?.stop();
    await start();
  };
  ripple.stop = async () => {
    await server?.stop();
    server = undefined;
  };
  ripple.start = start;
  ripple.newPage = async (context) => {
    const ctx =
      context ??
      (await ripple.browser.newContext({
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
        viewport: { width: 1100, height: 800 },
      }));
    const page = await ctx.newPage();
    pages.push(page);
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(ripple.url);
    return page;
  };
  return ripple;
}

let counter = 0;

/** Signs up through the form, as a newcomer does, and waits for the task list. */
export async function signUp(
  page: Page,
  email = `e2e${++counter}-${Date.now()}@example.com`,
): Promise<string> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('list', { name: 'Tasks' }).waitFor({ state: 'attached' });
  await page.getByText('0 tasks').waitFor();
  return email;
}

/** The API as this page's user (the token the page keeps), for setting up and checking what the UI shows. */
export async function apiAs(page: Page, ripple: Ripple) {
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('ripple.session')!) as { token: string }).token,
  );
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${ripple.url}${path}`, {
      method,
      // A server that does not answer fails the step, not the whole test's time.
      signal: AbortSignal.timeout(15_000),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

export const row = (page: Page, title: string): Locator =>
  page
    .getByRole('list', { name: 'Tasks' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: title, exact: true }) });

/** A datetime-local value `days` from now at the given hour, in the page's time zone. */
export function localInput(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const ymd = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
  return `${ymd}T${String(hour).padStart(2, '0')}:00`;
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's findings on the page as it is now (WCAG 2.x A/AA and best practices), one line each:
 * rule id, then the first nodes' selectors. Empty when the screen passes.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's CSP (script-src 'self') does not apply to that.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.nodes.length}): ${v.nodes
          .slice(0, 4)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
  });
  return violations;
}

/**
 * axeViolations in the light and in the dark scheme, as the system would set it (emulated): the page's
 * theme left to the system's (Settings' System), then put back as it was. For "0 violations, light and dark".
 */
export async function axeViolationsLightAndDark(
  page: Page,
): Promise<{ light: string[]; dark: string[] }> {
  const chosen = await page.evaluate(() => {
    const theme = document.documentElement.getAttribute('data-theme');
    document.documentElement.removeAttribute('data-theme');
    return theme;
  });
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await axeViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await axeViolations(page);
  await page.emulateMedia({ colorScheme: null });
  await page.evaluate(
    (theme) => theme && document.documentElement.setAttribute('data-theme', theme),
    chosen,
  );
  return { light, dark };
}

/** The filter panel (folded until opened), opened. */
export async function openFilters(page: Page): Promise<Locator> {
  const region = page.getByRole('region', { name: 'Filters and sort' });
  if (!(await region.isVisible())) await page.locator('.filters-box > summary').click();
  await region.waitFor();
  return region;
}
