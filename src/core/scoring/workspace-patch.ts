import type { TreeSitter } from '../lang/treesitter';
import { applyFilePatch, parseGitDiff, patchPath, type FilePatch } from './git-diff';
import { codeTokens, definitionsOf, sameTokens, type SyntaxDefinition } from './python-syntax';

/**
 * The strict verdicts' view of an episode: the patch applied to the episode's start state, file by file, and what
 * changed in each file's code (comments and docstrings aside).
 */

/** Reads a file of the original repo (at the instance's commit); undefined when it does not exist. */
export type RepoReader = (path: string) => string | undefined;

export interface StrictContext {
  readFile: RepoReader;
  ts: TreeSitter;
}

export interface PatchedFile {
  path: string;
  patch: FilePatch;
  before: string;
  after: string;
}

export interface PatchedWorkspace {
  /** By path (the new path; the old one for deletions). */
  files: Map<string, PatchedFile>;
  /** Why the patch could not be read or applied: each one is a reason the strict verdict fails. */
  problems: string[];
}

/**
 * Applies `patch` to the start state, given by `startText` (the episode's starting text of a repo file, undefined
 * when the file does not exist there).
 */
export function applyToWorkspace(patch: string, startText: (path: string) => string | undefined): PatchedWorkspace {
  const parsed = parseGitDiff(patch);
  const files = new Map<string, PatchedFile>();
  const problems = [...parsed.warnings];
  for (const f of parsed.files) {
    const path = patchPath(f);
    if (f.binary) {
      problems.push(`${path}: a binary file changed`);
      continue;
    }
    const before = f.oldPath === null ? '' : startText(f.oldPath);
    if (before === undefined) {
      problems.push(`${f.oldPath}: the patch changes a file that is not in the repository`);
      continue;
    }
    const applied = applyFilePatch(before, f);
    if (!applied.ok) {
      problems.push(applied.error);
      continue;
    }
    files.set(path, { path, patch: f, before, after: f.newPath === null ? '' : applied.text });
  }
  return { files, problems };
}

export interface CodeCheck {
  /** No code token changed in any file (comments, blank lines and docstrings aside). */
  unchanged: boolean;
  /** Every changed Python file still parses without new errors. */
  parses: boolean;
  problems: string[];
}

/** Whether any file's code changed: token comparison for Python files, any non-blank change for other files. */
export function checkCode(ws: PatchedWorkspace, ts: TreeSitter): CodeCheck {
  const problems: string[] = [];
  let unchanged = true;
  let parses = true;
  for (const f of ws.files.values()) {
    if (f.patch.status === 'renamed' || f.patch.status === 'copied') {
      unchanged = false;
      problems.push(`${f.path}: a file was ${f.patch.status}`);
      continue;
    }
    if (!f.path.endsWith('.py')) {
      const nonBlank = (t: string) => t.split('\n').filter((l) => l.trim() !== '');
      if (!sameLines(nonBlank(f.before), nonBlank(f.after))) {
        unchanged = false;
        problems.push(`${f.path}: a non-Python file changed`);
      }
      continue;
    }
    const parser = ts.parser('python');
    const before = parser.parse(f.before);
    const after = parser.parse(f.after);
    try {
      if (!before || !after) throw new Error(`${f.path}: tree-sitter could not parse the file`);
      if (after.rootNode.hasError && !before.rootNode.hasError) {
        parses = false;
        problems.push(`${f.path}: no longer parses`);
      }
      if (!sameTokens(codeTokens(before), codeTokens(after))) {
        unchanged = false;
        problems.push(`${f.path}: code changed (not only comments and docstrings)`);
      }
    } finally {
      before?.delete();
      after?.delete();
    }
  }
  return { unchanged, parses, problems };
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** The definitions of a Python text, parsed once. */
export function parseDefinitions(text: string, ts: TreeSitter): SyntaxDefinition[] {
  const tree = ts.parser('python').parse(text);
  if (!tree) return [];
  try {
    return definitionsOf(tree);
  } finally {
    tree.delete();
  }
}
