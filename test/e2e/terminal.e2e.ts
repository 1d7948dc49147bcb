import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, type Session } from './browser';

/** The Play screen's terminal (xterm.js) shows a repo's control characters escaped; its own prompt still works. */
let s: Session;
beforeAll(async () => {
  s = await openBrowser();
});
afterAll(async () => {
  await s?.close();
});

const HOSTILE = '\x1b]0;TITLE\x07\x1b[2J.py';
const terminalText = (page: Page) => page.locator('.terminal-host .xterm-rows').innerText();

function zipWithHostileName(): Buffer {
  const stdlib = unzipSync(readFileSync('node_modules/pyodide/python_stdlib.zip'));
  const files = Object.fromEntries(
    Object.entries(stdlib)
      .filter(([p]) => p.startsWith('tomllib/') && p.endsWith('.py'))
      .map(([p, b]) => [`hostile-main/${p}`, b]),
  );
  files[`hostile-main/${HOSTILE}`] = strToU8('x = "\x1b[31mred\x1b[0m"\n');
  return Buffer.from(zipSync(files));
}

test('file names and contents holding escape sequences are shown escaped in the terminal', async () => {
  const { page } = s;
  await page.goto(inject('baseUrl'));
  const title = await page.title();
  await page.getByLabel('Zip file').setInputFiles({ name: 'hostile-main.zip', mimeType: 'application/zip', buffer: zipWithHostileName() });
  await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Generate' }).click();
  await page
    .getByLabel('Generated tasks')
    .getByRole('button', { name: /^Play / })
    .first()
    .click();
  await page.getByLabel('Steps used').waitFor();
  await page.locator('.terminal-host .xterm').click();
  await page.keyboard.type('ls\n');
  await expect.poll(() => terminalText(page)).toContain('\\x1b]0;TITLE\\x07\\x1b[2J.py');
  await page.keyboard.type('grep -rn red .\n');
  await expect.poll(() => terminalText(page)).toContain(':1:x = "\\x1b[31mred\\x1b[0m"');
  const text = await terminalText(page);
  // \x1b[2J did not clear the screen: the greeting above is still there, and so is the prompt after the output.
  expect(text).toContain('Type shell commands');
  expect(
    text
      .replace(/\u00a0/g, ' ')
      .trimEnd()
      .split('\n')
      .pop(),
  ).toMatch(/^\/workspace\/\S+ \$$/);
  expect(await page.title()).toBe(title);
  await screenshot(page, 'play-terminal-escaped-1280');
  expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
