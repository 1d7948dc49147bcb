import type { LanguageId } from '../core/lang/languages';
import { loadTreeSitter, type TreeSitter } from '../core/lang/treesitter';
import { browserWasmLoader } from '../browser/wasm';

/**
 * The parser the strict verdicts need, loaded only when an episode is scored and only with the grammars asked for
 * (a Python repo's episode never fetches the TypeScript ones); each grammar is fetched once per page.
 */
export function pageTreeSitter(languages: LanguageId[]): Promise<TreeSitter> {
  return loadTreeSitter(browserWasmLoader, languages);
}
