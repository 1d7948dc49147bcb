import { afterAll, afterEach, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandin, type Script, type Standin } from '../core/llm/standin-server';
import { chooseStandin } from './agent-form';
import { openBrowser, type Session } from './browser';

/**
 * The page under faults: a model run that is left while the model keeps failing, a screen that cannot render what
 * is stored. The model is the local OpenAI-compatible stand-in; each test sets its script.
 */
let s: Session;
let model: Standin;
let script: Script = () => ({ status: 500, body: { error: { message: 'no script' } } });
beforeAll(async () => {
  s = await openBrowser();
  model = await startStandin((req, n) => script(req, n));
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});
afterEach(() => {
  s.errors.length = 0;
});
/** Errors from the page's code: the browser's own line for each answer with an error status is not one. */
const ownErrors = () => s.errors.filter((e) => !/Failed to load resource: the server responded with a status of (429|5\d\d)/.test(e));

/** Rate-limited forever: the client waits the Retry-After second and asks again, up to its retry limit. */
const rateLimited: Script = () => ({ status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit reached, try again in 1 s' } } });

async function openJsonTask(page: Page, index: number) {
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/${index}`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
}

async function watchStandin(page: Page) {
  await page.getByRole('button', { name: 'Watch a model play this task instead' }).click();
  const dialog = page.getByRole('dialog');
  await chooseStandin(dialog, model.baseUrl);
  await dialog.getByRole('button', { name: 'Start' }).click();
  const bar = page.getByRole('status', { name: 'Model run' });
  await expect.poll(() => bar.innerText(), { timeout: 20_000 }).toMatch(/Retrying/);
}

/** Longer than the client's remaining retries (4 at most, 1 s apart): a run still alive would have asked again. */
const RETRY_WINDOW_MS = 5_500;

test('a model run left while it is retrying stops asking, whether another episode opens or another screen', async () => {
  const { page } = s;
  script = rateLimited;

  // Another episode opened while the first one's model waits to retry.
  await openJsonTask(page, 0);
  await watchStandin(page);
  await openJsonTask(page, 1);
  const afterOpen = model.requests.length;
  await page.waitForTimeout(RETRY_WINDOW_MS);
  expect(model.requests.length).toBe(afterOpen);
  // The page is the new episode's, and it is whole.
  expect(await page.getByLabel('Steps used').innerText()).toContain('Step 0');
  expect(await page.getByRole('status', { name: 'Model run' }).count()).toBe(0);

  // Another screen.
  await watchStandin(page);
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('table', { name: 'Episodes' }).waitFor();
  const afterHistory = model.requests.length;
  await page.waitForTimeout(RETRY_WINDOW_MS);
  expect(model.requests.length).toBe(afterHistory);
  expect(await page.getByRole('table', { name: 'Episodes' }).isVisible()).toBe(true);
  expect(ownErrors()).toEqual([]);
});
