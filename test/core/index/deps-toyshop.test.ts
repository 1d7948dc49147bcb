import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
import { dependencySets, formatDependencyRecord } from '../../../src/core/index/dependencies';
import type { RepoIndex } from '../../../src/core/index/types';
import { builderFiles, runDeps } from '../../../src/node/deps-cli';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { FIXTURES, TOY_SHOP } from '../../data';

const REPO = TOY_SHOP;
const expectedLines = readFileSync(resolve(FIXTURES, 'toy-shop.deps.jsonl'), 'utf8').split('\n').filter(Boolean);

describe("dependency sets of the toy-shop fixture (reference: the authors' builder with Jedi)", () => {
  let index: RepoIndex;
  beforeAll(async () => {
    const ts = await loadTreeSitterNode(['python']);
    index = await buildIndex(await builderFiles(REPO), ts, { rootName: 'toy-shop' });
  });

  it('produces exactly the reference records, byte for byte in json.dumps form', () => {
    const lines = dependencySets(index, { minDeps: 1, maxDeps: 9 }).map(formatDependencyRecord);
    expect([...lines].sort()).toEqual([...expectedLines].sort());
  });

  it('orders targets within each file like ast.walk (files follow our sorted walk, the reference used disk order)', () => {
    const records = dependencySets(index, { minDeps: 1, maxDeps: 9 });
    const expected = expectedLines.map((l) => JSON.parse(l) as { target_function_file: string; target_function_line_start: number });
    const files = new Set(expected.map((r) => r.target_function_file));
    for (const file of files) {
      const ours = records.filter((r) => r.target_function_file === file).map((r) => r.target_function_line_start);
      const theirs = expected.filter((r) => r.target_function_file === file).map((r) => r.target_function_line_start);
      expect(ours, file).toEqual(theirs);
    }
  });

  it('respects the dependency-count bounds', () => {
    const records = dependencySets(index, { minDeps: 2, maxDeps: 3 });
    expect(records.length).toBe(expected(2, 3));
    for (const r of records) expect(r.num_dependencies).toBe(r.dependencies.length);
  });

  it('runDeps prints the same lines, deterministically', async () => {
    const first: string[] = [];
    const second: string[] = [];
    await runDeps(REPO, { minDeps: 1, maxDeps: 9 }, (l) => first.push(l));
    await runDeps(REPO, { minDeps: 1, maxDeps: 9 }, (l) => second.push(l));
    expect(first).toEqual(second);
    expect([...first].sort()).toEqual([...expectedLines].sort());
  });
});

function expected(min: number, max: number): number {
  return expectedLines.map((l) => JSON.parse(l).num_dependencies as number).filter((n) => n >= min && n <= max).length;
}
