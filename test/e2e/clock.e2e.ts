import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, watchErrors, type Session } from './browser';

/**
 * The episode clock across reloads: a player who reads without acting comes back to the time they spent (a reload
 * loses at most a second), closing the tab keeps it too, and a paused clock stays where it was.
 */
let s: Session;
beforeAll(async () => {
  s = await openBrowser();
});
afterAll(async () => {
  await s?.close();
});

/** Seconds on the clock as the page shows them (m:ss). */
async function shownSeconds(page: Page): Promise<number> {
  const [m, sec] = (await page.getByLabel('Time on the clock').innerText()).split(':').map(Number);
  return m! * 60 + sec!;
}

async function startEpisode(page: Page): Promise<number> {
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/0`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  await page.waitForURL(/#\/play\/ep-/);
  return Date.now();
}

/** At least the time the test saw pass, less the second a reload may lose (and the display's rounding down). */
const atLeast = (since: number) => Math.floor((Date.now() - since) / 1000 - 1);

test('time spent reading without acting survives a reload and a closed tab; a paused clock does not move', async () => {
  let { page } = s;
  const started = await startEpisode(page);
  const url = page.url();
  await page.waitForTimeout(4_500);
  let floor = atLeast(started);
  await page.reload();
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  expect(await shownSeconds(page)).toBeGreaterThanOrEqual(floor);
  expect(floor).toBeGreaterThanOrEqual(3);

  // Closing the tab: a new one opens the same episode.
  await page.waitForTimeout(1_500);
  floor = atLeast(started);
  await page.close({ runBeforeUnload: true });
  page = s.page = await s.context.newPage();
  watchErrors(page, s.errors, s.warnings);
  watchErrors(page, s.errors, s.warnings);
  await page.goto(url);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  expect(await shownSeconds(page)).toBeGreaterThanOrEqual(floor);

  // Paused: the time stays as it was, across a reload too.
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = await shownSeconds(page);
  await page.waitForTimeout(2_500);
  await page.reload();
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  expect(await page.getByRole('button', { name: 'Resume' }).getAttribute('aria-pressed')).toBe('true');
  expect(await shownSeconds(page)).toBe(paused);
  await page.waitForTimeout(1_200);
  expect(await shownSeconds(page)).toBe(paused);
  expect(s.errors).toEqual([]);
  expect(s.warnings).toEqual([]);
});
