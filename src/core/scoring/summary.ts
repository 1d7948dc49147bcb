import type { DependencyReferenceVerdict } from './reference-dep';

/**
 * What the task summaries (src/core/tasks/<kind>/summary.ts) share: rates, means, and micro-averaged
 * precision/recall/F1 with duplicates in the precision denominator, as the authors' scripts count them.
 */

export interface CountRate {
  count: number;
  /** Out of how many. */
  of: number;
  rate: number;
}

export type Micro = Pick<DependencyReferenceVerdict, 'true_positives' | 'false_negatives' | 'false_positives' | 'duplicates' | 'precision' | 'recall' | 'f1'>;

export const rate = (count: number, n: number): CountRate => ({ count, of: n, rate: n > 0 ? count / n : 0 });
export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function micro(
  vs: { true_positives: number; false_negatives: number; false_positives: number; duplicates: number; num?: number }[],
  totalDeps: number,
): Micro {
  const tp = vs.reduce((a, v) => a + v.true_positives, 0);
  const fn = vs.reduce((a, v) => a + v.false_negatives, 0);
  const fp = vs.reduce((a, v) => a + v.false_positives, 0);
  const dup = vs.reduce((a, v) => a + v.duplicates, 0);
  const precision = tp + fp + dup > 0 ? tp / (tp + fp + dup) : 0;
  const recall = totalDeps > 0 ? tp / totalDeps : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { true_positives: tp, false_negatives: fn, false_positives: fp, duplicates: dup, precision, recall, f1 };
}
