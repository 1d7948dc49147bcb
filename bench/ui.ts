/**
 * The UI benchmark (issue 4): page load to the first playable episode on an embedded sample, in headless Chromium
 * on the built app served as `npm start` serves it. A shared task link (`#/s/cpython-json/func-localize/1/0`) is
 * opened in a new page; the clock stops when the episode screen shows its step counter, i.e. the sample was fetched,
 * unzipped, indexed in the Worker, the task generated and the episode started. First in a fresh profile (cold HTTP
 * cache, empty IndexedDB), then again in new pages with the cache warm. Target: < 2 s.
 *
 * Also (issue 11): the bytes the cold page transferred to its playable episode and to the first Python output (a
 * `python -c` typed at once, so Pyodide loads for it; every request of the page and its Workers, as Playwright sees
 * them), how long a `python` typed after the background warm-up waits, and the repo Worker's index of the asyncio
 * sample on one thread and with its helper Workers (index-check.html).
 *
 *   npx tsx bench/ui.ts [--runs=N] [--no-build]   standalone (builds the app first unless --no-build)
 *   npm run bench -- ui                            as a section of the bench runner
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS } from '../test/e2e/browser';
import type { IndexCheckApi, IndexCheckRun } from '../src/workers/index-check';
import type { ParallelOptions } from '../src/workers/index-pool';
import { median, option, printTable, type BenchSection } from './section';

const SHARE = '#/s/cpython-json/func-localize/1/0';
const INDEX_SAMPLE = 'cpython-asyncio';

/** Bytes transferred (headers and encoded bodies) by every request of the context that finished so far. */
function countBytes(context: BrowserContext): () => Promise<number> {
  const sizes: Promise<number>[] = [];
  context.on('requestfinished', (r) =>
    sizes.push(
      r.sizes().then(
        (z) => z.responseBodySize + z.responseHeadersSize,
        () => 0,
      ),
    ),
  );
  return async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

async function typeInTerminal(page: Page, line: string, expected: RegExp): Promise<number> {
  await page.locator('.terminal-host .xterm').click();
  const t0 = Date.now();
  await page.keyboard.type(`${line}\n`);
  await page.waitForFunction(
    (re) => new RegExp(re, 'm').test((document.querySelector('.terminal-host .xterm-rows') as HTMLElement | null)?.innerText ?? ''),
    expected.source,
    {
      timeout: 120_000,
      polling: 20,
    },
  );
  return Date.now() - t0;
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;

export async function runUiBench(options: string[] = []): Promise<{ coldMs: number; warmMs: number[] }> {
  const runs = Number(option(options, 'runs') ?? 5);
  // The measured page must be the current source: build unless told the build is fresh.
  if (option(options, 'no-build') === undefined || !existsSync(resolve('dist', 'index.html'))) {
    console.log('building the app (vite build)…');
    await build({ logLevel: 'warn' });
  }
  const server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  const profile = mkdtempSync(join(tmpdir(), 'hgym-bench-ui-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const bytes = countBytes(context);
    const once = async (python?: 'at once' | 'warmed') => {
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(base + SHARE);
      await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
      const ms = Date.now() - t0;
      const playableBytes = await bytes();
      let pythonMs = 0;
      if (python === 'warmed') {
        await page.waitForFunction(() => /Python.*ready/.test(document.querySelector('[aria-label="Sandboxes"]')?.textContent ?? ''), null, {
          timeout: 120_000,
        });
      }
      if (python) pythonMs = await typeInTerminal(page, 'python -c "print(6 * 7)"', /^42$/);
      const pythonBytes = await bytes();
      await page.close();
      return { ms, playableBytes, pythonBytes, pythonMs };
    };
    const cold = await once('at once');
    const coldMs = cold.ms;
    const warmMs: number[] = [];
    for (let i = 0; i < runs; i++) warmMs.push((await once()).ms);
    const warmed = await once('warmed');
    printTable([
      ['measure', 'ms', 'target'],
      ['first playable episode, cold profile', coldMs, '< 2000'],
      [`first playable episode, warm cache (median of ${runs})`, Math.round(median(warmMs)), '< 2000'],
      ['ratio cold / target', (coldMs / 2000).toFixed(2), '< 1'],
      ['first python output, typed at once (cold: Pyodide loads)', cold.pythonMs, ''],
      ['first python output, typed after the warm-up', warmed.pythonMs, '< 1000'],
    ]);
    console.log('');
    printTable([
      ['bytes transferred, cold profile', 'bytes', ''],
      ['to the first playable episode', cold.playableBytes, kb(cold.playableBytes)],
      ['to the first Python output', cold.pythonBytes, kb(cold.pythonBytes)],
    ]);
    console.log('');
    await indexTimes(context, base, runs);
    return { coldMs, warmMs };
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The repo Worker's index of a sample, on one thread and with helpers (median of `runs` each, fresh Workers). */
async function indexTimes(context: BrowserContext, base: string, runs: number): Promise<void> {
  const page = await context.newPage();
  await page.goto(new URL('index-check.html', base).href);
  await page.waitForFunction(() => 'hgymIndexCheck' in window);
  const run = (o: ParallelOptions & { sequential?: boolean }) =>
    page.evaluate(([id, opts]) => (window as unknown as { hgymIndexCheck: IndexCheckApi }).hgymIndexCheck.index(id, opts), [
      INDEX_SAMPLE,
      o,
    ] as const) as Promise<IndexCheckRun>;
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const rows: (string | number)[][] = [[`repo Worker index of ${INDEX_SAMPLE} (${cores} cores)`, 'ms (median)', 'index only', 'helper files', 'same index']];
  const sequential = await run({ sequential: true });
  for (const [label, o] of [
    ['one thread', { sequential: true }],
    ['default helpers', {}],
    ['3 helpers', { threads: 3, minLines: 0 }],
  ] as const) {
    const all: IndexCheckRun[] = [];
    for (let i = 0; i < runs; i++) all.push(await run(o));
    const mid = all.sort((a, b) => a.ms - b.ms)[Math.floor(all.length / 2)]!;
    const helpers = mid.parallel.helpers ? `${label} (${mid.parallel.helpers}, ${mid.parallel.mode})` : label;
    rows.push([helpers, mid.ms, mid.indexMs, `${mid.parallel.helperFiles}/${mid.files}`, all.every((r) => r.json === sequential.json) ? 'yes' : 'NO']);
  }
  printTable(rows);
  await page.close();
}

export const uiBench: BenchSection = {
  name: 'ui',
  title: 'page load to the first playable episode (headless Chromium, embedded json sample)',
  run: async (options) => void (await runUiBench(options)),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runUiBench(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
