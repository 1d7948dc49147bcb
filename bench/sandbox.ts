/**
 * The sandbox benchmark (issue 6 §3), in headless Chromium on the built app's sandbox-check.html (served by vite
 * preview with COOP/COEP, as `npm start` serves it): Pyodide's cold start in its module Worker (from `new Worker` to
 * ready, first in a fresh profile, then with the HTTP cache warm, each in a new page), and the warm round trip of
 * `python -c` (post, run, output back) once loaded.
 *
 *   npx tsx bench/sandbox.ts [--runs=N] [--execs=N] [--build]     standalone
 *   npm run bench -- sandbox                                      as a section of the bench runner
 *
 * --build rebuilds the app first (otherwise an existing dist/ with sandbox-check.html is used).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS } from '../test/e2e/browser';
import type { SandboxCheckApi } from '../src/sandbox/check/main';
import { loadPyodide } from 'pyodide';
import { createNodePythonSandbox, nodePyodideIndexURL } from '../src/sandbox/node/python-node';
import { median, option, printTable, type BenchSection } from './section';

type Api = { hgymSandboxCheck: SandboxCheckApi };

async function coldStart(page: Page, url: string): Promise<{ pageMs: number; engineMs: number }> {
  await page.goto(url);
  await page.waitForFunction(() => 'hgymSandboxCheck' in window);
  return page.evaluate(async () => {
    const t0 = performance.now();
    const r = await (window as unknown as Api).hgymSandboxCheck.startPython();
    if (r.status.state !== 'ready') throw new Error(`Python did not load: ${r.status.detail}`);
    return { pageMs: performance.now() - t0, engineMs: r.loadMs ?? NaN };
  });
}

async function roundTrips(page: Page, n: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const api = (window as unknown as Api).hgymSandboxCheck;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const r = await api.python(`python -c "print(${i} * 2)"`);
      times.push(performance.now() - t0);
      if (r.stdout !== `${i * 2}\n`) throw new Error(`unexpected output: ${JSON.stringify(r.stdout)}`);
    }
    return times;
  }, n);
}

export async function runSandboxBench(options: string[] = []): Promise<{ coldMs: number[]; engineMs: number[]; roundTripMs: number[] }> {
  const runs = Number(option(options, 'runs') ?? 3);
  const execs = Number(option(options, 'execs') ?? 20);
  if (option(options, 'build') !== undefined || !existsSync(resolve('dist', 'sandbox-check.html'))) {
    console.log('building the app (vite build)…');
    await build({ logLevel: 'warn' });
  }
  const server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  const url = new URL('sandbox-check.html', base).href;
  const profile = mkdtempSync(join(tmpdir(), 'hgym-bench-sandbox-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const coldMs: number[] = [];
    const engineMs: number[] = [];
    let roundTripMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      const r = await coldStart(page, url);
      coldMs.push(r.pageMs);
      engineMs.push(r.engineMs);
      if (i === runs - 1) {
        await roundTrips(page, 3); // warm-up: first imports, JIT
        roundTripMs = await roundTrips(page, execs);
      }
      await page.close();
    }
    const f = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
    printTable([
      ['measure (headless Chromium, module Worker)', 'value'],
      ['Pyodide cold start, fresh profile (exec to ready)', f(coldMs[0]!)],
      ...(runs > 1 ? [[`Pyodide cold start, HTTP cache warm (median of ${runs - 1})`, f(median(coldMs.slice(1)))]] : []),
      ['  of which loadPyodide in the Worker (median)', f(median(engineMs))],
      [`warm python -c round trip (median of ${execs})`, f(median(roundTripMs))],
      ['warm python -c round trip (max)', f(Math.max(...roundTripMs))],
    ]);
    return { coldMs, engineMs, roundTripMs };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
}

/**
 * The command line's Python: the locked-down process (spawn, permission model, bundle, loadPyodide, guard) beside
 * the floor it cannot beat, loadPyodide in this process with no boundary; and the warm round trip over IPC.
 */
export async function runNodeSandboxBench(options: string[] = []): Promise<{ processMs: number[]; inProcessMs: number; roundTripMs: number[] }> {
  const runs = Number(option(options, 'runs') ?? 3);
  const execs = Number(option(options, 'execs') ?? 20);
  const processMs: number[] = [];
  let roundTripMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const sandbox = createNodePythonSandbox({ workspaceName: 'bench' });
    const t0 = performance.now();
    await sandbox.start();
    processMs.push(performance.now() - t0);
    if (i === runs - 1) {
      for (let k = 0; k < 3; k++) await sandbox.exec(`python -c "print(${k})"`);
      roundTripMs = [];
      for (let k = 0; k < execs; k++) {
        const t = performance.now();
        const r = await sandbox.exec(`python -c "print(${k} * 2)"`);
        roundTripMs.push(performance.now() - t);
        if (r.stdout !== `${k * 2}\n`) throw new Error(`unexpected output: ${JSON.stringify(r.stdout)}`);
      }
    }
    await sandbox.dispose();
  }
  const t0 = performance.now();
  await loadPyodide({ indexURL: nodePyodideIndexURL() });
  const inProcessMs = performance.now() - t0;
  const f = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  printTable([
    ['measure (Node, the CLI and tests)', 'value'],
    [`Python cold start in the locked-down process (median of ${runs})`, f(median(processMs))],
    ['loadPyodide in this process, no boundary (the floor)', f(inProcessMs)],
    [`warm python -c round trip over IPC (median of ${execs})`, f(median(roundTripMs))],
  ]);
  return { processMs, inProcessMs, roundTripMs };
}

export const sandboxBench: BenchSection = {
  name: 'sandbox',
  title: 'Pyodide in the browser and in Node: cold start and warm python -c round trip',
  run: async (options) => {
    await runSandboxBench(options);
    await runNodeSandboxBench(options);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runSandboxBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
