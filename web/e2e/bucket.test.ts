import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/process.js';
import { apiAs, row, signUp, useRipple } from './support.js';

// In the cluster the UI is static files in a bucket, under some path prefix, on another origin than
// the API. Here: web/dist copied under /ripple/ of a plain file server (no fallback, no rewriting),
// config.json pointing at the API, and the API allowing that origin (CORS).
describe('the UI served from a bucket', { timeout: 120_000 }, () => {
  const env: Record<string, string> = {};
  let bucketDir = '';
  let bucket: Server | undefined;
  let bucketUrl = '';
  beforeAll(async () => {
    const port = await freePort();
    bucketUrl = `http://127.0.0.1:${port}`;
    env.CORS_ORIGINS = bucketUrl;
    bucketDir = await mkdtemp(path.join(tmpdir(), 'ripple-bucket-'));
    const files = path.join(bucketDir, 'ripple');
    await cp(path.resolve(import.meta.dirname, '../dist'), files, {
      recursive: true,
      filter: (src) => !src.endsWith('.gz'),
    });
    const app = new Hono().use('*', serveStatic({ root: bucketDir }));
    bucket = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }) as Server;
  });
  const ripple = useRipple({ env });
  beforeAll(async () => {
    await writeFile(
      path.join(bucketDir, 'ripple', 'config.json'),
      JSON.stringify({ apiBase: ripple.url }),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => bucket?.close(resolve));
    await rm(bucketDir, { recursive: true, force: true });
  });

  it('signs up, creates, and stays live against the API on another origin', async () => {
    const context = await ripple.browser.newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${bucketUrl}/ripple/`);
    await signUp(page);
    await page.getByText('Live', { exact: true }).waitFor();
    await page.getByRole('button', { name: /New task/ }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('From the bucket');
    await page.getByRole('dialog').getByRole('button', { name: 'Create task' }).click();
    await row(page, 'From the bucket').waitFor();

    const api = await apiAs(page, ripple);
    await api('POST', '/api/tasks', { title: 'Pushed across origins' });
    await row(page, 'Pushed across origins').waitFor({ timeout: 5_000 });
    // A view's link works from the bucket too: the view is in the hash, the file is index.html.
    await page.goto(`${bucketUrl}/ripple/#/?q=bucket`);
    await expect
      .poll(() => page.getByRole('list', { name: 'Tasks' }).locator('.title').allTextContents())
      .toEqual(['From the bucket']);
    expect(failed).toEqual([]);
  });
});
