import { afterAll, afterEach, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandin, type Script, type Standin } from '../core/llm/standin-server';
import { chooseStandin } from './agent-form';
import { openBrowser, screenshotWidths, type Session } from './browser';

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
  s.warnings.length = 0;
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
  expect(s.warnings).toEqual([]);
});

/** The ids in one object store of the page's database, read straight from IndexedDB. */
function storedIds(page: Page, store: string): Promise<string[]> {
  return page.evaluate(
    (store) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('hgym-play');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store, 'readonly').objectStore(store).getAllKeys();
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as string[]).sort());
          };
        };
      }),
    store,
  );
}

test('a screen that cannot read what is stored says what failed and offers a way back; nothing stored is dropped', async () => {
  const { page } = s;
  // The page creates its database on first use; then a finished episode as another version of the app wrote it.
  await page.goto(`${inject('baseUrl')}#/history`);
  await page.getByRole('heading', { name: 'History' }).waitFor();
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'hgym-play'))).toBe(true);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('hgym-play');
        open.onsuccess = () => {
          const tx = open.result.transaction('episodes', 'readwrite');
          tx.objectStore('episodes').put({
            id: 'ep-older-version',
            repoId: 'sample:cpython-json',
            repoName: 'cpython/json',
            instanceKey: 'sample:cpython-json::json.old',
            instance: {
              task: 'func-localize',
              instance_id: 'json.old',
              module_name: 'old',
              module_type: 'function',
              file_path: 'json/old.py',
              module_line_start: 0,
              module_line_end: 1,
              description_mode: 'unmasked',
              difficulty: {},
            },
            player: { kind: 'human', name: 'browser' },
            status: 'submitted',
            createdAt: 1,
            updatedAt: 2,
            snapshot: {
              version: 1,
              maxSteps: 30,
              clock: { elapsedMs: 61_000, running: false },
              // A step with its arguments under another name: the Result screen lists each step's arguments.
              trajectory: {
                instruction: 'old',
                steps: [{ step: 1, tool: 'str_replace_editor', params: { command: 'view' }, observation: '', elapsedMs: 1000 }],
                startedAt: 1,
              },
              outcome: { reason: 'submitted', patch: '', reward: 0, verdict: null, scored: false },
            },
            ui: { open: [], active: null, drafts: {}, line: null },
            score: null,
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  const before = await storedIds(page, 'episodes');
  expect(before).toContain('ep-older-version');

  await page.goto(`${inject('baseUrl')}#/result/ep-older-version`);
  const alert = page.getByRole('alert');
  await expect.poll(() => alert.innerText()).toContain('The Result screen stopped working');
  expect(await alert.innerText()).toContain("Cannot read properties of undefined (reading 'command')");
  expect(await alert.innerText()).toContain('Nothing saved is lost');
  // The top bar is still there, and the boundary dropped nothing.
  expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
  expect(await storedIds(page, 'episodes')).toEqual(before);
  await screenshotWidths(page, 'screen-error');

  // Home, then the History: the other screens work, and list the episode the Result screen could not show.
  await alert.getByRole('link', { name: 'Back to Home' }).click();
  await page.getByRole('button', { name: /^json/ }).waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
  await page.getByRole('link', { name: 'History' }).click();
  await expect.poll(() => page.getByRole('table', { name: 'Episodes' }).innerText()).toContain('cpython/json');
  expect(await storedIds(page, 'episodes')).toEqual(before);
  // React reports the error it caught; nothing else went wrong.
  expect(ownErrors().filter((e) => !e.includes("reading 'command'"))).toEqual([]);
  expect(s.warnings).toEqual([]);
});
