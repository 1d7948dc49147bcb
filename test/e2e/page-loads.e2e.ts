import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, screenshotWidths, type Session } from './browser';

/** The page fetches what the repo needs: a Python sample's episode, played to its score, loads no JS/TS grammar. */
let s: Session;
const requested: string[] = [];
beforeAll(async () => {
  s = await openBrowser();
  // The context sees the page's requests and its Workers' (the repo Worker fetches the grammars).
  s.context.on('request', (r) => requested.push(new URL(r.url()).pathname));
});
afterAll(async () => {
  await s?.close();
});

const grammars = () => requested.filter((p) => /tree-sitter-[a-z]+-[\w-]+\.wasm$/.test(p)).map((p) => /tree-sitter-([a-z]+)-/.exec(p)![1]);

test('opening and scoring a Python sample fetches the Python grammar only', async () => {
  const { page } = s;
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/0`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  expect(grammars()).toContain('python');
  expect(requested.some((p) => /web-tree-sitter-[\w-]+\.wasm$/.test(p))).toBe(true);

  // Scoring parses the patch: still the Python grammar only.
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
  await page.getByLabel('Trajectory').waitFor({ timeout: 30_000 });
  expect([...new Set(grammars())]).toEqual(['python']);
  expect(s.errors).toEqual([]);
});

test('Python warms up while the player reads, so the first python answers from a ready engine', async () => {
  const { page } = s;
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/1`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  const bar = page.getByRole('status', { name: 'Sandboxes' });
  // Not on the path to the playable episode: nothing loads until the page has been idle.
  expect(await bar.innerText()).toMatch(/Python.*loads on first run/);
  await expect.poll(() => bar.innerText(), { timeout: 20_000, interval: 100 }).toMatch(/Python.*warming up/);
  await page.setViewportSize({ width: 1920, height: 1080 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `play-python-warming-1920-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: null });
  await screenshotWidths(page, 'play-python-warming');
  await expect.poll(() => bar.innerText(), { timeout: 60_000 }).toMatch(/Python.*ready/);
  // Ready before the command was typed: the run waits for no load.
  await page.locator('.terminal-host .xterm').click();
  await page.keyboard.type('python -c "print(6 * 7)"\n');
  await expect.poll(() => page.locator('.terminal-host .xterm-rows').innerText(), { timeout: 10_000 }).toMatch(/^42$/m);
  expect(s.errors).toEqual([]);
});
