import { afterEach, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandin, toolCallReply } from '../core/llm/standin-server';
import { chooseStandin } from './agent-form';
import { openBrowser, screenshot, screenshotWidths, watchErrors, type Session } from './browser';

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
  await page
    .getByLabel('Generated tasks')
    .getByRole('button', { name: /^Play / })
    .first()
    .click();
  await page.getByLabel('Steps used').waitFor();
}

const banner = (page: Page) => page.getByRole('status', { name: 'Storage' });
const stepsUsed = async (page: Page) => Number(/Step (\d+)/.exec(await page.getByLabel('Steps used').innerText())![1]);

/** Reloads, accepting the browser's "leave the page?" question; says whether it was asked. */
async function reloadAnyway(page: Page): Promise<boolean> {
  let asked = false;
  const onDialog = (d: import('playwright-core').Dialog) => {
    asked = d.type() === 'beforeunload';
    void d.accept();
  };
  page.on('dialog', onDialog);
  await page.reload();
  page.off('dialog', onDialog);
  return asked;
}

test('with IndexedDB unavailable, a clear banner shows what is not saved and play goes on in memory', async () => {
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
  await expect.poll(() => banner(s!.page).innerText()).toMatch(/Storage is unavailable/);
  await s.page.getByLabel('Workspace files').getByRole('button', { name: '_parser.py' }).click();
  await expect.poll(async () => /Step (\d+)/.exec(await s!.page.getByLabel('Steps used').innerText())![1]).toBe('1');
  await expect.poll(() => banner(s!.page).innerText()).toMatch(/Not saved: the episode on tomllib: \w+ \(1 step\), \d+ generated tasks\./);
  await screenshot(s.page, 'play-storage-unavailable-1280');
  expect(s.errors).toEqual([]);
  expect(s.warnings).toEqual([]);
});

test('with IndexedDB blocked by another tab, the page does not wait for it: it says so and plays in memory', async () => {
  s = await openBrowser();
  // Every open is really blocked: a connection that never gives way holds each database at an older version.
  await s.page.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    const held: IDBDatabase[] = [];
    IDBFactory.prototype.open = function (name: string) {
      const first = open.call(this, `held-${name}`, 1);
      first.onsuccess = () => held.push(first.result);
      return open.call(this, `held-${name}`, 2);
    };
  });
  await s.page.goto(inject('baseUrl'));
  await expect.poll(() => s!.page.getByText(/Saved repos are unavailable: storage is blocked/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await playFirstTask(s);
  await expect.poll(() => banner(s!.page).innerText()).toMatch(/Storage is blocked \(another tab of the playground holds it\)/);
  await s.page.getByLabel('Workspace files').getByRole('button', { name: '_parser.py' }).click();
  await expect.poll(() => stepsUsed(s!.page)).toBe(1);
  await expect.poll(() => banner(s!.page).innerText()).toMatch(/Not saved: the episode on tomllib: \w+ \(1 step\)/);
  await screenshotWidths(s.page, 'play-storage-blocked');
  expect(s.errors).toEqual([]);
  expect(s.warnings).toEqual([]);
});

test('when storage fills up mid-episode, the banner names what is not saved; a reload asks, then keeps what was saved', async () => {
  s = await openBrowser();
  const { page } = s;
  await playFirstTask(s);
  const url = page.url();
  // From now on every write fails as a full disk does: asynchronously, with a QuotaExceededError.
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.getByLabel('Workspace files').getByRole('button', { name: '_parser.py' }).click();
  await expect.poll(() => banner(page).innerText()).toMatch(/storage is full/i);
  await page.getByLabel('Workspace files').getByRole('button', { name: '_re.py' }).click();
  await expect.poll(() => stepsUsed(page)).toBe(2);
  await expect.poll(() => banner(page).innerText()).toMatch(/Not saved: the episode on tomllib: \w+ \(2 steps\)\./);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
  // The result is shown from memory: the two views and the submit are all there.
  await page.getByLabel('Trajectory').waitFor();
  expect(await page.getByLabel('Trajectory').locator('li').count()).toBe(3);
  await expect.poll(() => banner(page).innerText()).toMatch(/Not saved: the episode on tomllib: \w+ \(3 steps\)\./);
  await screenshotWidths(page, 'result-storage-full');

  // Leaving would lose them: the browser asks. After the reload, what was saved is there, and the page says the end was not.
  expect(await reloadAnyway(page)).toBe(true);
  const note = page.getByRole('status').filter({ hasText: "This episode's end was not saved" });
  await expect.poll(() => note.innerText()).toContain('what is stored stops at step 0');
  await screenshotWidths(page, 'result-end-not-saved');
  await note.getByRole('link', { name: 'Resume it from step 0' }).click();
  await page.getByLabel('Steps used').waitFor();
  expect(page.url()).toBe(url);
  expect(await stepsUsed(page)).toBe(0);
  await page.getByRole('link', { name: 'History' }).click();
  await expect.poll(() => page.getByRole('table', { name: 'Episodes' }).locator('tbody tr').count()).toBe(1);
  expect(s.errors).toEqual([]);
  expect(s.warnings).toEqual([]);
});

