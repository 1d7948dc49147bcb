import type { Scorer } from '../episode/episode';
import type { TrajectoryStep } from '../episode/trajectory';
import type { TreeSitter } from '../lang/treesitter';
import { scoreEpisode, succeeded, type EpisodeScore } from './score';

/**
 * The episode engine's scorer for any realm (the CLI, a Worker, the page): the authors' verdict and the
 * parser-checked one on the final patch, with the original repo files for the strict check. Reward: 1 for a
 * reference success; for dependency search, the reference F1 otherwise (partial credit). The verdict is the full
 * EpisodeScore.
 */
export function episodeScorer(
  originalFiles: readonly { path: string; text: string }[],
  treeSitter: TreeSitter | (() => Promise<TreeSitter>),
  steps: () => readonly TrajectoryStep[] = () => [],
): Scorer {
  const byPath = new Map(originalFiles.map((f) => [f.path, f.text]));
  return async (instance, patch) => {
    const ts = typeof treeSitter === 'function' ? await treeSitter() : treeSitter;
    const history = [...steps()];
    const score: EpisodeScore = scoreEpisode(
      instance,
      { instance_id: instance.instance_id, test_result: { git_patch: patch }, history },
      { strict: { readFile: (p) => byPath.get(p), ts }, steps: history },
    );
    const ref = score.reference;
    return { reward: succeeded(ref) ? 1 : 'f1' in ref ? ref.f1 : 0, verdict: score };
  };
}
