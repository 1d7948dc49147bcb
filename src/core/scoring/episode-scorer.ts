import type { Scorer } from '../episode/episode';
import type { ToolLookup } from '../episode/tools/tool';
import type { TrajectoryStep } from '../episode/trajectory';
import type { TreeSitter } from '../lang/treesitter';
import type { EpisodeScore, InstanceBase, TaskSpec } from '../tasks/spec';
import { scoreWith } from './score';

/**
 * The episode engine's scorer for any realm (the CLI, a Worker, the page): the spec's reference and strict verdicts
 * on the final patch, with the original repo files for the strict check; the reward is the spec's (1 for a
 * reference success, partial credit where the task has some). The verdict is the full EpisodeScore.
 */
export function specScorer<I extends InstanceBase, R, S>(
  spec: TaskSpec<I, object, R, S, unknown>,
  instance: I,
  originalFiles: readonly { path: string; text: string }[],
  treeSitter: TreeSitter | (() => Promise<TreeSitter>),
  steps: () => readonly TrajectoryStep[] = () => [],
  tools?: ToolLookup,
): Scorer<EpisodeScore<R, S>> {
  const byPath = new Map(originalFiles.map((f) => [f.path, f.text]));
  return async (_episodeInstance, patch) => {
    const ts = typeof treeSitter === 'function' ? await treeSitter() : treeSitter;
    const history = [...steps()];
    const score = scoreWith(
      spec,
      instance,
      { instance_id: instance.instance_id, test_result: { git_patch: patch }, history },
      { strict: { readFile: (p) => byPath.get(p), ts }, steps: history, ...(tools ? { tools } : {}) },
    );
    return { reward: spec.reward(score.reference), verdict: score };
  };
}
