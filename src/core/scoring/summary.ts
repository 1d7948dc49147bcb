import type { DependencyReferenceVerdict } from './reference-dep';
import type { LocalizationReferenceVerdict } from './reference-localize';
import type { EpisodeScore } from './score';
import type { StrictDependencyVerdict } from './strict-dep';
import type { StrictLocalizationVerdict } from './strict-localize';

/**
 * Aggregates over many episodes, as the authors' scripts report them: success rates and breakdowns for function
 * localization; full-success rate, micro-averaged precision/recall/F1 (duplicates in the precision denominator) and
 * the same per dependency count for dependency search. Strict figures alongside, over the episodes that have them.
 */

export interface CountRate {
  count: number;
  /** Out of how many. */
  of: number;
  rate: number;
}

export interface LocalizationSummary {
  task: 'func-localize';
  instances: number;
  success: CountRate;
  target_docstring_edited: CountRate;
  comments_only: CountRate;
  mean_steps: number;
  /** Over the episodes scored strictly (null when none was). */
  strict: { instances: number; success: CountRate } | null;
}

export type Micro = Pick<
  DependencyReferenceVerdict,
  'true_positives' | 'false_negatives' | 'false_positives' | 'duplicates' | 'precision' | 'recall' | 'f1'
>;

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

const rate = (count: number, n: number): CountRate => ({ count, of: n, rate: n > 0 ? count / n : 0 });
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function micro(vs: { true_positives: number; false_negatives: number; false_positives: number; duplicates: number; num?: number }[], totalDeps: number): Micro {
  const tp = vs.reduce((a, v) => a + v.true_positives, 0);
  const fn = vs.reduce((a, v) => a + v.false_negatives, 0);
  const fp = vs.reduce((a, v) => a + v.false_positives, 0);
  const dup = vs.reduce((a, v) => a + v.duplicates, 0);
  const precision = tp + fp + dup > 0 ? tp / (tp + fp + dup) : 0;
  const recall = totalDeps > 0 ? tp / totalDeps : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { true_positives: tp, false_negatives: fn, false_positives: fp, duplicates: dup, precision, recall, f1 };
}

export function summarizeLocalization(scores: EpisodeScore[]): LocalizationSummary {
  const refs = scores.map((s) => s.reference as LocalizationReferenceVerdict);
  const stricts = scores.map((s) => s.strict as StrictLocalizationVerdict | null).filter((s): s is StrictLocalizationVerdict => s !== null);
  const n = refs.length;
  return {
    task: 'func-localize',
    instances: n,
    success: rate(refs.filter((r) => r.success).length, n),
    target_docstring_edited: rate(refs.filter((r) => r.target_docstring_edited).length, n),
    comments_only: rate(refs.filter((r) => r.comments_only).length, n),
    mean_steps: mean(scores.map((s) => s.metrics.steps)),
    strict: stricts.length ? { instances: stricts.length, success: rate(stricts.filter((s) => s.success).length, stricts.length) } : null,
  };
}

export function summarizeDependency(scores: EpisodeScore[]): DependencySummary {
  const refs = scores.map((s) => s.reference as DependencyReferenceVerdict);
  const n = refs.length;
  const totalDeps = refs.reduce((a, r) => a + r.num_dependencies, 0);
  const groups: Record<number, DependencyGroup> = {};
  for (const k of [...new Set(refs.map((r) => r.num_dependencies))].sort((a, b) => a - b)) {
    const g = refs.filter((r) => r.num_dependencies === k);
    groups[k] = { instances: g.length, full_success: rate(g.filter((r) => r.full_success).length, g.length), ...micro(g, k * g.length) };
  }
  const stricts = scores
    .map((s) => ({ v: s.strict as StrictDependencyVerdict | null, deps: (s.reference as DependencyReferenceVerdict).num_dependencies }))
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
