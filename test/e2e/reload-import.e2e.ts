import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Route } from 'playwright-core';
import { openBrowser, screenshotWidths, type Session } from './browser';

/**
 * Reloads while a repo comes in: during a GitHub import and while the imported repo is indexed (a repo is stored
 * only once indexed: nothing of it may be stored, and the page says so either way). GitHub's API and raw hosts
 * cannot be reached from this machine: the page's requests to them are answered here, in their real shapes, with
 * packages of CPython's standard library (Pyodide's bundled copy) as the repository's files.
 */
let s: Session;
const SHA = 'c0ffee'.padEnd(40, '0');
const stdlib = unzipSync(readFileSync('node_modules/pyodide/python_stdlib.zip'));
// About 130 files and 50,000 lines: long enough to index that a reload lands in the middle.
const files = Object.entries(stdlib).filter(([p]) => /^(asyncio|email|multiprocessing|xml|importlib)\/.*\.py$/.test(p));
/** Raw downloads wait while this is set; an import can then be caught in the middle. */
let hold: Promise<void> | null = null;

const cors = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };
async function github(route: Route) {
  const url = new URL(route.request().url());
  const path = url.pathname;
  if (url.host === 'raw.githubusercontent.com') {
    if (hold) await hold;
    const file = files.find(([p]) => path.endsWith(`/${SHA}/${p}`));
    return route
      .fulfill({
        status: file ? 200 : 404,
        headers: { 'access-control-allow-origin': '*', 'content-type': 'text/plain' },
        body: Buffer.from(file ? file[1] : []),
      })
      .catch(() => undefined);
  }
  if (path === '/repos/octo/stdlib') return route.fulfill({ headers: cors, body: JSON.stringify({ full_name: 'octo/stdlib', default_branch: 'main' }) });
  if (path === '/repos/octo/stdlib/commits/main') return route.fulfill({ headers: { ...cors, 'content-type': 'text/plain' }, body: SHA });
  if (path === `/repos/octo/stdlib/git/trees/${SHA}`) {
    const tree = files.map(([p, b]) => ({ path: p, mode: '100644', type: 'blob', size: b.length }));
    return route.fulfill({ headers: cors, body: JSON.stringify({ sha: SHA, tree, truncated: false }) });
  }
  return route.fulfill({ status: 404, headers: cors, body: JSON.stringify({ message: 'Not Found' }) });
}

beforeAll(async () => {
  s = await openBrowser();
  await s.context.route(/^https:\/\/(api\.github\.com|raw\.githubusercontent\.com)\//, github);
});
afterAll(async () => {
  await s?.close();
});

test('a reload during an import or during its indexing stores nothing of it and says so; a full import is saved', async () => {
  const { page } = s;
  await page.goto(inject('baseUrl'));
  const input = page.getByLabel('GitHub repository');
  let release = () => {};
  hold = new Promise<void>((resolve) => (release = resolve));
  await input.fill('octo/stdlib');
  await page.getByRole('button', { name: 'Load from GitHub' }).click();
  await page.getByLabel('Import progress').waitFor();
  await page.reload();
  hold = null;
  release();

  const note = page.getByRole('status', { name: 'Import' });
  await expect
    .poll(() => note.innerText())
    .toBe('The import of octo/stdlib did not finish: the page was reloaded or closed during it, and nothing of it was saved. Import it again.');
  await screenshotWidths(page, 'home-import-interrupted', note);
  expect(await page.getByRole('table', { name: 'Saved repositories' }).count()).toBe(0);

  // Again, and reload while it is indexed: nothing was stored yet, and the page says so.
  await input.fill('octo/stdlib');
  await page.getByRole('button', { name: 'Load from GitHub' }).click();
  await page.getByText(/^Indexing \d+ \/ \d+ files/).waitFor({ timeout: 60_000 });
  const progress = /Indexing (\d+) \/ (\d+)/.exec(await page.getByText(/^Indexing \d+ \/ \d+ files/).innerText())!;
  expect(Number(progress[1])).toBeLessThan(Number(progress[2]));
  await page.reload();
  await expect.poll(() => page.getByRole('alert').innerText()).toContain('its import did not finish');
  await page.getByRole('link', { name: 'Repositories', exact: true }).first().click();
  await expect.poll(() => note.innerText()).toContain('The import of octo/stdlib did not finish');
  expect(await page.getByRole('table', { name: 'Saved repositories' }).count()).toBe(0);

  // Once more, to the end: indexed, then saved.
  await input.fill('octo/stdlib');
  await page.getByRole('button', { name: 'Load from GitHub' }).click();
  const stats = page.getByLabel('Index statistics');
  await stats.waitFor({ timeout: 60_000 });
  expect(Number(/([\d,]+)\s*FILES/i.exec(await stats.innerText())![1])).toBe(files.length);

  await page.getByRole('link', { name: 'Repositories', exact: true }).first().click();
  const saved = page.getByRole('table', { name: 'Saved repositories' });
  await expect.poll(() => saved.locator('tbody tr').count()).toBe(1);
  expect(await saved.innerText()).toContain('octo/stdlib');
  expect(await saved.innerText()).toContain(`${files.length}`);
  // The note was for the import the reload cut short: it is gone once one finished.
  expect(await page.getByRole('status', { name: 'Import' }).count()).toBe(0);
  expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  expect(s.warnings).toEqual([]);
});