test('a reload during a batch run: the table shows which episodes were saved, says the run stopped, and Resume plays the rest once', async () => {
  // A model that takes its time: it opens a file, then submits (each answer after 500 ms).
  const model = await startStandin((req) => ({
    ...(req.body.messages.length <= 2 ? toolCallReply('str_replace_editor', { command: 'view', path: '/workspace' }) : toolCallReply('submit', {})),
    delayMs: 500,
  }));
  try {
    s = await openBrowser();
    const { page } = s;
    await page.goto(`${inject('baseUrl')}#/repo/sample%3Acpython-json`);
    await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByRole('button', { name: /Let a model play all 10 tasks/ }).click();
    const panel = page.getByRole('region', { name: 'Batch run' });
    await chooseStandin(panel, model.baseUrl);
    await panel.getByRole('button', { name: 'Run on 10 tasks' }).click();
    const table = panel.getByRole('table', { name: 'Batch results' });
    await expect.poll(() => table.locator('tbody tr[data-status="done"]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(await table.locator('tbody tr[data-status="running"]').count()).toBeGreaterThan(0);

    // Another tab on the same repo sees the run going on, not a run cut short, and offers no Resume.
    const other = await s.context.newPage();
    watchErrors(other, s.errors, s.warnings);
    await other.goto(page.url());
    await expect
      .poll(() => other.getByRole('status', { name: 'Batch status' }).innerText(), { timeout: 60_000 })
      .toMatch(/is going on in another tab of the playground: \d+ of 10 episodes are saved so far/);
    expect(await other.getByRole('button', { name: /^Resume/ }).count()).toBe(0);
    await other.close();

    await page.reload();
    await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
    // The run is shown as stored, without asking: it says it stopped, and how many of its episodes are saved.
    const status = panel.getByRole('status', { name: 'Batch status' });
    await expect.poll(() => status.innerText()).toMatch(/stopped when the page was reloaded or closed: \d+ of 10 episodes are saved/);
    const saved = Number(/: (\d+) of 10 episodes are saved/.exec(await status.innerText())![1]);
    expect(saved).toBeGreaterThanOrEqual(2);
    expect(saved).toBeLessThan(10);
    expect(await table.locator('tbody tr[data-status="done"]').count()).toBe(saved);
    expect(await table.locator('tbody tr[data-status="stopped"]').count()).toBe(10 - saved);
    await screenshotWidths(page, 'repo-batch-interrupted', status);
    // Nothing plays on: no model calls after the reload.
    const calls = model.requests.length;
    await page.waitForTimeout(800);
    expect(model.requests.length).toBe(calls);
    // The History has exactly the saved ones.
    const history = async () => {
      await page.getByRole('link', { name: 'History' }).click();
      const rows = page.getByRole('table', { name: 'Episodes' }).locator('tbody tr');
      await rows.first().waitFor();
      const n = await rows.count();
      await page.goBack();
      await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
      return n;
    };
    expect(await history()).toBe(saved);

    // Resume plays only the rest; Stop on the way says the same; ten episodes in all, one per task.
    await panel.getByRole('button', { name: `Resume: play the ${10 - saved} left` }).click();
    await expect.poll(() => table.locator('tbody tr[data-status="done"]').count(), { timeout: 30_000 }).toBeGreaterThan(saved);
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.innerText()).toMatch(/was stopped: \d+ of 10 episodes are saved/);
    const before = Number(/: (\d+) of 10 episodes are saved/.exec(await status.innerText())![1]);
    expect(await table.locator('tbody tr[data-status="done"]').count()).toBe(before);
    await panel.getByRole('button', { name: `Resume: play the ${10 - before} left` }).click();
    await expect.poll(() => table.locator('tbody tr[data-status="done"]').count(), { timeout: 30_000 }).toBe(10);
    expect(await panel.getByRole('status', { name: 'Batch status' }).count()).toBe(0);
    expect(await history()).toBe(10);
    expect(s.errors).toEqual([]);
    expect(s.warnings).toEqual([]);
    expect(s.warnings).toEqual([]);
  } finally {
    await model.close();
  }
});
