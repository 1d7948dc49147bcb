import type { ToolLookup } from '../episode/tools/tool';
import { taskRegistry, type TaskRegistry } from '../tasks/registry';
import type { EpisodeScore, InstanceBase, TaskSpec } from '../tasks/spec';
import { episodeMetrics, type EpisodeMetrics, type TrajectoryStep } from './metrics';
import type { ScoredOutput } from './reference-localize';
import type { StrictContext } from './workspace-patch';

export type { EpisodeScore } from '../tasks/spec';

/**
 * One episode's full score: the authors' verdict (`reference`), the parser-checked one (`strict`, null when the
 * repo is not at hand or the spec has no strict verdict for the instance's language), and our metrics. Used on
 * submit by the episode engine and by `hgym score`; the verdicts are the instance's task spec's.
 */
export interface ScoreOptions {
  /** The repo and a parser: without them the strict verdict is null. */
  strict?: StrictContext | null;
  /** The trajectory (for the metrics); defaults to none. */
  steps?: TrajectoryStep[];
  /** Where the steps' tools are looked up (the episode's registry); the standard tools by default. */
  tools?: ToolLookup;
}

export function scoreWith<I extends InstanceBase, R, S>(
  spec: TaskSpec<I, object, R, S, unknown>,
  instance: I,
  output: ScoredOutput,
  opts: ScoreOptions = {},
): EpisodeScore<R, S> {
  const language = instance.language ?? 'python';
  const ref = spec.verdicts.reference;
  if (!ref.languages.includes(language)) throw new Error(`the ${spec.title.toLowerCase()} verdict has no scorer for ${language}`);
  const patch = typeof output.test_result?.git_patch === 'string' ? output.test_result.git_patch : '';
  const strict = spec.verdicts.strict;
  return {
    instance_id: output.instance_id ?? null,
    task: spec.kind,
    reference: ref.score(instance, output),
    strict: opts.strict && strict.languages.includes(language) ? strict.score(instance, patch, opts.strict) : null,
    metrics: taskMetrics(spec, instance, opts.steps ?? [], opts.tools),
  };
}

/** The metrics of an episode on `instance`: the common ones at the spec's gold definition, and the spec's own. */
export function taskMetrics<I extends InstanceBase>(
  spec: TaskSpec<I, object, unknown, unknown, unknown>,
  instance: I,
  steps: TrajectoryStep[],
  tools?: ToolLookup,
): EpisodeMetrics {
  return episodeMetrics(spec.goldDefinition(instance), steps, (firstSight) => spec.extraMetrics(instance, firstSight), tools);
}

/** Scores an instance of any registered kind (told by its `task` field or its fields). */
export function scoreEpisode(instance: InstanceBase, output: ScoredOutput, opts: ScoreOptions & { registry?: TaskRegistry } = {}): EpisodeScore {
  return scoreWith((opts.registry ?? taskRegistry).require(instance), instance, output, opts);
}

/** The headline of a score: the reference (or strict) verdict's success, as its task spec defines it. */
export function scoreSucceeded(score: EpisodeScore, which: 'reference' | 'strict' = 'reference', registry: TaskRegistry = taskRegistry): boolean {
  const v = which === 'reference' ? score.reference : score.strict;
  return v !== null && registry.get(score.task).succeeded(v);
}
