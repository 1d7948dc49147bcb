import type { FuncLocRow } from '../tasks/func-localize/types';
import { pyCount, pyStrip } from './python-text';

/**
 * The `reference` verdict of function localization: the authors' `eval_localize.py` (`evaluate_instance` and the
 * helpers it calls), reproduced line for line in behaviour, quirks included (hybrid-gym-reference.md §2.3):
 * - a complete one-line docstring `"""Return x."""` and a prefixed `r"""…"""` fail `comments_only`;
 * - a `#` comment inside the range counts as "docstring edited";
 * - the range is the original file's, not shifted by lines the patch added above it;
 * - removed lines (non-blank, in any file) fail `comments_only`; blank added/removed lines are ignored;
 * - in a multi-target instance one edited target is enough;
 * - a line starting with `+++`/`---` inside a hunk is read as a header, and `\ No newline at end of file` counts as
 *   a context line.
 * Do not "fix" anything here: the strict verdict (strict-localize.ts) is where the fixes go.
 */

export interface LocalizationReferenceVerdict {
  instance_id: string | null;
  num_steps: number;
  target_docstring_edited: boolean;
  comments_only: boolean;
  success: boolean;
}

/** The parts of an output record (OpenHands shape) the authors' scorers read. */
export interface ScoredOutput {
  instance_id?: string | null;
  history?: unknown[] | null;
  test_result?: { git_patch?: string | null } | null;
}

interface TargetRange {
  file_path?: unknown;
  module_line_start?: unknown;
  module_line_end?: unknown;
}

const DIFF_HEADER = /^diff --git a\/([^\n]+) b\/([^\n]+)$/;
const HUNK_NEW_START = /^@@ -[0-9]+(?:,[0-9]+)? \+([0-9]+)(?:,[0-9]+)? @@/;
const HEADER_PREFIXES = ['diff', '@@', 'index', '---', '+++'];

/** `parse_git_patch`: per file, the stripped non-blank added and removed lines. */
function parseFilesAddedRemoved(patch: string): { filename: string; added: string[]; removed: string[] }[] {
  const files: { filename: string; added: string[]; removed: string[] }[] = [];
  let current: { filename: string; added: string[]; removed: string[] } | null = null;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git')) {
      if (current) files.push(current);
      current = null;
      const m = DIFF_HEADER.exec(line);
      if (m) current = { filename: m[2]!, added: [], removed: [] };
    } else if (line.startsWith('+') && !line.startsWith('+++') && current) {
      const content = pyStrip(line.slice(1));
      if (content !== '') current.added.push(content);
    } else if (line.startsWith('-') && !line.startsWith('---') && current) {
      const content = pyStrip(line.slice(1));
      if (content !== '') current.removed.push(content);
    }
  }
  if (current) files.push(current);
  return files;
}

/** `parse_hunk_line_numbers` (the func-localize version): new-file numbers of added lines, per file. */
function parseAddedLineNumbers(patch: string): { filename: string; numbers: number[] }[] {
  const files: { filename: string; numbers: number[] }[] = [];
  let current: string | null = null;
  let numbers: number[] = [];
  let counter = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git')) {
      if (current !== null) files.push({ filename: current, numbers });
      current = null;
      numbers = [];
      const m = DIFF_HEADER.exec(line);
      if (m) current = m[2]!;
    } else if (line.startsWith('@@')) {
      const m = HUNK_NEW_START.exec(line);
      if (m) counter = Number(m[1]);
    } else if (line.startsWith('+') && !line.startsWith('+++')) {
      numbers.push(counter);
      counter += 1;
    } else if (!line.startsWith('-') && current !== null) {
      // Unlike the dep-search scorer, an empty line ('') does not advance the counter here.
      if (line.startsWith(' ') || (line !== '' && !HEADER_PREFIXES.some((p) => line.startsWith(p)))) counter += 1;
    }
  }
  if (current !== null) files.push({ filename: current, numbers });
  return files;
}

/**
 * `is_lines_comment_only` of eval_localize.py: a line-by-line state machine over stripped lines. Its
 * `for … else` falls through to `return False` for a complete one-line docstring (the inner `continue` only moves
 * to the next quote kind), which is the quirk the fixtures show.
 */
export function referenceDocstringOrCommentOnly(lines: string[]): boolean {
  if (lines.length === 0) return true;
  let inDocstring = false;
  let quoteChar: string | null = null;
  for (const line of lines) {
    const stripped = pyStrip(line);
    if (!stripped) continue;
    if (inDocstring) {
      if (stripped.includes(quoteChar!)) {
        if (stripped.endsWith(quoteChar!)) {
          inDocstring = false;
          quoteChar = null;
        } else if (pyCount(stripped, quoteChar!) % 2 === 1) {
          inDocstring = false;
          quoteChar = null;
        }
      }
      continue;
    }
    if (stripped.startsWith('#')) continue;
    let opened = false; // the loop's `break`
    for (const quote of ['"""', "'''"]) {
      if (!stripped.startsWith(quote)) continue;
      if (pyCount(stripped, quote) >= 2 && stripped.slice(3).includes(quote)) continue; // `continue` of the for-loop
      inDocstring = true;
      quoteChar = quote;
      opened = true;
      break;
    }
    if (!opened && !inDocstring) return false; // the for-loop's `else:`
  }
  return true;
}

function targetsOf(instance: Record<string, unknown>): TargetRange[] {
  const functions = instance.functions;
  if (Array.isArray(functions) && functions.length > 0) return functions as TargetRange[];
  return [{ file_path: instance.file_path, module_line_start: instance.module_line_start, module_line_end: instance.module_line_end }];
}

function gitPatchOf(output: ScoredOutput): string {
  const patch = output.test_result?.git_patch;
  return typeof patch === 'string' ? patch : '';
}

/** The number of steps the authors report: the length of the OpenHands `history` list. */
export function historyLength(output: ScoredOutput): number {
  return Array.isArray(output.history) ? output.history.length : 0;
}

/** `evaluate_instance` of eval_localize.py. Throws (as the script would crash) when a target's line range is not a number. */
export function scoreLocalizationReference(row: FuncLocRow, output: ScoredOutput): LocalizationReferenceVerdict {
  const instance: Record<string, unknown> = { ...row };
  const result: LocalizationReferenceVerdict = {
    instance_id: output.instance_id ?? null,
    num_steps: historyLength(output),
    target_docstring_edited: false,
    comments_only: false,
    success: false,
  };
  const patch = gitPatchOf(output);
  if (!patch) return result;

  const targets = targetsOf(instance);
  result.comments_only = parseFilesAddedRemoved(patch).every((f) => f.removed.length === 0 && referenceDocstringOrCommentOnly(f.added));

  let edited = false;
  for (const file of parseAddedLineNumbers(patch)) {
    for (const t of targets) {
      if (t.file_path !== file.filename) continue;
      if (typeof t.module_line_start !== 'number' || typeof t.module_line_end !== 'number') {
        throw new Error(`instance ${String(instance.instance_id)}: module_line_start/module_line_end must be numbers`);
      }
      const start = t.module_line_start + 1;
      const end = t.module_line_end + 1;
      if (file.numbers.some((n) => start <= n && n <= end)) {
        edited = true;
        break;
      }
    }
    if (edited) break;
  }
  result.target_docstring_edited = edited;
  result.success = result.target_docstring_edited && result.comments_only;
  return result;
}
