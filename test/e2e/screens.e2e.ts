import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, type Session } from './browser';

/**
 * Every screen at 1920x1080, light and dark, saved for a person to look at; and checks that nothing overflows
 * sideways (the layout holds at this size as at 1280x800).
 */
let s: Session;
beforeAll(async () => {
  s = await openBrowser({ width: 1920, height: 1080 });
});
afterAll(async () => {
  await s?.close();
});

const noSidewaysScroll = () => s.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('home, repo, play, result and history at 1920x1080 in light and dark', async () => {
  const { page } = s;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(inject('baseUrl'));
    await page.getByRole('button', { name: /^email/ }).waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    await screenshot(page, `home-1920-${scheme}`);
    // A shared link opens the same task directly: sample, task, seed, position.
    await page.goto(`${inject('baseUrl')}#/s/cpython-email/dep-search/3/0`);
    await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Task', { exact: true }).innerText()).toContain('Analyse the function');
    await page.getByRole('button', { name: /^Open email\/.* at line \d+$/ }).click();
    await page.locator('.cm-content').waitFor();
    // The editor shows the target's line, near the top.
    await expect.poll(() => page.locator('.cm-activeLine').innerText()).toMatch(/def \w+/);
    expect(await noSidewaysScroll()).toBe(true);
    await screenshot(page, `play-1920-${scheme}`);
    await page.keyboard.press('Control+p');
    await page.getByLabel('File name').fill('utils');
    await screenshot(page, `quick-open-1920-${scheme}`);
    await page.getByLabel('File name').press('Enter');
    await page.keyboard.press('Control+Enter');
    await screenshot(page, `submit-confirm-1920-${scheme}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('table', { name: 'Dependencies' }).waitFor({ timeout: 30_000 });
    await screenshot(page, `result-1920-${scheme}`);
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('table', { name: 'Episodes' }).waitFor();
    await screenshot(page, `history-1920-${scheme}`);
    await page.goto(`${inject('baseUrl')}#/repo/sample%3Acpython-email`);
    await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
    await screenshot(page, `repo-1920-${scheme}`);
  }
  expect(s.errors).toEqual([]);
});
