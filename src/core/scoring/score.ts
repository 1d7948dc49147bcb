import { taskOf, type TaskKind } from '../tasks/instance-types';
import { episodeMetrics, type EpisodeMetrics, type TrajectoryStep } from './metrics';
import { scoreDependencyReference, type DependencyReferenceVerdict } from './reference-dep';
import { scoreLocalizationReference, type LocalizationReferenceVerdict, type ScoredOutput } from './reference-localize';
import { scoreDependencyStrict, type StrictDependencyVerdict } from './strict-dep';
import { scoreLocalizationStrict, type StrictLocalizationVerdict } from './strict-localize';
import type { StrictContext } from './workspace-patch';

/**
 * One episode's full score: the authors' verdict (`reference`), the parser-checked one (`strict`, null when the
 * repo is not at hand), and our metrics. Used on submit by the episode engine and by `hgym score`.
 */
export type ReferenceVerdict = LocalizationReferenceVerdict | DependencyReferenceVerdict;
export type StrictVerdict = StrictLocalizationVerdict | StrictDependencyVerdict;

export interface EpisodeScore {
  instance_id: string | null;
  task: TaskKind;
  reference: ReferenceVerdict;
  strict: StrictVerdict | null;
  metrics: EpisodeMetrics;
}

export interface ScoreOptions {
  /** The repo and a parser: without them the strict verdict is null. */
  strict?: StrictContext | null;
  /** The trajectory (for the metrics); defaults to none. */
  steps?: TrajectoryStep[];
}

export function scoreEpisode(instance: Record<string, unknown>, output: ScoredOutput, opts: ScoreOptions = {}): EpisodeScore {
  const task = taskOf(instance);
  if (!task) throw new Error(`instance ${String(instance.instance_id)} is neither a function-localization nor a dependency-search instance`);
  const patch = typeof output.test_result?.git_patch === 'string' ? output.test_result.git_patch : '';
  const reference = task === 'func-localize' ? scoreLocalizationReference(instance, output) : scoreDependencyReference(instance, output);
  const strict = !opts.strict
    ? null
    : task === 'func-localize'
      ? scoreLocalizationStrict(instance, patch, opts.strict)
      : scoreDependencyStrict(instance, patch, opts.strict);
  return {
    instance_id: output.instance_id ?? null,
    task,
    reference,
    strict,
    metrics: episodeMetrics(task, instance, opts.steps ?? []),
  };
}

/** The headline of a verdict: localization success / dependency full success. */
export function succeeded(v: ReferenceVerdict | StrictVerdict): boolean {
  return 'success' in v ? v.success : v.full_success;
}
