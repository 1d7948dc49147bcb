import { localizationTargets, startStateLine, startStateReader } from '../tasks/func-localize/start-state';
import type { FuncLocRow } from '../tasks/func-localize/types';
import { mapOldLine } from './git-diff';
import { applyToWorkspace, checkCode, definitionsAfter, SyntaxTrees, type StrictContext } from './workspace-patch';

/**
 * The `strict` verdict of function localization, checked with the parser instead of line patterns: the patch is
 * applied to the docstring-less start state, the result is parsed, and
 * - every target (found by name and type at its own place, followed through the patch's hunks) now has a docstring
 *   as its first statement (one-line, multi-line, `r"""`, `'''` alike);
 * - no code token changed in any file (comments, blank lines and docstrings of any definition are allowed);
 * - every changed file still parses.
 * Fixes the reference's quirks: a `#` comment in range is not a docstring, and lines added above the target do not
 * move the range.
 */

export interface StrictTargetCheck {
  module_name: string;
  file_path: string;
  /** The definition was found at its place after the patch. */
  found: boolean;
  /** Its docstring after the patch (cleaned), or null. */
  docstring: string | null;
}

export interface StrictLocalizationVerdict {
  success: boolean;
  /** Every target has a docstring after the patch. */
  target_docstring_added: boolean;
  /** No code token changed, and nothing but docstrings/comments/blank lines were added or removed. */
  code_unchanged: boolean;
  patch_applies: boolean;
  parses: boolean;
  targets: StrictTargetCheck[];
  /** Why it failed, in words a player can act on. */
  problems: string[];
}

export function scoreLocalizationStrict(instance: FuncLocRow, patch: string, ctx: StrictContext): StrictLocalizationVerdict {
  const targets = localizationTargets(instance);
  const start = startStateReader(instance, ctx.readFile);
  const ws = applyToWorkspace(patch, start);
  const trees = new SyntaxTrees(ctx.ts, ctx.cache);
  try {
    return verdict(targets, patch, start, ws, trees);
  } finally {
    trees.dispose();
  }
}

function verdict(
  targets: ReturnType<typeof localizationTargets>,
  patch: string,
  start: (path: string) => string | undefined,
  ws: ReturnType<typeof applyToWorkspace>,
  trees: SyntaxTrees,
): StrictLocalizationVerdict {
  const code = checkCode(ws, trees);
  const problems = [...ws.problems, ...code.problems];
  if (!patch.trim()) problems.push('the patch is empty');

  const checks: StrictTargetCheck[] = targets.map((t) => {
    const check: StrictTargetCheck = { module_name: t.module_name, file_path: t.file_path, found: false, docstring: null };
    const file = ws.files.get(t.file_path);
    const defs = definitionsAfter(ws, trees, t.file_path, start);
    if (defs === null) {
      problems.push(`${t.file_path}: the target's file is not in the repository`);
      return check;
    }
    const defLine = startStateLine(targets, t.file_path, t.module_line_start) + 1;
    const mapped = mapOldLine(file?.patch, defLine);
    if (mapped === null) {
      problems.push(`${t.file_path}: the line of ${t.module_type} ${t.module_name} was changed`);
      return check;
    }
    const def = defs.find((d) => d.name === t.module_name && d.type === t.module_type && d.lineStart === mapped - 1);
    if (!def) {
      problems.push(`${t.file_path}: ${t.module_type} ${t.module_name} is no longer at line ${mapped}`);
      return check;
    }
    check.found = true;
    check.docstring = def.docstring;
    if (!def.docstring) problems.push(`${t.module_type} ${t.module_name} in ${t.file_path} has no docstring`);
    return check;
  });

  const patchApplies = ws.problems.length === 0;
  const targetDocstringAdded = checks.every((c) => c.docstring !== null);
  return {
    success: patchApplies && code.unchanged && code.parses && targetDocstringAdded && patch.trim() !== '',
    target_docstring_added: targetDocstringAdded,
    code_unchanged: code.unchanged,
    patch_applies: patchApplies,
    parses: code.parses,
    targets: checks,
    problems,
  };
}
