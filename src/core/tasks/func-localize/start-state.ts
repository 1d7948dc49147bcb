import type { FuncLocRow } from './types';

/**
 * The episode's starting text of a repo file (hybrid-gym-reference.md §1.2): for function localization, the
 * original with every target's docstring lines deleted. The patch an
 * episode produces is measured against this state, and the strict scorers apply it to this state.
 */

/** One localization target's fields, as in the instance (0-based lines of the ORIGINAL file). */
export interface LocalizationTarget {
  file_path: string;
  module_name: string;
  module_type: 'function' | 'class';
  module_line_start: number;
  module_line_end: number;
  docstring_line_start: number;
  docstring_line_end: number;
}

/** The targets of a localization instance: `functions` when it has some (multi-target), else its own fields. */
export function localizationTargets(instance: FuncLocRow): LocalizationTarget[] {
  const fns: unknown = instance.functions;
  const list: Record<string, unknown>[] = Array.isArray(fns) && fns.length > 0 ? fns : [{ ...instance }];
  return list.map((t) => ({
    file_path: String(t.file_path),
    module_name: String(t.module_name),
    module_type: t.module_type === 'class' ? 'class' : 'function',
    module_line_start: Number(t.module_line_start),
    module_line_end: Number(t.module_line_end),
    docstring_line_start: typeof t.docstring_line_start === 'number' ? t.docstring_line_start : -1,
    docstring_line_end: typeof t.docstring_line_end === 'number' ? t.docstring_line_end : -1,
  }));
}

/** Targets of `path` with a docstring to remove, bottom-up (the authors' sed commands ran top-down and shifted). */
function removalsIn(targets: LocalizationTarget[], path: string): LocalizationTarget[] {
  return targets
    .filter((t) => t.file_path === path && t.docstring_line_start >= 0 && t.docstring_line_end >= t.docstring_line_start)
    .sort((a, b) => b.docstring_line_start - a.docstring_line_start);
}

/** The original text with the docstring lines of the targets in `path` deleted (whole lines, as `sed 's,e d'`). */
export function withoutDocstrings(text: string, targets: LocalizationTarget[], path: string): string {
  const removals = removalsIn(targets, path);
  if (!removals.length) return text;
  const lines = text.split('\n');
  for (const t of removals) lines.splice(t.docstring_line_start, t.docstring_line_end - t.docstring_line_start + 1);
  return lines.join('\n');
}

/** A 0-based line of the original file, in the start state's numbering (docstring lines above it removed). */
export function startStateLine(targets: LocalizationTarget[], path: string, line: number): number {
  let removed = 0;
  for (const t of removalsIn(targets, path)) if (t.docstring_line_end < line) removed += t.docstring_line_end - t.docstring_line_start + 1;
  return line - removed;
}

/** The start-state reader of an instance over a reader of the original repo. */
export function startStateReader(instance: FuncLocRow, readOriginal: (path: string) => string | undefined): (path: string) => string | undefined {
  const targets = localizationTargets(instance);
  return (path) => {
    const text = readOriginal(path);
    return text === undefined ? undefined : withoutDocstrings(text, targets, path);
  };
}
