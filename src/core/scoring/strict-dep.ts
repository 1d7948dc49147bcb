import type { DepRow } from '../tasks/dep-search/types';
import { addedLines, mapOldLine, removedLines } from './git-diff';
import { isRelevantDependencyComment, type DependencyLike } from './reference-dep';
import { pyStrip } from './python-text';
import type { SyntaxDefinition } from '../lang/profiles';
import { pythonProfile } from '../lang/profiles/python';
import { applyToWorkspace, checkCode, definitionsAfter, SyntaxTrees, type PatchedWorkspace, type StrictContext } from './workspace-patch';

/**
 * The `strict` verdict of dependency search. The patch is applied to the repo and parsed; each relevant comment
 * (the same wordings the reference accepts) must sit in the block of `#` lines DIRECTLY above a definition's first
 * line (its first decorator, or the `def`/`class` line itself) — no 5-line window, no blank line between. A comment
 * above a dependency is a true positive (a second one for the same dependency a duplicate); above another definition
 * a false positive; anywhere else misplaced. Dependencies are keyed by file and line, not by name, and comments_only
 * forbids removed lines and any code-token change.
 */

export type StrictCommentStatus = 'correct' | 'duplicate' | 'false_positive' | 'misplaced';

export interface StrictComment {
  file: string;
  /** 1-based line in the patched file. */
  line: number;
  content: string;
  status: StrictCommentStatus;
  /** The definition the comment sits above, if any. */
  definition: { name: string; line_start: number } | null;
}

export interface StrictDependencyRef {
  name: string;
  file_path: string;
  line_start: number;
}

export interface StrictDependencyVerdict {
  true_positives: number;
  false_negatives: number;
  false_positives: number;
  duplicates: number;
  misplaced: number;
  precision: number;
  recall: number;
  f1: number;
  full_success: boolean;
  /** Only `#` comments and blank lines added, nothing removed, no code token changed. */
  comments_only: boolean;
  patch_applies: boolean;
  parses: boolean;
  annotated: StrictDependencyRef[];
  missed: StrictDependencyRef[];
  comments: StrictComment[];
  problems: string[];
}

/** The strict dependency verdict is Python's: its comments are the Python profile's line comments. */
const LINE_COMMENT = pythonProfile.lineComment;

function isCommentLine(line: string | undefined): boolean {
  return line !== undefined && pyStrip(line).startsWith(LINE_COMMENT);
}

/** A line without its whitespace: two lines that differ only in spaces and tabs squash to the same text. */
const squashed = (line: string) => line.replace(/\s+/g, '');

const key = (file: string, lineStart: number) => `${file}\u0000${lineStart}`;

export function scoreDependencyStrict(row: DepRow, patch: string, ctx: StrictContext): StrictDependencyVerdict {
  const instance: Record<string, unknown> = { ...row };
  const target = String(instance.target_function_name);
  const deps = (Array.isArray(instance.dependencies) ? instance.dependencies : []) as DependencyLike[];
  const ws = applyToWorkspace(patch, ctx.readFile);
  const trees = new SyntaxTrees(ctx.ts, ctx.cache);
  try {
    return verdict(target, deps, patch, ctx, ws, trees);
  } finally {
    trees.dispose();
  }
}

