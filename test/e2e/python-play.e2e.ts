import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type Session } from './browser';

/** The player runs the repo's code from the Play screen's terminal: Pyodide in a Worker, a `run` step each time. */
let s: Session;
beforeAll(async () => {
  s = await openBrowser();
});
afterAll(async () => {
  await s?.close();
});

const terminalText = (page: Page) => page.locator('.terminal-host .xterm-rows').innerText();
const steps = async (page: Page) => Number(/Step (\d+)/.exec(await page.getByLabel('Steps used').innerText())![1]);
async function type(page: Page, line: string) {
  await page.locator('.terminal-host .xterm').click();
  await page.keyboard.type(`${line}\n`);
}

test('python runs in the terminal, sees an editor edit, and the stop button ends an endless loop', async () => {
  const { page } = s;
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/0`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  // Nothing loads Python before the first run.
  expect(await page.getByRole('status', { name: 'Sandboxes' }).innerText()).toMatch(/Python.*loads on first run/);

  // Typing a line longer than the terminal is wide wraps it once, not once per key.
  // The workspace's own package is the one imported (the repo's code, not the interpreter's copy).
  await type(page, `python -c "import json; print(json.dumps({'a': [1, 2]}), json.__file__.startswith('/workspace/'))"`);
  await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('{"a": [1, 2]} True');
  expect((await terminalText(page)).match(/python -c "import json; print\(json\.dumps/g)?.length).toBe(1);
  expect(await steps(page)).toBe(1);
  await expect.poll(() => page.getByRole('status', { name: 'Sandboxes' }).innerText()).toMatch(/Python.*ready/);

  // An edit made in the editor is what Python sees next.
  await page.getByLabel('Workspace files').getByRole('button', { name: '__init__.py' }).click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\nPLAYGROUND_MARK = 6 * 7\n');
  await page.keyboard.press('Control+s');
  await expect.poll(() => steps(page)).toBe(3);
  await type(page, `python -c "import json; print('mark', json.PLAYGROUND_MARK)"`);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('mark 42');

  // An endless loop, stopped with the button; the next program runs.
  await type(page, `python -c "while True: pass"`);
  await expect.poll(() => page.getByRole('button', { name: 'Stop program' }).isEnabled()).toBe(true);
  await page.waitForTimeout(500);
  await page.getByRole('button', { name: 'Stop program' }).click();
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/exit code 130|stopped/i);
  await type(page, `python -c "print('after', 1 + 1)"`);
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('after 2');
  await screenshot(page, 'play-python-1280');

  // Every line was a step of the episode: the `run` tool, in the trajectory.
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
  const trajectory = page.getByLabel('Trajectory');
  await trajectory.waitFor({ timeout: 30_000 });
  expect((await trajectory.innerText()).match(/^run /gm)?.length).toBe(4);
  expect(s.errors).toEqual([]);
});
