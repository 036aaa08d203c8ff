import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOOLS, READ_ONLY_DETAIL } from '../_shared/agent/tools.js';
import { signedInClient } from '../../test/support/client.js';
import { serveApp, type Served } from '../../test/support/events.js';
import { errorText, mcpClient } from '../../test/support/mcp.js';
import { newProject, type User } from '../../test/support/projects.js';
import { share } from '../../test/support/sharing.js';
import { createTestApp, useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();
let served: Served;
let a: User;
let b: User;
let shared: { id: string };
const tokens: Record<'a' | 'aRead' | 'b', string> = { a: '', aRead: '', b: '' };

const newToken = async (user: User, scope: 'read' | 'read+write', expires_at?: string) => {
  const res = await user.post('/api/tokens', {
    name: `${scope} agent`,
    scope,
    ...(expires_at ? { expires_at } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; token: string };
};
const ok = (result: CallToolResult) => {
  expect(result.isError, result.isError ? errorText(result) : '').toBeFalsy();
  return result.structuredContent as Record<string, any>;
};

beforeAll(async () => {
  served = await serveApp(env.t.app);
  [a, b] = [await signedInClient(env.t.app), await signedInClient(env.t.app)];
  shared = await newProject(a, 'Household');
  await share(a, shared.id, b, 'viewer');
  [tokens.a, tokens.aRead, tokens.b] = [
    (await newToken(a, 'read+write')).token,
    (await newToken(a, 'read')).token,
    (await newToken(b, 'read+write')).token,
  ];
});
afterAll(() => served?.close());

describe('the MCP server, driven by the SDK client over HTTP', () => {
  it('initializes and lists every tool with its schemas and true hints', async () => {
    const m = await mcpClient(served.url, tokens.a);
    expect(m.client.getServerVersion()?.name).toBe('ripple');
    expect(m.client.getServerCapabilities()).toMatchObject({
      tools: {},
      resources: {},
      prompts: {},
    });
    const { tools } = await m.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(AGENT_TOOLS.map((t) => t.name).sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      const read = AGENT_TOOLS.find((t) => t.name === tool.name)!.scope === 'read';
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(read);
    }
    expect(tools.find((t) => t.name === 'delete_task')?.annotations).toMatchObject({
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(tools.find((t) => t.name === 'add_task')?.annotations).toMatchObject({
      destructiveHint: false,
    });
    await m.close();
  });

  it('calls every tool, each answering structured content its output schema accepts', async () => {
    const m = await mcpClient(served.url, tokens.a);
    const called = new Set<string>();
    const call = async (name: string, args: Record<string, unknown> = {}) => (
      called.add(name),
      ok(await m.call(name, args))
    );

    const tag = (await call('add_tag', { name: 'Errands', color: '#AA3300' })).tag;
    expect(tag).toMatchObject({ name: 'Errands', color: '#aa3300', task_count: 0 });
    expect((await call('rename_tag', { id: tag.id, name: 'Chores' })).tag.name).toBe('Chores');
    const projects = (await call('list_projects')).items;
    expect(projects.map((p: { name: string }) => p.name)).toEqual(['Inbox', 'Household']);

    const task = (
      await call('add_task', {
        title: 'Buy soap',
        priority: 'high',
        tags: ['Chores'],
        due_at: '2026-03-01T18:00:00+01:00',
      })
    ).task;
    expect(task).toMatchObject({
      title: 'Buy soap',
      priority: 'high',
      status: 'pending',
      due_at: '2026-03-01T17:00:00.000Z',
      tags: [{ name: 'Chores' }],
    });
    await call('add_task', { title: 'Wash car', priority: 'low', due_at: '2026-03-05T10:00:00Z' });
    expect((await call('list_tags')).items).toEqual([
      expect.objectContaining({ name: 'Chores', task_count: 1 }),
    ]);
    expect((await call('get_task', { id: task.id })).task.id).toBe(task.id);

    const titles = async (args: Record<string, unknown>) =>
      (await call('list_tasks', args)).items.map((t: { title: string }) => t.title);
    expect(await titles({ q: 'soap' })).toEqual(['Buy soap']);
    expect(await titles({ priority: ['high', 'urgent'] })).toEqual(['Buy soap']);
    expect(await titles({ tags: ['chores'] })).toEqual(['Buy soap']);
    expect(
      await titles({ due_from: '2026-03-02T00:00:00Z', due_to: '2026-03-09T00:00:00Z' }),
    ).toEqual(['Wash car']);
    expect(await titles({ sort: 'due_at', order: 'asc', parent_id: 'none' })).toEqual([
      'Buy soap',
      'Wash car',
    ]);
    const page = await call('list_tasks', { sort: 'title', order: 'asc', limit: 1 });
    expect(page.items.map((t: { title: string }) => t.title)).toEqual(['Buy soap']);
    expect(
      await titles({ sort: 'title', order: 'asc', limit: 1, cursor: page.next_cursor }),
    ).toEqual(['Wash car']);

    const updated = (
      await call('update_task', {
        id: task.id,
        version: task.version,
        title: 'Buy soap and towels',
        description: 'the green one',
      })
    ).task;
    expect(updated).toMatchObject({
      title: 'Buy soap and towels',
      description: 'the green one',
      version: task.version + 1,
    });
    const stale = await m.call('update_task', {
      id: task.id,
      version: task.version,
      title: 'Overwritten?',
    });
    expect(stale.isError).toBe(true);
    expect(errorText(stale)).toMatch(/^Precondition Failed: /);
    expect(
      (await call('set_reminder', { id: task.id, remind_at: '2026-03-01T16:30:00Z' })).task
        .remind_at,
    ).toBe('2026-03-01T16:30:00.000Z');
    expect((await call('clear_reminder', { id: task.id })).task.remind_at).toBeNull();
    expect((await call('move_task', { id: task.id, project_id: shared.id })).task.project_id).toBe(
      shared.id,
    );
    expect(
      (await call('assign_task', { id: task.id, assignee_id: b.user.id })).task.assignee_id,
    ).toBe(b.user.id);
    expect(await titles({ project_id: shared.id })).toEqual(['Buy soap and towels']);
    expect((await call('complete_task', { id: task.id })).task.status).toBe('completed');
    expect(await titles({ status: 'completed' })).toEqual(['Buy soap and towels']);
    expect((await call('reopen_task', { id: task.id })).task).toMatchObject({
      status: 'pending',
      successor: null,
    });
    expect((await call('delete_task', { id: task.id })).task.id).toBe(task.id);
    expect(await titles({ status: 'all' })).toEqual(['Wash car']);
    expect((await call('restore_task', { id: task.id })).task.id).toBe(task.id);
    // A line read as quick add reads it: the same grammar as the app's field and POST /api/tasks/parse.
    const lined = (
      await call('add_task_from_line', { text: 'Water the plants tomorrow 9am #Chores !urgent' })
    ).task;
    expect(lined).toMatchObject({
      title: 'Water the plants',
      priority: 'urgent',
      tags: [{ name: 'Chores' }],
      status: 'pending',
    });
    expect(lined.due_at).not.toBeNull();
    expect(
      errorText(await m.call('add_task_from_line', { text: 'Tidy up @NoSuchProject' })),
    ).toMatch(/^Bad Request: The line could not be read as one task/);

    await env.t.settled();
    const activity = (await call('recent_activity', { task_id: task.id })).items.map(
      (e: { event_type: string }) => e.event_type,
    );
    expect(activity).toEqual([
      'restored',
      'deleted',
      'reopened',
      'completed',
      'updated',
      'updated',
      'updated',
      'updated',
      'updated',
      'created',
    ]);
    // b was assigned the task: b's notification, which a's tools cannot mark.
    const bm = await mcpClient(served.url, tokens.b);
    const notes = ok(await bm.call('list_notifications', { unread: true })).items.filter(
      (n: { kind: string }) => n.kind === 'assigned',
    );
    expect(notes).toEqual([expect.objectContaining({ task_id: task.id, read_at: null })]);
    expect(errorText(await m.call('mark_notification_read', { id: notes[0].id }))).toBe(
      'Not Found: Notification not found',
    );
    expect(
      ok(await bm.call('mark_notification_read', { id: notes[0].id })).notification.read_at,
    ).not.toBeNull();
    called.add('list_notifications').add('mark_notification_read');
    expect([...called].sort()).toEqual(AGENT_TOOLS.map((t) => t.name).sort());
    await Promise.all([m.close(), bm.close()]);
  });

  it('reads a task and a project as resources, and builds the plan-my-day prompt from the user’s tasks', async () => {
    const m = await mcpClient(served.url, tokens.a);
    const task = ok(
      await m.call('add_task', { title: 'Call the plumber', due_at: '2026-03-01T15:00:00Z' }),
    ).task;
    const { resourceTemplates } = await m.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'ripple://tasks/{id}',
      'ripple://projects/{id}',
    ]);
    expect((await m.client.listResources()).resources.map((r) => r.name)).toEqual([
      'Inbox',
      'Household',
    ]);
    const read = await m.client.readResource({ uri: `ripple://tasks/${task.id}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      id: task.id,
      title: 'Call the plumber',
    });
    const project = await m.client.readResource({ uri: `ripple://projects/${shared.id}` });
    expect(JSON.parse((project.contents[0] as { text: string }).text)).toMatchObject({
      id: shared.id,
      role: 'admin',
    });
    const bm = await mcpClient(served.url, tokens.b);
    await expect(bm.client.readResource({ uri: `ripple://tasks/${task.id}` })).rejects.toThrow(
      /Task not found/,
    );
    const prompt = await m.client.getPrompt({ name: 'plan_my_day' });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain('2026-03-01');
    expect(text.split('Due today:')[1]).toContain(`Call the plumber (id ${task.id}`);
    await Promise.all([m.close(), bm.close()]);
  });

  it('keeps users apart: B never reaches A’s tasks, and in A’s project where B is a viewer B reads but cannot write', async () => {
    const m = await mcpClient(served.url, tokens.a);
    const mine = ok(await m.call('add_task', { title: 'Private diary' })).task;
    const ours = ok(
      await m.call('add_task', { title: 'Shared groceries', project_id: shared.id }),
    ).task;
    const bm = await mcpClient(served.url, tokens.b);
    const listed = ok(await bm.call('list_tasks', { status: 'all', limit: 100 })).items.map(
      (t: { id: string }) => t.id,
    );
    expect(listed).toContain(ours.id);
    expect(listed).not.toContain(mine.id);
    expect(errorText(await bm.call('get_task', { id: mine.id }))).toBe('Not Found: Task not found');
    expect(errorText(await bm.call('complete_task', { id: mine.id }))).toBe(
      'Not Found: Task not found',
    );
    expect(ok(await bm.call('get_task', { id: ours.id })).task.title).toBe('Shared groceries');
    for (const [name, args] of [
      ['update_task', { id: ours.id, title: 'Mine now' }],
      ['complete_task', { id: ours.id }],
      ['delete_task', { id: ours.id }],
      ['add_task', { title: 'Sneaked in', project_id: shared.id }],
    ] as const) {
      const result = await bm.call(name, args);
      expect(result.isError, name).toBe(true);
      expect(errorText(result), name).toMatch(
        /^Forbidden: Your role in this project lets you view its tasks, not change them/,
      );
    }
    expect(ok(await m.call('get_task', { id: ours.id })).task).toMatchObject({
      title: 'Shared groceries',
      status: 'pending',
      version: ours.version,
    });
    await Promise.all([m.close(), bm.close()]);
  });

  it('refuses every write tool to a read token, with the words the API uses, and lets it read', async () => {
    const m = await mcpClient(served.url, tokens.aRead);
    const before = ok(await m.call('list_tasks', { status: 'all', limit: 100 })).items.length;
    for (const tool of AGENT_TOOLS.filter((t) => t.scope === 'write')) {
      const result = await m.call(tool.name, {
        id: '00000000-0000-4000-8000-000000000000',
        title: 'x',
        name: 'x',
      });
      expect(result.isError, tool.name).toBe(true);
      expect(errorText(result), tool.name).toBe(`Forbidden: ${READ_ONLY_DETAIL}`);
    }
    expect(ok(await m.call('list_tasks', { status: 'all', limit: 100 })).items.length).toBe(before);
    await m.close();
  });

  it('answers bad arguments with a tool error naming the field, and changes nothing', async () => {
    const m = await mcpClient(served.url, tokens.a);
    const tags = ok(await m.call('list_tags')).items.length;
    expect(errorText(await m.call('add_task', { title: '   ' }))).toBe(
      'Bad Request: Invalid arguments (title: Give the task a title)',
    );
    expect(errorText(await m.call('add_task', { title: 'Fine', colour: 'red' }))).toBe(
      'Bad Request: Invalid arguments (colour: is not a known field)',
    );
    expect(errorText(await m.call('add_task', { title: 'Fine', due_at: 'tomorrow' }))).toMatch(
      /^Bad Request: Invalid arguments \(due_at: must be an RFC 3339 date-time/,
    );
    expect(errorText(await m.call('get_task', { id: 'nope' }))).toBe(
      'Bad Request: Invalid arguments (id: must be a UUID)',
    );
    expect(errorText(await m.call('list_tasks', { priority: ['soon'] }))).toMatch(
      /^Bad Request: Invalid arguments \(priority\.0: /,
    );
    expect(errorText(await m.call('add_tag', { name: 'Chores' }))).toBe(
      'Conflict: A tag named "Chores" already exists',
    );
    expect(ok(await m.call('list_tags')).items.length).toBe(tags);
    await expect(m.call('no_such_tool')).rejects.toThrow(/No tool named no_such_tool/);
    await m.close();
  });

  it('answers 401 with WWW-Authenticate to a revoked or expired token, and to none', async () => {
    const revoked = await newToken(a, 'read+write');
    const m = await mcpClient(served.url, revoked.token);
    expect((await a.delete(`/api/tokens/${revoked.id}`)).status).toBe(204);
    await expect(m.call('list_tags')).rejects.toThrow(/401/);
    const expiring = await newToken(
      a,
      'read',
      new Date(env.t.clock.now().getTime() + 60_000).toISOString(),
    );
    const post = (token?: string) =>
      fetch(`${served.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    expect((await post(expiring.token)).status).toBe(200);
    env.t.clock.advance(61_000);
    for (const [token, detail] of [
      [revoked.token, 'This access token is not valid: it was revoked or never issued'],
      [expiring.token, 'This access token has expired'],
      [undefined, 'A valid bearer token is required'],
    ] as const) {
      const res = await post(token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toMatchObject({ title: 'Unauthorized', detail });
    }
    await m.close().catch(() => {});
  });

  it('is served by two replicas on one database answering one client in turn', async () => {
    const replica = createTestApp(env.db);
    const second = await serveApp(replica.app);
    try {
      const m = await mcpClient([served.url, second.url], tokens.a);
      const task = ok(await m.call('add_task', { title: 'Across replicas' })).task;
      expect(ok(await m.call('get_task', { id: task.id })).task.title).toBe('Across replicas');
      expect(ok(await m.call('complete_task', { id: task.id })).task.status).toBe('completed');
      expect(
        ok(await m.call('list_tasks', { status: 'completed', q: 'replicas' })).items.map(
          (t: { id: string }) => t.id,
        ),
      ).toEqual([task.id]);
      expect(new Set(m.served)).toEqual(new Set([served.url, second.url]));
      expect(m.served.filter((u) => u === second.url).length).toBeGreaterThanOrEqual(3);
      await m.close();
    } finally {
      await second.close();
      await replica.close();
    }
  });
});
