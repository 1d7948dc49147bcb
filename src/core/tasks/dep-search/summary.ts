import type { DependencyReferenceVerdict } from '../../scoring/reference-dep';
import type { StrictDependencyVerdict } from '../../scoring/strict-dep';
import { mean, micro, rate, type CountRate, type Micro } from '../../scoring/summary';
import type { EpisodeScore } from '../spec';

/**
 * Dependency search over many episodes, as eval_dep.py reports it: full-success rate, micro and macro
 * precision/recall/F1, the same per dependency count; strict figures alongside.
 */
export interface DependencyGroup extends Micro {
  instances: number;
  full_success: CountRate;
}

export interface DependencySummary {
  task: 'dep-search';
  instances: number;
  full_success: CountRate;
  comments_only: CountRate;
  micro: Micro;
  macro: { precision: number; recall: number; f1: number };
  /** Keyed by number of dependencies. */
  by_num_dependencies: Record<number, DependencyGroup>;
  mean_steps: number;
  strict: { instances: number; full_success: CountRate; micro: Micro; misplaced: number } | null;
}

export function summarizeDependency(scores: EpisodeScore<DependencyReferenceVerdict, StrictDependencyVerdict>[]): DependencySummary {
  const refs = scores.map((s) => s.reference);
  const n = refs.length;
  const totalDeps = refs.reduce((a, r) => a + r.num_dependencies, 0);
  const groups: Record<number, DependencyGroup> = {};
  for (const k of [...new Set(refs.map((r) => r.num_dependencies))].sort((a, b) => a - b)) {
    const g = refs.filter((r) => r.num_dependencies === k);
    groups[k] = { instances: g.length, full_success: rate(g.filter((r) => r.full_success).length, g.length), ...micro(g, k * g.length) };
  }
  const stricts = scores
    .map((s) => ({ v: s.strict, deps: s.reference.num_dependencies }))
    .filter((x): x is { v: StrictDependencyVerdict; deps: number } => x.v !== null);
  return {
    task: 'dep-search',
    instances: n,
    full_success: rate(refs.filter((r) => r.full_success).length, n),
    comments_only: rate(refs.filter((r) => r.comments_only).length, n),
    micro: micro(refs, totalDeps),
    macro: { precision: mean(refs.map((r) => r.precision)), recall: mean(refs.map((r) => r.recall)), f1: mean(refs.map((r) => r.f1)) },
    by_num_dependencies: groups,
    mean_steps: mean(scores.map((s) => s.metrics.steps)),
    strict: stricts.length
      ? {
          instances: stricts.length,
          full_success: rate(stricts.filter((x) => x.v.full_success).length, stricts.length),
          // Misplaced comments count against precision, like false positives.
          micro: micro(
            stricts.map((x) => ({ ...x.v, false_positives: x.v.false_positives + x.v.misplaced })),
            stricts.reduce((a, x) => a + x.deps, 0),
          ),
          misplaced: stricts.reduce((a, x) => a + x.v.misplaced, 0),
        }
      : null,
  };
}
