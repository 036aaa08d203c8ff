import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, row, SCREENSHOTS, signUp, useRipple } from './support.js';

// Two people in two browsers: Alice shares a project with Bob, each sees the other's changes without
// a reload, and Bob's view lets go of the project the moment Alice removes him.
describe('sharing a project in the UI', { timeout: 120_000 }, () => {
  const ripple = useRipple();

  const projects = (page: Page) => page.getByRole('navigation', { name: 'Projects' });
  const names = (page: Page) => projects(page).getByRole('link').allTextContents();
  /** A project's entry: its link and its open count. */
  const entry = (page: Page, name: string) =>
    projects(page)
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  const live = (page: Page) => page.getByText('Live', { exact: true }).waitFor();

  it('Alice shares a project with Bob as editor; Bob accepts and adds a task; Alice sees it live, removes Bob, and his view drops it', async () => {
    const alice = await ripple.newPage();
    const bob = await ripple.newPage();
    await signUp(alice);
    const bobEmail = await signUp(bob);
    await Promise.all([live(alice), live(bob)]);
    // Everyone starts with an Inbox, first in the list.
    await expect.poll(() => names(alice)).toEqual(['All tasks', 'Inbox']);

    // Alice creates a project: it is chosen, and a task created in it lands in it.
    await alice.getByLabel('New project name').fill('Garden');
    await alice.getByLabel('New project name').press('Enter');
    await alice.getByRole('heading', { name: 'Garden' }).waitFor();
    await expect.poll(() => names(alice)).toEqual(['All tasks', 'Inbox', 'Garden']);
    expect(
      await projects(alice)
        .getByRole('link', { name: 'Garden', exact: true })
        .getAttribute('aria-current'),
    ).toBe('page');
    await alice.getByRole('button', { name: /New task/ }).click();
    await alice.getByRole('dialog').getByLabel('Title').fill('Buy seeds');
    await alice.getByRole('dialog').getByRole('button', { name: 'Create task' }).click();
    await row(alice, 'Buy seeds').waitFor();
    await entry(alice, 'Garden').getByText('1 open').waitFor();
    const aliceApi = await apiAs(alice, ripple);
    const garden = (await aliceApi('GET', '/api/projects')).body.find(
      (p: { name: string }) => p.name === 'Garden',
    );
    expect(
      (await aliceApi('GET', `/api/tasks?project_id=${garden.id}`)).body.items.map(
        (t: { title: string }) => t.title,
      ),
    ).toEqual(['Buy seeds']);
    // The Inbox does not hold it.
    await projects(alice).getByRole('link', { name: 'Inbox', exact: true }).click();
    await alice.getByText('0 tasks').waitFor();
    expect(await alice.getByRole('button', { name: /^Share/ }).count()).toBe(0);
    await projects(alice).getByRole('link', { name: 'Garden', exact: true }).click();
    await row(alice, 'Buy seeds').waitFor();
    await alice.screenshot({ path: path.join(SCREENSHOTS, 'project-switcher.png') });

    // Alice shares it with Bob as editor.
    await alice.getByRole('button', { name: /^Share/ }).click();
    const share = alice.getByRole('dialog', { name: 'Share "Garden"' });
    await share.getByLabel('Invite by email').fill('nobody-here@example.com');
    await share.getByRole('button', { name: 'Invite' }).click();
    await share.getByRole('alert').waitFor();
    await share.getByLabel('Invite by email').fill(bobEmail);
    await share.getByLabel('Role').selectOption('editor');
    await share.getByRole('button', { name: 'Invite' }).click();
    const members = share.getByRole('list', { name: 'Members' });
    await members
      .getByRole('listitem')
      .filter({ hasText: bobEmail })
      .getByText('invited')
      .waitFor();
    expect(await axeViolations(alice)).toEqual([]);
    await alice.screenshot({ path: path.join(SCREENSHOTS, 'share-dialog.png') });

    // Bob gets the invitation live, as a notification and in his project list, and accepts it.
    await bob.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 5_000 });
    await bob.getByRole('button', { name: 'Accept invitation to Garden' }).waitFor();
    expect(await axeViolations(bob)).toEqual([]);
    await bob.screenshot({ path: path.join(SCREENSHOTS, 'invitation.png') });
    await bob.getByRole('button', { name: 'Accept invitation to Garden' }).click();
    await bob.getByRole('heading', { name: 'Garden' }).waitFor();
    await row(bob, 'Buy seeds').waitFor();
    expect(await names(bob)).toEqual(['All tasks', 'Inbox', 'Garden']);
    // Alice's open dialog shows him as a member now.
    await expect
      .poll(
        () =>
          members.getByRole('listitem').filter({ hasText: bobEmail }).getByText('invited').count(),
        { timeout: 5_000 },
      )
      .toBe(0);
    expect(await members.getByLabel(`Role of ${bobEmail}`).inputValue()).toBe('editor');
    await share.getByRole('button', { name: 'Close' }).click();
    await alice.getByRole('button', { name: 'Share · 1 other' }).waitFor();

    // Bob adds a task to Garden; Alice sees it appear without a reload.
    await bob.getByRole('button', { name: /New task/ }).click();
    await bob.getByRole('dialog').getByLabel('Title').fill('Plant the tulips');
    await bob.getByRole('dialog').getByRole('button', { name: 'Create task' }).click();
    await row(bob, 'Plant the tulips').waitFor();
    await row(alice, 'Plant the tulips').waitFor({ timeout: 5_000 });
    await entry(alice, 'Garden').getByText('2 open').waitFor({ timeout: 5_000 });
    await entry(alice, 'Garden').getByText('shared').waitFor();

    // A task assigned to Bob, with a subtask: the rows say who and how far.
    const bobApi = await apiAs(bob, ripple);
    const bobId = (await bobApi('GET', '/api/me')).body.id;
    const seeds = (await aliceApi('GET', `/api/tasks?project_id=${garden.id}&q=seeds`)).body
      .items[0];
    expect((await aliceApi('PATCH', `/api/tasks/${seeds.id}`, { assignee_id: bobId })).status).toBe(
      200,
    );
    expect(
      (await aliceApi('POST', '/api/tasks', { title: 'Pick the bulbs', parent_id: seeds.id }))
        .status,
    ).toBe(201);
    await row(alice, 'Buy seeds').getByText(`Assigned to ${bobEmail}`).waitFor({ timeout: 5_000 });
    await row(alice, 'Buy seeds').getByText('0/1 subtasks').waitFor({ timeout: 5_000 });
    await row(bob, 'Buy seeds').getByText('Assigned to you').waitFor({ timeout: 5_000 });

    // Alice removes Bob: his list lets go of Garden and its tasks, and he is told.
    await alice.getByRole('button', { name: /^Share/ }).click();
    await members.getByRole('button', { name: `Remove ${bobEmail}` }).click();
    await members
      .getByRole('listitem')
      .filter({ hasText: bobEmail })
      .waitFor({ state: 'detached' });
    await bob
      .getByRole('status')
      .getByText('You no longer have access to "Garden"')
      .waitFor({ timeout: 5_000 });
    await expect.poll(() => names(bob)).toEqual(['All tasks', 'Inbox']);
    expect(bob.url()).not.toContain(garden.id);
    await row(bob, 'Plant the tulips').waitFor({ state: 'detached' });
    await bob.getByText('0 tasks').waitFor();
    expect((await bobApi('GET', `/api/projects/${garden.id}`)).status).toBe(404);
    // What was assigned to him is no longer (the server unassigns it), and Alice sees that live.
    await row(alice, 'Buy seeds')
      .getByText(`Assigned to ${bobEmail}`)
      .waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('a viewer sees who has the project but cannot invite, and leaves it; a declined invitation goes away', async () => {
    const owner = await ripple.newPage();
    await signUp(owner);
    const ownerApi = await apiAs(owner, ripple);
    const guest = await ripple.newPage();
    const guestEmail = await signUp(guest);
    const guestApi = await apiAs(guest, ripple);
    const book = (await ownerApi('POST', '/api/projects', { name: 'Book club' })).body;
    const chores = (await ownerApi('POST', '/api/projects', { name: 'Chores' })).body;
    await ownerApi('POST', `/api/projects/${book.id}/members`, {
      email: guestEmail,
      role: 'viewer',
    });
    await ownerApi('POST', `/api/projects/${chores.id}/members`, {
      email: guestEmail,
      role: 'editor',
    });
    expect((await guestApi('POST', `/api/invitations/${book.id}/accept`)).status).toBe(200);

    await guest.reload();
    await guest.getByRole('button', { name: 'Decline invitation to Chores' }).click();
    await guest
      .getByRole('button', { name: 'Decline invitation to Chores' })
      .waitFor({ state: 'detached' });
    expect((await guestApi('GET', '/api/invitations')).body).toEqual([]);

    await projects(guest).getByRole('link', { name: 'Book club', exact: true }).click();
    await guest.getByRole('button', { name: /^Share/ }).click();
    const share = guest.getByRole('dialog', { name: 'Share "Book club"' });
    await share.getByRole('list', { name: 'Members' }).getByText(`${guestEmail} (you)`).waitFor();
    expect(await share.getByLabel('Invite by email').count()).toBe(0);
    expect(await share.getByRole('combobox').count()).toBe(0);
    await share.getByRole('button', { name: 'Leave project' }).click();
    await share.waitFor({ state: 'detached' });
    await expect.poll(() => names(guest)).toEqual(['All tasks', 'Inbox']);
    expect(guest.url()).not.toContain(book.id);
    expect(
      (await ownerApi('GET', `/api/projects/${book.id}/members`)).body.map(
        (m: { email: string }) => m.email,
      ),
    ).not.toContain(guestEmail);
  });

  it('on a phone: the project list folds above the tasks, the share dialog fits, and both pass axe', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    const api = await apiAs(page, ripple);
    const friend = await ripple.newPage();
    const friendEmail = await signUp(friend);
    const project = (await api('POST', '/api/projects', { name: 'Weekend trip' })).body;
    expect(
      (
        await api('POST', `/api/projects/${project.id}/members`, {
          email: friendEmail,
          role: 'viewer',
        })
      ).status,
    ).toBe(201);
    await api('POST', '/api/tasks', { title: 'Book the cabin', project_id: project.id });

    const session = await page.evaluate(() => localStorage.getItem('ripple.session')!);
    const phone = await ripple.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    await phone.addInitScript((value) => localStorage.setItem('ripple.session', value), session);
    const mobile = await ripple.newPage(phone);
    const list = projects(mobile);
    await mobile.getByText('Views · All tasks').waitFor();
    expect(await list.isVisible()).toBe(false);
    await mobile.getByText('Views · All tasks').click();
    await list.getByRole('link', { name: 'Weekend trip', exact: true }).waitFor();
    expect(await axeViolations(mobile)).toEqual([]);
    await mobile.screenshot({
      path: path.join(SCREENSHOTS, 'project-switcher-phone.png'),
      fullPage: true,
    });
    await list.getByRole('link', { name: 'Weekend trip', exact: true }).click();
    // Choosing folds the list again.
    await row(mobile, 'Book the cabin').waitFor();
    expect(await list.isVisible()).toBe(false);
    await mobile.getByText('Views · Weekend trip').waitFor();

    await mobile.getByRole('button', { name: /^Share/ }).click();
    const share = mobile.getByRole('dialog', { name: 'Share "Weekend trip"' });
    await share.getByRole('list', { name: 'Members' }).getByText(friendEmail).waitFor();
    expect(await share.getByLabel(`Role of ${friendEmail}`).inputValue()).toBe('viewer');
    expect(await axeViolations(mobile)).toEqual([]);
    const box = await share.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await mobile.screenshot({ path: path.join(SCREENSHOTS, 'share-dialog-phone.png') });
  });
});
