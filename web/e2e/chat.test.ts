import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedModel } from '../../test/support/scripted-model.js';
import { axeViolations, row, SCREENSHOTS, signUp, useRipple } from './support.js';

// The assistant's panel against the built Ripple, whose model is a scripted OpenAI-compatible server.
describe('the assistant, in a browser', { timeout: 60_000 }, () => {
  let model: Awaited<ReturnType<typeof scriptedModel>>;
  const env: Record<string, string> = { LLM_MODEL: 'scripted' };
  beforeAll(async () => {
    model = await scriptedModel();
    env.LLM_BASE_URL = model.url;
  });
  afterAll(() => model?.close());
  const ripple = useRipple({ env });

  it('streams an answer as text, shows each tool step, and the change reaches the list; a model that is down keeps the message', async () => {
    const page = await ripple.newPage();
    await signUp(page);
    model.play([
      {
        text: ['On it.'],
        tools: [{ name: 'add_task', arguments: '{"title":"Water the plants","priority":"high"}' }],
      },
      { text: ['Added it. <img src=x onerror="document.title=1"> ', '**done**'] },
    ]);
    await page.getByRole('button', { name: 'Assistant' }).click();
    const panel = page.getByRole('dialog', { name: 'Assistant' });
    await panel.getByLabel('Message').fill('Remind me to water the plants');
    await panel.getByRole('button', { name: 'Send' }).click();
    const log = panel.getByRole('log', { name: 'Conversation' });
    await log.getByText('add task ✓ task “Water the plants”').waitFor();
    await log.getByText('Added it. <img src=x onerror="document.title=1"> **done**').waitFor();
    // What the model wrote is text: no element was made of it.
    expect(await log.locator('img').count()).toBe(0);
    expect(await panel.getByLabel('Message').inputValue()).toBe('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'chat.png') });
    expect(await axeViolations(page)).toEqual([]);

    model.play([{ down: true }]);
    await panel.getByLabel('Message').fill('And tomorrow?');
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel
      .getByRole('alert')
      .getByText(/model is unavailable/)
      .waitFor();
    expect(await panel.getByLabel('Message').inputValue()).toBe('And tomorrow?');

    // Closed and opened again, the panel shows the stored conversation, the kept message last.
    await panel.getByRole('button', { name: 'Close' }).click();
    await row(page, 'Water the plants').waitFor();
    await page.getByRole('button', { name: 'Assistant' }).click();
    await log.getByText('And tomorrow?').waitFor();
    expect(await log.getByRole('listitem').allInnerTexts()).toEqual([
      'Remind me to water the plants',
      'On it.',
      'add task ✓ task “Water the plants”',
      'Added it. <img src=x onerror="document.title=1"> **done**',
      'And tomorrow?',
    ]);
  });
});
