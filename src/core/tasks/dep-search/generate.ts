import { dependencySets, type DependencyRecord } from '../../index/dependencies';
import type { RepoIndex } from '../../index/types';
import type { DepInstance } from '../instance-types';
import { depSearchInstruction } from '../instructions';
import { repoSlug, workspacePath, type RepoMeta } from '../repo-meta';
import { createRng, type Rng } from '../rng';
import { isTestPath } from '../test-paths';

/**
 * Dependency search (hybrid-gym-tasks.md §2): a public function and the repo functions/classes it calls directly,
 * from the resolved call graph; the player comments above each dependency's definition.
 */
export interface DepSearchOptions {
  /** Instances to take from this repo (the authors' `--sample-per-repo`). */
  n: number;
  seed: number | string;
  minDeps: number;
  maxDeps: number;
  includeTests: boolean;
  /**
   * Instances already taken per dependency count (from other repos): the sampling favours the counts least
   * represented so far, as the authors' builder does across repos. Empty for a single repo.
   */
  priorCounts: Record<number, number>;
}

export const DEP_SEARCH_DEFAULTS: DepSearchOptions = { n: 20, seed: 1, minDeps: 1, maxDeps: 3, includeTests: true, priorCounts: {} };

/**
 * The authors' `balanced_sample`: one shuffled bucket per dependency count in min..max; the counts are ordered once
 * by how many instances each already has (`prior`, least first; ties in count order), then taken round-robin, one
 * per non-empty bucket per round, until `n` are taken or every bucket is empty.
 */
export function balancedSample<T>(
  items: T[],
  countOf: (t: T) => number,
  n: number,
  rng: Rng,
  range: { min: number; max: number; prior?: Record<number, number> },
): T[] {
  const counts: number[] = [];
  for (let c = range.min; c <= range.max; c++) counts.push(c);
  const buckets = new Map<number, T[]>(counts.map((c) => [c, []]));
  for (const it of items) buckets.get(countOf(it))?.push(it);
  for (const b of buckets.values()) rng.shuffle(b);
  const order = [...counts].sort((a, b) => (range.prior?.[a] ?? 0) - (range.prior?.[b] ?? 0));
  const out: T[] = [];
  while (out.length < n) {
    let added = false;
    for (const c of order) {
      if (out.length >= n) break;
      const next = buckets.get(c)!.pop();
      if (next === undefined) continue;
      out.push(next);
      added = true;
    }
    if (!added) break;
  }
  return out;
}

export function generateDepSearch(index: RepoIndex, meta: RepoMeta, options: Partial<DepSearchOptions> = {}): DepInstance[] {
  const o = { ...DEP_SEARCH_DEFAULTS, ...options };
  const records = dependencySets(index, { minDeps: o.minDeps, maxDeps: o.maxDeps }).filter((r) => o.includeTests || !isTestPath(r.target_function_file));
  // Ids number the records in their stable (file, line) order, so an id names the same target for any seed.
  const numbered = records
    .slice()
    .sort((a, b) =>
      a.target_function_file < b.target_function_file
        ? -1
        : a.target_function_file > b.target_function_file
          ? 1
          : a.target_function_line_start - b.target_function_line_start,
    )
    .map((record, k) => ({ record, k }));
  const rng = createRng(`dep-search:${meta.baseCommit}:${o.seed}`);
  const chosen = balancedSample(numbered, (x) => x.record.num_dependencies, o.n, rng, { min: o.minDeps, max: o.maxDeps, prior: o.priorCounts });
  const sameName = new Map<string, number>();
  for (const d of index.definitions) sameName.set(d.name, (sameName.get(d.name) ?? 0) + 1);
  return chosen.map(({ record, k }) => toInstance(record, k, meta, index, sameName));
}

function toInstance(r: DependencyRecord, k: number, meta: RepoMeta, index: RepoIndex, sameName: Map<string, number>): DepInstance {
  return {
    instance_id: `${repoSlug(meta)}__${k}`,
    repo: meta.repo,
    base_commit: meta.baseCommit,
    target_function_name: r.target_function_name,
    target_function_file: r.target_function_file,
    target_function_line_start: r.target_function_line_start,
    target_function_line_end: r.target_function_line_end,
    dependencies: r.dependencies,
    num_dependencies: r.num_dependencies,
    task: 'dep-search',
    language: 'python',
    instruction: depSearchInstruction({
      workspace: workspacePath(meta),
      functionName: r.target_function_name,
      file: r.target_function_file,
      lineStart: r.target_function_line_start,
    }),
    difficulty: {
      repo_files: index.stats.files,
      repo_lines: index.stats.lines,
      same_name_definitions: (sameName.get(r.target_function_name) ?? 1) - 1,
      num_dependencies: r.num_dependencies,
      cross_file_dependencies: r.dependencies.filter((d) => d.file_path !== r.target_function_file).length,
    },
  };
}
