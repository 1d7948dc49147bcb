import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, type Session } from './browser';

let s: Session;
beforeAll(async () => {
  s = await openBrowser();
});
afterAll(async () => {
  await s?.close();
});

test('the first screen lists the embedded samples, and a sample indexes in a Worker with real tree-sitter', async () => {
  const { page } = s;
  await page.goto(inject('baseUrl'));
  const samples = page.getByRole('list', { name: 'Sample repositories' }).getByRole('button');
  await expect.poll(() => samples.count()).toBeGreaterThanOrEqual(5);
  await expect.poll(() => page.getByRole('button', { name: /json/ }).first().isVisible()).toBe(true);
  await screenshot(page, 'home-1280');
  await page.getByRole('button', { name: /^json/ }).click();
  const stats = page.getByLabel('Index statistics');
  await stats.waitFor({ timeout: 60_000 });
  const text = await stats.innerText();
  // The json package of CPython has 6 modules; its definitions and calls come from parsing them, not a table.
  expect(text).toMatch(/6\s*FILES/i);
  const defs = Number(/([\d,]+)\s*DEFINITIONS/i.exec(text)![1]!.replace(/,/g, ''));
  expect(defs).toBeGreaterThan(30);
  await screenshot(page, 'repo-1280');

  // The generator runs in the same Worker, on that index.
  await page.getByRole('button', { name: 'Generate' }).click();
  const rows = page.getByLabel('Generated tasks').locator('tbody tr');
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(10);
  await page.getByRole('tab', { name: /Files/ }).click();
  await page.getByRole('tree', { name: 'Repository files' }).getByRole('button', { name: 'decoder.py' }).click();
  await expect.poll(() => page.locator('.cm-content').innerText()).toContain('class JSONDecodeError(ValueError)');
  expect(s.errors).toEqual([]);
});
