import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, POOLED_ID_BASE, shiftIds, type IndexPool } from '../../../src/core/index/build';
import { dependencySets, formatDependencyRecord } from '../../../src/core/index/dependencies';
import type { RepoIndex } from '../../../src/core/index/types';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { builderFiles } from '../../../src/node/deps-cli';
import { nodeIndexPool } from '../../../src/node/index-pool';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { pythonStdlib, TOY_SHOP } from '../../data';

/**
 * The parallel index is the sequential one: on real standard-library packages (and a mixed Python/JS repo), with
 * worker threads doing most of the files, every file, definition, call site and call-graph edge is the same, and
 * so are the `deps` records, byte for byte.
 */
const withoutTime = (ix: RepoIndex) => JSON.stringify({ ...ix, stats: { ...ix.stats, ms: 0 } });
const records = (ix: RepoIndex) => dependencySets(ix, {}).map(formatDependencyRecord).join('\n');

let ts: TreeSitter;
let files: { path: string; text: string }[];
beforeAll(async () => {
  ts = await loadTreeSitterNode();
  const lib = pythonStdlib();
  files = [];
  for (const pkg of ['json', 'email', 'logging', 'asyncio', 'unittest', 'importlib']) {
    files.push(...(await builderFiles(join(lib, pkg))).map((f) => ({ path: `${pkg}/${f.path}`, text: f.text })));
  }
}, 60_000);

describe('nodeIndexPool', () => {
  it.each([1, 2, 3])(
    'with %i worker threads gives the sequential index of 6 stdlib packages',
    async (threads) => {
      const sequential = await buildIndex(files, ts);
      const parallel = await buildIndex(files, ts, { pool: nodeIndexPool({ threads, minLines: 0 }) });
      expect(parallel.stats.files).toBeGreaterThan(100);
      expect(parallel.stats.resolved).toBeGreaterThan(1000);
      expect(withoutTime(parallel)).toBe(withoutTime(sequential));
      expect(records(parallel)).toBe(records(sequential));
    },
    120_000,
  );

  it('shares the work: the workers index files too', async () => {
    let here = 0;
    const pool = nodeIndexPool({ threads: 2, minLines: 0 });
    const counting: IndexPool = { indexFiles: (f, l, local) => pool.indexFiles(f, l, (i) => (here++, local(i))) };
    await buildIndex(files, ts, { pool: counting });
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(files.length);
  }, 120_000);

  it('gives a mixed Python and JavaScript repo its sequential index', async () => {
    const mixed = [
      ...(await builderFiles(TOY_SHOP)),
      { path: 'web/app.js', text: readFileSync(join(__dirname, '..', '..', '..', 'eslint', 'layers.js'), 'utf8') },
      { path: 'web/util.ts', text: 'export function twice(x: number) { return x * 2 }\nexport const four = () => twice(2)\n' },
    ];
    const sequential = await buildIndex(mixed, ts);
    const parallel = await buildIndex(mixed, ts, { pool: nodeIndexPool({ threads: 2, minLines: 0 }) });
    expect(sequential.files.map((f) => f.language)).toContain('typescript');
    expect(withoutTime(parallel)).toBe(withoutTime(sequential));
  }, 60_000);

  it('indexes small repos on the calling thread only', async () => {
    let here = 0;
    const pool = nodeIndexPool({ threads: 2 });
    const small = files.slice(0, 3);
    await buildIndex(small, ts, { pool: { indexFiles: (f, l, local) => pool.indexFiles(f, l, (i) => (here++, local(i))) } });
    expect(here).toBe(small.length);
  });
});

describe('shiftIds', () => {
  it('refuses a pooled number that is not one of the file’s definition ids', () => {
    const outcome = {
      kind: 'indexed' as const,
      language: 'python' as const,
      lines: 1,
      hasError: false,
      extraction: { definitions: [], imports: [], calls: [], exports: null, facts: { x: POOLED_ID_BASE + 3 } },
    };
    expect(() => shiftIds(outcome, 10)).toThrow(/not one of the file's 0 definition ids/);
  });
});
