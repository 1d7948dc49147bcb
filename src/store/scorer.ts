import type { Scorer } from '../core/episode/episode';
import type { TrajectoryStep } from '../core/episode/trajectory';
import { loadTreeSitter, type TreeSitter } from '../core/lang/treesitter';
import { episodeScorer } from '../core/scoring/episode-scorer';
import { browserWasmLoader } from '../browser/wasm';

let tsPromise: Promise<TreeSitter> | null = null;
/** The parser the strict verdicts need, loaded once and only when a first episode is scored. */
function treeSitter(): Promise<TreeSitter> {
  tsPromise ??= loadTreeSitter(browserWasmLoader, ['python', 'javascript', 'typescript', 'tsx']);
  return tsPromise;
}

/** The core's episode scorer, with the page's tree-sitter. */
export function pageScorer(originalFiles: readonly { path: string; text: string }[], steps: () => readonly TrajectoryStep[]): Scorer {
  return episodeScorer(originalFiles, treeSitter, steps);
}
