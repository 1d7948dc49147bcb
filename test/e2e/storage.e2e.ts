import { afterEach, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, type Session } from './browser';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function playFirstTask(session: Session) {
  const { page } = session;
  await page.goto(inject('baseUrl'));
  await page.getByRole('button', { name: /^tomllib/ }).click();
  await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByLabel('Generated tasks').getByRole('button', { name: /^Play / }).first().click();
  await page.getByLabel('Steps used').waitFor();
}

test('with IndexedDB unavailable, a clear banner shows and play goes on in memory', async () => {
  s = await openBrowser();
  // As in a browser with site data blocked: opening any database fails.
  await s.page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await s.page.goto(inject('baseUrl'));
  await expect.poll(() => s!.page.getByText(/Saved repos are unavailable/).count()).toBeGreaterThan(0);
  await playFirstTask(s);
  await expect.poll(() => s!.page.getByRole('status', { name: 'Storage' }).innerText()).toMatch(/Storage is unavailable/);
  await s.page.getByLabel('Workspace files').getByRole('button', { name: '_parser.py' }).click();
  await expect.poll(async () => /Step (\d+)/.exec(await s!.page.getByLabel('Steps used').innerText())![1]).toBe('1');
  await screenshot(s.page, 'play-storage-unavailable-1280');
});

test('when storage fills up mid-episode, the banner says so and nothing played is lost', async () => {
  s = await openBrowser();
  await playFirstTask(s);
  // From now on every write fails as a full disk does: asynchronously, with a QuotaExceededError.
  await s.page.evaluate(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await s.page.getByLabel('Workspace files').getByRole('button', { name: '_parser.py' }).click();
  await expect.poll(() => s!.page.getByRole('status', { name: 'Storage' }).innerText()).toMatch(/storage is full/i);
  await s.page.getByLabel('Workspace files').getByRole('button', { name: '_re.py' }).click();
  await expect.poll(async () => /Step (\d+)/.exec(await s!.page.getByLabel('Steps used').innerText())![1]).toBe('2');
  await s.page.getByRole('button', { name: 'Submit' }).click();
  await s.page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
  // The result is shown from memory: the two views and the submit are all there.
  await s.page.getByLabel('Trajectory').waitFor();
  expect(await s.page.getByLabel('Trajectory').locator('li').count()).toBe(3);
});