function verdict(target: string, deps: DependencyLike[], patch: string, ctx: StrictContext, ws: PatchedWorkspace, trees: SyntaxTrees): StrictDependencyVerdict {
  const code = checkCode(ws, trees);
  const problems = [...ws.problems, ...code.problems];

  let textualCommentsOnly = true;
  for (const f of ws.files.values()) {
    // Whitespace is not code: a line changed only in its spaces and tabs is one line removed and the same line added
    // (the token check and the syntax check above still see a changed block structure or a file CPython refuses).
    const removed = new Map<string, number>();
    for (const l of removedLines(f.patch)) {
      const k = squashed(l.text);
      if (k) removed.set(k, (removed.get(k) ?? 0) + 1);
    }
    let added = false;
    for (const l of addedLines(f.patch)) {
      const k = squashed(l.text);
      if (!k || isCommentLine(l.text)) continue;
      const n = removed.get(k) ?? 0;
      if (n > 0) removed.set(k, n - 1);
      else added = true;
    }
    if (added) {
      textualCommentsOnly = false;
      problems.push(`${f.path}: lines other than # comments were added`);
    }
    if ([...removed.values()].some((n) => n > 0)) {
      textualCommentsOnly = false;
      problems.push(`${f.path}: lines were removed`);
    }
  }

  // Each dependency's place after the patch, keyed by its file and ORIGINAL start line.
  const defsAfter = new Map<string, SyntaxDefinition[]>();
  const definitionsOfFile = (path: string): SyntaxDefinition[] => {
    let defs = defsAfter.get(path);
    if (!defs) {
      defs = path.endsWith('.py') ? (definitionsAfter(ws, trees, path, ctx.readFile) ?? []) : [];
      defsAfter.set(path, defs);
    }
    return defs;
  };
  const depAt = new Map<string, DependencyLike>(); // key(file, new def line) → dependency
  for (const d of deps) {
    const mapped = mapOldLine(ws.files.get(d.file_path)?.patch, d.line_start + 1);
    const def = mapped === null ? undefined : definitionsOfFile(d.file_path).find((x) => x.lineStart === mapped - 1 && x.name === d.name);
    if (!def) {
      problems.push(`${d.file_path}: dependency ${d.name} (line ${d.line_start + 1}) is not where the instance says after the patch`);
      continue;
    }
    depAt.set(key(d.file_path, def.lineStart), d);
  }

  const found = new Set<DependencyLike>();
  const comments: StrictComment[] = [];
  for (const f of ws.files.values()) {
    const afterLines = f.after.split('\n');
    for (const l of addedLines(f.patch)) {
      if (!isRelevantDependencyComment(l.text, target)) continue;
      const line = l.newLine!;
      // Walk down the comment block this line belongs to; the line after it must open a definition.
      let below = line; // 0-based index of the line after `line`
      while (isCommentLine(afterLines[below])) below++;
      const def = f.path.endsWith('.py') ? definitionsOfFile(f.path).find((d) => d.decoratorLine === below || d.lineStart === below) : undefined;
      const comment: StrictComment = {
        file: f.path,
        line,
        content: pyStrip(l.text),
        status: 'misplaced',
        definition: def ? { name: def.name, line_start: def.lineStart } : null,
      };
      comments.push(comment);
      if (!def) continue;
      const dep = depAt.get(key(f.path, def.lineStart));
      if (!dep) comment.status = 'false_positive';
      else if (found.has(dep)) comment.status = 'duplicate';
      else {
        comment.status = 'correct';
        found.add(dep);
      }
    }
  }

  const tp = found.size;
  const count = (s: StrictCommentStatus) => comments.filter((c) => c.status === s).length;
  const fp = count('false_positive');
  const dup = count('duplicate');
  const misplaced = count('misplaced');
  const predictions = tp + fp + dup + misplaced;
  const precision = predictions > 0 ? tp / predictions : 0;
  const recall = deps.length > 0 ? tp / deps.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const patchApplies = ws.problems.length === 0;
  const commentsOnly = patch.trim() !== '' && patchApplies && textualCommentsOnly && code.unchanged;
  const ref = (d: DependencyLike): StrictDependencyRef => ({ name: d.name, file_path: d.file_path, line_start: d.line_start });
  return {
    true_positives: tp,
    false_negatives: deps.length - tp,
    false_positives: fp,
    duplicates: dup,
    misplaced,
    precision,
    recall,
    f1,
    full_success: tp === deps.length && fp === 0 && dup === 0 && misplaced === 0 && commentsOnly && code.parses,
    comments_only: commentsOnly,
    patch_applies: patchApplies,
    parses: code.parses,
    annotated: deps.filter((d) => found.has(d)).map(ref),
    missed: deps.filter((d) => !found.has(d)).map(ref),
    comments,
    problems,
  };
}
