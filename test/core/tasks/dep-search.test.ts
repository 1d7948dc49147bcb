import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { balancedSample, generateDepSearch } from '../../../src/core/tasks/dep-search/generate';
import type { RepoMeta } from '../../../src/core/tasks/repo-meta';
import { createRng } from '../../../src/core/tasks/rng';
import { loadRepo, loadStdlibPackages, stdlibAvailable, TOY_SHOP, type LoadedRepo } from './real-repos';
import { FIXTURES } from '../../data';

const META: RepoMeta = { repo: 'toy/shop', baseCommit: 'feed'.padEnd(40, '0') };
/** The authors' builder (Jedi) on toy-shop, 1..9 dependencies. */
const REFERENCE = readFileSync(resolve(FIXTURES, 'toy-shop.deps.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { target_function_file: string; target_function_line_start: number; dependencies: unknown[]; num_dependencies: number });

const countsOf = (xs: { num_dependencies: number }[]) => {
  const m: Record<number, number> = {};
  for (const x of xs) m[x.num_dependencies] = (m[x.num_dependencies] ?? 0) + 1;
  return m;
};

describe('dependency search on the toy-shop fixture', () => {
  let repo: LoadedRepo;
  beforeAll(async () => {
    repo = await loadRepo(TOY_SHOP);
  });

  it("takes every target with its reference dependencies when n is large (ground truth = the authors' builder)", () => {
    const all = generateDepSearch(repo.index, META, { n: 1000, minDeps: 1, maxDeps: 9 });
    expect(all.length).toBe(REFERENCE.length);
    for (const ref of REFERENCE) {
      const inst = all.find((i) => i.target_function_file === ref.target_function_file && i.target_function_line_start === ref.target_function_line_start)!;
      expect(inst.dependencies).toEqual(ref.dependencies);
      expect(inst.num_dependencies).toBe(ref.num_dependencies);
    }
  });

  it('keeps min/max dependency counts and balances across counts', () => {
    const inst = generateDepSearch(repo.index, META, { n: 6, minDeps: 1, maxDeps: 3 });
    const counts = countsOf(inst);
    const available = countsOf(REFERENCE.filter((r) => r.num_dependencies <= 3));
    expect(inst.every((i) => i.num_dependencies >= 1 && i.num_dependencies <= 3)).toBe(true);
    // Round-robin: each count gets min(its candidates, an equal share) before any count gets more.
    for (const c of [1, 2, 3]) expect(counts[c] ?? 0).toBe(Math.min(available[c] ?? 0, Math.max(...Object.values(counts))));
  });

  it("is deterministic and carries the paper's fields plus difficulty signals", () => {
    const a = generateDepSearch(repo.index, META, { n: 4, seed: 'x' });
    expect(generateDepSearch(repo.index, META, { n: 4, seed: 'x' })).toEqual(a);
    for (const i of a) {
      expect(i.instance_id).toMatch(/^toy__shop__feed0000__\d+$/);
      expect(i.instruction).toContain(`line ${i.target_function_line_start + 1} of \`${i.target_function_file}\``);
      expect(i.instruction).toContain(`# this function/class is called by the ${i.target_function_name} function`);
      expect(i.difficulty.num_dependencies).toBe(i.num_dependencies);
      expect(i.difficulty.cross_file_dependencies).toBe(i.dependencies.filter((d) => d.file_path !== i.target_function_file).length);
    }
  });
});

describe("balancedSample (the authors' balanced_sample)", () => {
  const items = [...Array(10)]
    .map((_, i) => ({ id: `a${i}`, n: 1 }))
    .concat(
      [...Array(3)].map((_, i) => ({ id: `b${i}`, n: 2 })),
      [{ id: 'c0', n: 3 }],
    );
  it('round-robins over the counts in count order, skipping empty buckets', () => {
    const out = balancedSample(items, (x) => x.n, 8, createRng(1), { min: 1, max: 3 });
    expect(out.map((x) => x.n)).toEqual([1, 2, 3, 1, 2, 1, 2, 1]);
  });
  it('favours the counts least represented so far (prior counts from other repos)', () => {
    const out = balancedSample(items, (x) => x.n, 3, createRng(1), { min: 1, max: 3, prior: { 1: 50, 2: 10, 3: 0 } });
    expect(out.map((x) => x.n)).toEqual([3, 2, 1]);
  });
  it('ignores items outside min..max and stops when every bucket is empty', () => {
    const out = balancedSample(items, (x) => x.n, 100, createRng(2), { min: 2, max: 3 });
    expect(out.map((x) => x.id).sort()).toEqual(['b0', 'b1', 'b2', 'c0']);
  });
});

describe.skipIf(!stdlibAvailable)('dependency search on Python 3.11 stdlib packages', () => {
  let repo: LoadedRepo;
  beforeAll(async () => {
    repo = await loadStdlibPackages(['json', 'email', 'http', 'logging']);
  }, 60_000);

  it('gives balanced 1-3 dependency instances whose dependencies are real definitions of the repo', () => {
    const meta = { repo: 'cpython/stdlib', baseCommit: 'e'.repeat(40) };
    const inst = generateDepSearch(repo.index, meta, { n: 90, seed: 3 });
    expect(inst.length).toBe(90);
    expect(countsOf(inst)).toEqual({ 1: 30, 2: 30, 3: 30 });
    const texts = new Map(repo.files.map((f) => [f.path, f.text.split('\n')]));
    for (const i of inst) {
      expect(texts.get(i.target_function_file)![i.target_function_line_start]).toMatch(new RegExp(`^\\s*(async\\s+)?def ${i.target_function_name}\\b`));
      for (const d of i.dependencies) {
        expect(texts.get(d.file_path)![d.line_start]).toMatch(new RegExp(`^\\s*(async\\s+def|def|class) ${d.name}\\b`));
        expect(d.decorator_line).toBeLessThanOrEqual(d.line_start);
      }
    }
  });
});
