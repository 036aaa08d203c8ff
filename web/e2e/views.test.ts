import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, row, SCREENSHOTS, signUp, useRipple } from './support.js';

const DAY = 86_400_000;
/** An instant `days` from today at hh:mm in Berlin (the pages' zone). */
function berlin(days: number, hh: number, mm = 0): string {
  const ymd = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now() + days * DAY);
  const guess = new Date(
    `${ymd}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00Z`,
  );
  const offset = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' })
      .format(guess)
      .match(/GMT([+-]\d+)?/)![1] ?? 0,
  );
  return new Date(guess.getTime() - offset * 3_600_000).toISOString();
}

const views = (page: Page) => page.getByRole('navigation', { name: 'Views' });
/** A sidebar entry's text: its name and its count ("Today2 open"). */
const entry = (page: Page, nav: string, name: string) =>
  page
    .getByRole('navigation', { name: nav })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
const headings = (page: Page) =>
  page
    .locator('.day-group h3')
    .evaluateAll((hs) => hs.map((h) => h.firstChild!.textContent!.trim()));

// The sidebar's views and their counts, Today and Upcoming by day in the user's zone, tags, Assigned
// to me, inline add taking the view's day, Markdown-lite descriptions; every view checked by axe-core
// in light and dark, and photographed on a phone and a desktop.
describe('views in a browser', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  it('shows Today, Upcoming, a tag and Assigned to me with their counts, and adds a task on the view’s day', async () => {
    const page = await ripple.newPage(
      await ripple.browser.newContext({
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
        viewport: { width: 1440, height: 900 },
      }),
    );
    await signUp(page);
    const api = await apiAs(page, ripple);
    const me = (await api('GET', '/api/me')).body;
    expect(me.timezone).toBe('Europe/Berlin');
    await api('POST', '/api/tasks', {
      title: 'Pay the rent',
      due_at: berlin(-2, 9),
      priority: 'urgent',
      tags: ['home'],
    });
    await api('POST', '/api/tasks', {
      title: 'Call the plumber',
      due_at: berlin(0, 23, 59),
      tags: ['home'],
      description:
        'Ask **twice**, _politely_:\n- [their site](https://plumber.example/contact)\n- [a trap](javascript:alert(1))\n\n<b>not bold</b>',
    });
    await api('POST', '/api/tasks', { title: 'Dentist', due_at: berlin(1, 10) });
    await api('POST', '/api/tasks', { title: 'Renew passport', due_at: berlin(5, 12) });
    await api('POST', '/api/tasks', { title: 'Far away', due_at: berlin(20, 12) });
    const mine = (await api('POST', '/api/tasks', { title: 'Review the budget' })).body;
    await api('PATCH', `/api/tasks/${mine.id}`, { assignee_id: me.id });

    await expect
      .poll(() => entry(page, 'Views', 'Assigned to me').textContent())
      .toBe('Assigned to me1 open');
    expect(await entry(page, 'Views', 'Today').textContent()).toBe('Today2 open');
    expect(await entry(page, 'Views', 'Upcoming').textContent()).toBe('Upcoming4 open');
    await expect.poll(() => entry(page, 'Tags', '#home').textContent()).toBe('#home2 open');
    expect((await api('GET', '/api/views')).body.counts).toMatchObject({
      today: 2,
      upcoming: 4,
      overdue: 1,
      assigned: 1,
    });

    // Markdown-lite: DOM nodes, a safe link, the unsafe one and the markup as text.
    const description = row(page, 'Call the plumber').locator('.description');
    expect(await description.locator('strong').textContent()).toBe('twice');
    expect(await description.locator('em').textContent()).toBe('politely');
    const link = description.getByRole('link', { name: 'their site' });
    expect(await link.evaluate((a: HTMLAnchorElement) => [a.href, a.rel, a.target])).toEqual([
      'https://plumber.example/contact',
      'noopener noreferrer',
      '_blank',
    ]);
    expect(await description.getByRole('link').count()).toBe(1);
    expect(await description.textContent()).toContain('[a trap](javascript:alert(1))');
    expect(await description.locator('b').count()).toBe(0);
    expect(await description.textContent()).toContain('<b>not bold</b>');

    await views(page).getByRole('link', { name: 'Today', exact: true }).click();
    await page.getByRole('heading', { name: 'Today', level: 2 }).waitFor();
    await expect.poll(() => headings(page)).toEqual(['Overdue', 'Today']);
    expect(
      await page.getByRole('list', { name: 'Tasks: Overdue' }).locator('li.task').count(),
    ).toBe(1);
    expect(await page.getByRole('list', { name: 'Tasks: Today' }).locator('li.task').count()).toBe(
      1,
    );
    // Inline add takes the group's day.
    await page.getByLabel('Add a task for Today').fill('Water the plants');
    await page.keyboard.press('Enter');
    await page
      .getByRole('list', { name: 'Tasks: Today' })
      .getByRole('button', { name: 'Water the plants', exact: true })
      .waitFor();
    expect(
      await page.getByLabel('Add a task for Today').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    const added = (await api('GET', '/api/tasks?q=water')).body.items[0];
    expect(added.due_at).toBe(berlin(0, 23, 59));
    await expect.poll(() => entry(page, 'Views', 'Today').textContent()).toBe('Today3 open');

    await views(page).getByRole('link', { name: 'Upcoming', exact: true }).click();
    await expect
      .poll(() => headings(page))
      .toEqual([
        'Overdue',
        'Today',
        'Tomorrow',
        new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/Berlin',
          weekday: 'short',
          day: 'numeric',
          month: 'short',
        }).format(new Date(berlin(5, 12))),
      ]);
    expect(page.url()).toMatch(/#\/\?view=upcoming$/);
    await page.getByLabel('Add a task for Tomorrow').fill('Buy flowers');
    await page.keyboard.press('Enter');
    await page
      .getByRole('list', { name: 'Tasks: Tomorrow' })
      .getByRole('button', { name: 'Buy flowers', exact: true })
      .waitFor();
    expect((await api('GET', '/api/tasks?q=flowers')).body.items[0].due_at).toBe(berlin(1, 23, 59));

    await page
      .getByRole('navigation', { name: 'Tags' })
      .getByRole('link', { name: '#home' })
      .click();
    await page.getByRole('heading', { name: '#home', level: 2 }).waitFor();
    await expect.poll(() => page.getByText('2 tasks').isVisible()).toBe(true);
    await views(page).getByRole('link', { name: 'Assigned to me' }).click();
    await row(page, 'Review the budget').waitFor();
    expect(await page.locator('li.task').count()).toBe(1);
    // The filtered search of before, folded until opened.
    expect(await page.getByRole('region', { name: 'Filters and sort' }).isVisible()).toBe(false);
  });

  it('asks for the first page of a view once, as the page opens, shows it, and only then loads the rest', async () => {
    const page = await ripple.newPage(
      await ripple.browser.newContext({
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
        viewport: { width: 1440, height: 900 },
      }),
    );
    await signUp(page);
    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'Due today', due_at: berlin(0, 23, 0) });
    // Shown live here first: its events have gone by, and no live change reloads the page opened next.
    await row(page, 'Due today').waitFor();
    // A new tab of the same session, opened on Today. No live stream: its "ready" reloads the list (to
    // catch a change made while it connected), a second ask by design.
    const tab = await page.context().newPage();
    // For each ask of the list: whether anything of the app was drawn by then. For every other call to
    // the API: whether the list's rows were.
    await tab.addInitScript(() => {
      const drawn: boolean[] = ((window as unknown as { drawnAtAsk: boolean[] }).drawnAtAsk = []);
      const others: [string, boolean][] = ((
        window as unknown as { othersAsked: [string, boolean][] }
      ).othersAsked = []);
      const fetch = window.fetch;
      window.fetch = (input, init) => {
        const url = new URL(String(input), location.href);
        if (url.pathname === '/api/tasks')
          drawn.push((document.getElementById('app')?.childElementCount ?? 0) > 0);
        else if (url.pathname.startsWith('/api/'))
          others.push([url.pathname, document.querySelector('li.task') !== null]);
        return fetch(input, init);
      };
    });
    await tab.route(/\/api\/stream\?/, (route) => route.abort());
    // A slow answer: the shell is drawn before it comes (main.tsx waits 300 ms at most), and what it
    // loads besides waits for the rows. Routed for the context: the service worker the first tab
    // registered asks for the lists.
    await tab.context().route(/\/api\/tasks\?/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const asked: string[] = [];
    tab.on(
      'request',
      (r) =>
        void (new URL(r.url()).pathname === '/api/tasks' && asked.push(new URL(r.url()).search)),
    );
    await tab.goto(`${ripple.url}/#/?view=today`);
    await row(tab, 'Due today').waitFor();
    await expect.poll(() => entry(tab, 'Views', 'Today').textContent()).toBe('Today1 open');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('due_to=');
    expect(
      await tab.evaluate(() => (window as unknown as { drawnAtAsk: boolean[] }).drawnAtAsk),
    ).toEqual([false]);
    // The sidebar's projects and counts, the tags, the bell, the account and the live stream: each asked for, after the rows.
    const others = await tab.evaluate(
      () => (window as unknown as { othersAsked: [string, boolean][] }).othersAsked,
    );
    expect(new Set(others.map(([path]) => path))).toEqual(
      new Set([
        '/api/projects',
        '/api/invitations',
        '/api/views',
        '/api/tags',
        '/api/notifications',
        '/api/me',
        '/api/stream/token',
      ]),
    );
    expect(others.filter(([, afterRows]) => !afterRows)).toEqual([]);
  });

  it('follows a time zone changed on another device once the page is opened again', async () => {
    const page = await ripple.newPage(
      await ripple.browser.newContext({
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
        viewport: { width: 1440, height: 900 },
      }),
    );
    await signUp(page);
    const api = await apiAs(page, ripple);
    // Another device moves the account to Kiritimati (UTC+14 all year): this tab's stored copy still says Berlin.
    await api('PATCH', '/api/me', { timezone: 'Pacific/Kiritimati' });
    await page.reload();
    await views(page).getByRole('link', { name: 'Today', exact: true }).click();
    await expect
      .poll(() =>
        page.evaluate(() => JSON.parse(localStorage.getItem('ripple.session')!).user.timezone),
      )
      .toBe('Pacific/Kiritimati');
    await page.getByLabel('Add a task for Today').fill('Wind the clock');
    await page.keyboard.press('Enter');
    await page
      .getByRole('list', { name: 'Tasks: Today' })
      .getByRole('button', { name: 'Wind the clock', exact: true })
      .waitFor();
    // Today in Kiritimati, at 23:59 there: 09:59 UTC.
    const today = new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
    expect((await api('GET', '/api/tasks?q=clock')).body.items[0].due_at).toBe(
      `${today}T09:59:00.000Z`,
    );
  });

  it('has no axe-core violation on any view, light or dark; photographs them on a phone and a desktop', async () => {
    const sizes = {
      desktop: { width: 1440, height: 900 },
      phone: { width: 390, height: 844 },
    } as const;
    const found: Record<string, string[]> = {};
    for (const [size, viewport] of Object.entries(sizes)) {
      const context = await ripple.browser.newContext({
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
        viewport,
        ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}),
      });
      const page = await ripple.newPage(context);
      await signUp(page);
      const api = await apiAs(page, ripple);
      const project = (await api('POST', '/api/projects', { name: 'Garden' })).body;
      const parent = (
        await api('POST', '/api/tasks', {
          title: 'Plant the roses',
          due_at: berlin(0, 18),
          project_id: project.id,
          tags: ['outside'],
          description: 'Dig **deep**:\n- compost\n- water',
        })
      ).body;
      await api('POST', '/api/tasks', { title: 'Buy compost', parent_id: parent.id });
      await api('POST', '/api/tasks', {
        title: 'Mow the lawn',
        due_at: berlin(-1, 10),
        project_id: project.id,
        priority: 'high',
      });
      await api('POST', '/api/tasks', {
        title: 'Fix the fence',
        due_at: berlin(3, 10),
        project_id: project.id,
      });
      const screens: [string, string, () => Promise<void>][] = [
        [
          'today',
          '#/?view=today',
          () => page.getByRole('list', { name: 'Tasks: Overdue' }).waitFor(),
        ],
        [
          'upcoming',
          '#/?view=upcoming',
          () =>
            page
              .getByRole('list', { name: /Tasks: .* \d+ / })
              .first()
              .waitFor(),
        ],
        [
          'project',
          `#/?project=${project.id}`,
          async () => {
            const toggle = row(page, 'Plant the roses').getByRole('button', {
              name: /1 subtasks done/,
            });
            if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
            await row(page, 'Buy compost').waitFor();
          },
        ],
        [
          'shortcuts',
          `#/?project=${project.id}`,
          () =>
            page
              .getByRole('button', { name: 'Keyboard shortcuts' })
              .click()
              .then(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()),
        ],
        [
          'sidebar',
          '#/?view=today',
          async () => {
            if (!(await views(page).isVisible())) await page.getByText('Views · Today').click();
            await page.getByRole('navigation', { name: 'Tags' }).waitFor();
          },
        ],
      ];
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [name, hash, ready] of screens) {
          // The phone in the dark: the two screens that differ there (the list and the sidebar).
          if (size === 'phone' && scheme === 'dark' && name !== 'today' && name !== 'sidebar')
            continue;
          if (name !== 'shortcuts') await page.goto(`${ripple.url}/${hash}`);
          await ready();
          await page
            .locator('p.count')
            .filter({ hasText: /\d tasks?$/ })
            .waitFor();
          // Every view in both schemes on the desktop; on the phone, what differs there (the folded sidebar).
          const violations =
            size === 'desktop' || name === 'sidebar' ? await axeViolations(page) : [];
          if (violations.length) found[`${name} ${size} ${scheme}`] = violations;
          if (scheme === 'light' || name === 'today')
            await page.screenshot({
              path: path.join(
                SCREENSHOTS,
                `view-${name}-${size}${scheme === 'dark' ? '-dark' : ''}.png`,
              ),
              fullPage: size === 'phone',
            });
          if (name === 'shortcuts') await page.keyboard.press('Escape');
        }
      }
      if (size === 'phone') {
        // The sidebar folds away on a phone: one line naming the view; choosing a view folds it again.
        await page.goto(`${ripple.url}/#/?view=today`);
        await page.reload();
        const nav = views(page);
        await page.getByText('Views · Today').waitFor();
        expect(await nav.isVisible()).toBe(false);
        await page.getByText('Views · Today').click();
        await nav.getByRole('link', { name: 'Upcoming' }).click();
        await page.getByText('Views · Upcoming').waitFor();
        expect(await nav.isVisible()).toBe(false);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          390,
        );
      }
      await context.close();
    }
    expect(found).toEqual({});
  });
});
