import type { Scorer } from '../episode/episode';
import type { ToolLookup } from '../episode/tools/tool';
import type { TrajectoryStep } from '../episode/trajectory';
import { languagesIn, type LanguageId } from '../lang/languages';
import type { TreeSitter } from '../lang/treesitter';
import type { EpisodeScore, InstanceBase, TaskSpec } from '../tasks/spec';
import { scoreWith } from './score';

/**
 * The scorer's parser: loaded tree-sitter, or a loader given the languages the verdicts may parse (the repo's files'
 * and the patch's, so the page fetches only those grammars).
 */
export type ScoringTreeSitter = TreeSitter | ((languages: LanguageId[]) => Promise<TreeSitter>);

/**
 * The episode engine's scorer for any realm (the CLI, a Worker, the page): the spec's reference and strict verdicts
 * on the final patch, with the original repo files for the strict check; the reward is the spec's (1 for a
 * reference success, partial credit where the task has some). The verdict is the full EpisodeScore.
 */
export function specScorer<I extends InstanceBase, R, S>(
  spec: TaskSpec<I, object, R, S, unknown>,
  instance: I,
  originalFiles: readonly { path: string; text: string }[],
  treeSitter: ScoringTreeSitter,
  steps: () => readonly TrajectoryStep[] = () => [],
  tools?: ToolLookup,
): Scorer<EpisodeScore<R, S>> {
  const byPath = new Map(originalFiles.map((f) => [f.path, f.text]));
  return async (_episodeInstance, patch) => {
    const ts = typeof treeSitter === 'function' ? await treeSitter(languagesIn([...byPath.keys(), ...patchedPaths(patch)])) : treeSitter;
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

/** The paths a unified diff writes (`+++ b/PATH` lines). */
function patchedPaths(patch: string): string[] {
  return [...patch.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m) => m[1]!);
}
