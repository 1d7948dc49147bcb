/**
 * The UI benchmark (issue 4): page load to the first playable episode on an embedded sample, in headless Chromium
 * on the built app served as `npm start` serves it. A shared task link (`#/s/cpython-json/func-localize/1/0`) is
 * opened in a new page; the clock stops when the episode screen shows its step counter, i.e. the sample was fetched,
 * unzipped, indexed in the Worker, the task generated and the episode started. First in a fresh profile (cold HTTP
 * cache, empty IndexedDB), then again in new pages with the cache warm. Target: < 2 s.
 *
 *   npx tsx bench/ui.ts [--runs=N] [--no-build]   standalone (builds the app first unless --no-build)
 *   npm run bench -- ui                            as a section of the bench runner
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS } from '../test/e2e/browser';
import { median, option, printTable, type BenchSection } from './section';

const SHARE = '#/s/cpython-json/func-localize/1/0';

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
    const once = async () => {
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(base + SHARE);
      await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
      const ms = Date.now() - t0;
      await page.close();
      return ms;
    };
    const coldMs = await once();
    const warmMs: number[] = [];
    for (let i = 0; i < runs; i++) warmMs.push(await once());
    printTable([
      ['measure', 'ms', 'target'],
      ['first playable episode, cold profile', coldMs, '< 2000'],
      [`first playable episode, warm cache (median of ${runs})`, Math.round(median(warmMs)), '< 2000'],
      ['ratio cold / target', (coldMs / 2000).toFixed(2), '< 1'],
    ]);
    return { coldMs, warmMs };
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
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
