import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInClient } from '../../test/support/client.js';
import { serveApp, type Served } from '../../test/support/events.js';
import { errorText, mcpClient } from '../../test/support/mcp.js';
import { useTestApp } from '../../test/support/test-app.js';

const env = useTestApp();
let served: Served;
beforeAll(async () => {
  served = await serveApp(env.t.app);
});
afterAll(() => served?.close());

describe('mcp', () => {
  it('smoke', async () => {
    const a = await signedInClient(env.t.app);
    const tok = await a.post('/api/tokens', { name: 'agent', scope: 'read+write' });
    expect(tok.status).toBe(201);
    const m = await mcpClient(served.url, tok.body.token);
    const { tools } = await m.client.listTools();
    expect(tools.length).toBe(19);
    const added = await m.call('add_task', { title: 'Milk', tags: ['home'] });
    expect(added.isError, errorText(added)).toBeFalsy();
    const bad = await m.call('add_task', { title: '' });
    expect(errorText(bad)).toContain('title');
    await m.close();
  });
});
