import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { buildIndex } from '../../src/core/index/build';
import { loadSampleRepo } from '../../src/core/repo/samples';
import { loadTreeSitterNode } from '../../src/node/wasm';
import type { IndexCheckApi, IndexCheckRun } from '../../src/workers/index-check';
import type { ParallelOptions } from '../../src/workers/index-pool';
import { openBrowser, type Session } from './browser';

/**
 * The page's repo Worker parses a larger repo with helper Workers, handing files out from a shared counter (the
 * page is cross-origin isolated) or in message batches, and the index is the one-thread index byte for byte — and
 * the one Node builds from the same sample.
 */
let s: Session;
beforeAll(async () => {
  s = await openBrowser();
  await s.page.goto(new URL('index-check.html', inject('baseUrl')).href);
  await s.page.waitForFunction(() => 'hgymIndexCheck' in window);
});
afterAll(async () => {
  await s?.close();
});

const run = (sample: string, options: ParallelOptions & { sequential?: boolean }) =>
  s.page.evaluate(([id, o]) => (window as unknown as { hgymIndexCheck: IndexCheckApi }).hgymIndexCheck.index(id, o), [
    sample,
    options,
  ] as const) as Promise<IndexCheckRun>;

test('the pooled index of the asyncio sample is the sequential one, claimed from a counter or in batches', async () => {
  expect(await s.page.evaluate(() => crossOriginIsolated)).toBe(true);
  const sequential = await run('cpython-asyncio', { sequential: true });
  expect(sequential.parallel).toEqual({ helpers: 0, mode: 'none', helperFiles: 0 });
  const index = JSON.parse(sequential.json) as { stats: { files: number; resolved: number } };
  expect(index.stats.files).toBeGreaterThan(25);
  expect(index.stats.resolved).toBeGreaterThan(500);

  // The repo Worker sharing the work, and the helpers alone (so every file's outcome crossed from a helper).
  for (const share of [true, false]) {
    const shared = await run('cpython-asyncio', { threads: 3, minLines: 0, mode: 'shared', share });
    expect(shared.parallel).toMatchObject({ helpers: 3, mode: 'shared' });
    if (!share) expect(shared.parallel.helperFiles).toBe(shared.files);
    expect(shared.json).toBe(sequential.json);
    const batches = await run('cpython-asyncio', { threads: 2, minLines: 0, mode: 'messages', share });
    expect(batches.parallel).toMatchObject({ helpers: 2, mode: 'messages' });
    if (!share) expect(batches.parallel.helperFiles).toBe(batches.files);
    expect(batches.json).toBe(sequential.json);
  }

  // The same files indexed by Node on one thread give the same JSON.
  const repo = await loadSampleRepo((u, i) => fetch(u, i), new URL('samples/', inject('baseUrl')).href, 'cpython-asyncio');
  if (!repo.ok) throw new Error(repo.error);
  const node = await buildIndex(repo.value.files, await loadTreeSitterNode(), { rootName: repo.value.rootFolder ?? null });
  expect(JSON.stringify({ ...node, stats: { ...node.stats, ms: 0 } })).toBe(sequential.json);
  expect(s.errors).toEqual([]);
});

test('by default a large sample gets a helper per spare core and a small one stays on one thread', async () => {
  const cores = await s.page.evaluate(() => navigator.hardwareConcurrency);
  const large = await run('cpython-asyncio', {});
  expect(large.parallel).toMatchObject(cores > 1 ? { helpers: Math.min(cores - 1, 4), mode: 'shared' } : { helpers: 0, mode: 'none' });
  const small = await run('cpython-json', {});
  expect(small.parallel).toEqual({ helpers: 0, mode: 'none', helperFiles: 0 });
  expect(s.errors).toEqual([]);
});
