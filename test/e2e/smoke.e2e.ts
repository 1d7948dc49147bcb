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
  expect(s.errors).toEqual([]);
});
