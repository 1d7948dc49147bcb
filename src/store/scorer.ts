import { loadTreeSitter, type TreeSitter } from '../core/lang/treesitter';
import { browserWasmLoader } from '../browser/wasm';

let tsPromise: Promise<TreeSitter> | null = null;
/** The parser the strict verdicts need, loaded once and only when a first episode is scored. */
export function pageTreeSitter(): Promise<TreeSitter> {
  tsPromise ??= loadTreeSitter(browserWasmLoader, ['python', 'javascript', 'typescript', 'tsx']);
  return tsPromise;
}
