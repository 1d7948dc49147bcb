import { languagesIn, type LanguageId } from '../lang/languages';

/**
 * What an index pool (src/node/index-pool.ts, src/workers/index-pool.ts) decides before it starts: how many helper
 * threads these files are worth, and which grammars the helpers load.
 */

/**
 * Helpers besides the calling thread: none below `minLines` lines (a helper's start and its grammars cost more than
 * it saves on a small repo), never more than `threads`, and at least two files for each.
 */
export function poolHelpers(files: readonly { text: string }[], threads: number, minLines: number): number {
  if (threads <= 0 || files.length < 2) return 0;
  let lines = 0;
  for (const f of files) {
    for (let i = f.text.indexOf('\n'); i >= 0; i = f.text.indexOf('\n', i + 1)) lines++;
    if (lines >= minLines) return Math.min(threads, Math.floor(files.length / 2));
  }
  return lines >= minLines ? Math.min(threads, Math.floor(files.length / 2)) : 0;
}

/** The languages of these files that will be parsed (`wanted` null: every one), i.e. the grammars a helper loads. */
export function poolLanguages(files: readonly { path: string }[], wanted: readonly LanguageId[] | null): LanguageId[] {
  return languagesIn(files.map((f) => f.path)).filter((l) => !wanted || wanted.includes(l));
}
