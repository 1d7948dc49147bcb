import type { LocalizationReferenceVerdict } from '../../scoring/reference-localize';
import type { StrictLocalizationVerdict } from '../../scoring/strict-localize';
import { mean, rate, type CountRate } from '../../scoring/summary';
import type { EpisodeScore } from '../spec';

/** Function localization over many episodes, as eval_localize.py reports it; strict figures alongside. */
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

export function summarizeLocalization(scores: EpisodeScore<LocalizationReferenceVerdict, StrictLocalizationVerdict>[]): LocalizationSummary {
  const refs = scores.map((s) => s.reference);
  const stricts = scores.map((s) => s.strict).filter((s): s is StrictLocalizationVerdict => s !== null);
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
