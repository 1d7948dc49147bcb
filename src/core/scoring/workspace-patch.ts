import { Edit, type Tree } from 'web-tree-sitter';
import type { TreeSitter } from '../lang/treesitter';
import { applyFilePatch, parseGitDiff, patchPath, type FilePatch } from './git-diff';
import { profileOfPath, type LanguageProfile, type SyntaxDefinition } from '../lang/profiles';
import { sameTokens } from '../lang/profiles/profile';

/**
 * The strict verdicts' view of an episode: the patch applied to the episode's start state, file by file, and what
 * changed in each file's code (comments and docstrings aside).
 */

/** Reads a file of the original repo (at the instance's commit); undefined when it does not exist. */
export type RepoReader = (path: string) => string | undefined;

export interface StrictContext {
  readFile: RepoReader;
  ts: TreeSitter;
  /**
   * Start-state trees kept across episodes (the start state of a repo's files is the same for every episode on it):
   * with it, scoring an episode parses only the patched files, incrementally. Optional; `new StartStateCache()`.
   */
  cache?: StartStateCache;
}

interface CachedStart {
  text: string;
  tree: Tree;
  tokens: string[] | null;
}

/** A bounded (least recently used) cache of parsed start-state files and their code tokens. */
export class StartStateCache {
  private readonly entries = new Map<string, CachedStart>();
  constructor(private readonly capacity = 64) {}

  get(key: string, text: string): CachedStart | undefined {
    const e = this.entries.get(key);
    if (!e || e.text !== text) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  put(key: string, text: string, tree: Tree): CachedStart {
    const old = this.entries.get(key);
    if (old) old.tree.delete();
    this.entries.delete(key);
    const e = { text, tree, tokens: null };
    this.entries.set(key, e);
    while (this.entries.size > this.capacity) {
      const [k, v] = this.entries.entries().next().value as [string, CachedStart];
      v.tree.delete();
      this.entries.delete(k);
    }
    return e;
  }

  dispose(): void {
    for (const e of this.entries.values()) e.tree.delete();
    this.entries.clear();
  }
}

export interface PatchedFile {
  path: string;
  patch: FilePatch;
  /** The new path, null when the patch deletes the file. */
  newPath: string | null;
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
    files.set(path, { path, patch: f, newPath: f.newPath, before, after: f.newPath === null ? '' : applied.text });
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

/**
 * Parsed trees of one scoring run: each start-state file parsed once, its patched version parsed incrementally
 * from it (only the edited region is re-parsed). Call `dispose` when done: trees live in wasm memory.
 */
export class SyntaxTrees {
  private readonly trees = new Map<string, Tree>();
  private readonly starts = new Map<string, CachedStart>();
  constructor(
    private readonly ts: TreeSitter,
    private readonly cache?: StartStateCache,
  ) {}

  /** A start-state file: from the cache, else parsed (and cached when there is a cache). */
  private start(path: string, text: string): CachedStart {
    let e = this.starts.get(path) ?? this.cache?.get(path, text);
    if (!e) {
      const tree = this.ts.parser(profileFor(path).id).parse(text);
      if (!tree) throw new Error(`tree-sitter could not parse ${path}`);
      e = this.cache ? this.cache.put(path, text, tree) : { text, tree, tokens: null };
      if (!this.cache) this.trees.set(`start:${path}`, tree);
    }
    this.starts.set(path, e);
    return e;
  }

  before(f: PatchedFile): Tree {
    return this.start(f.path, f.before).tree;
  }

  beforeTokens(f: PatchedFile): string[] {
    const e = this.start(f.path, f.before);
    e.tokens ??= profileFor(f.path).codeTokens(e.tree);
    return e.tokens;
  }

  after(f: PatchedFile): Tree {
    const key = `after:${f.path}`;
    let tree = this.trees.get(key);
    if (tree) return tree;
    const edited = this.before(f).copy();
    edited.edit(singleEdit(f.before, f.after));
    tree = this.ts.parser(profileFor(f.path).id).parse(f.after, edited) ?? undefined;
    edited.delete();
    if (!tree) throw new Error(`tree-sitter could not parse ${f.path} after the patch`);
    this.trees.set(key, tree);
    return tree;
  }

  /** A file no patch touched, as it is in the start state. */
  unchanged(path: string, text: string): Tree {
    return this.start(path, text).tree;
  }

  /** Deletes the trees of this run (cached start-state trees stay with their cache). */
  dispose(): void {
    for (const t of this.trees.values()) t.delete();
    this.trees.clear();
    this.starts.clear();
  }
}

/** The profile of a file the strict check parses (only files some profile claims are parsed). */
function profileFor(path: string): LanguageProfile {
  const p = profileOfPath(path);
  if (!p) throw new Error(`no language profile parses ${path}`);
  return p;
}

function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** The one edit turning `a` into `b` (their common prefix and suffix kept), for tree-sitter's incremental parse. */
function singleEdit(a: string, b: string): Edit {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail++;
  return new Edit({
    startIndex: start,
    oldEndIndex: a.length - tail,
    newEndIndex: b.length - tail,
    startPosition: pointAt(a, start),
    oldEndPosition: pointAt(a, a.length - tail),
    newEndPosition: pointAt(b, b.length - tail),
  });
}

/** Whether any file's code changed: token comparison for files a language profile parses, any non-blank change for other files. */
export function checkCode(ws: PatchedWorkspace, trees: SyntaxTrees): CodeCheck {
  const problems: string[] = [];
  let unchanged = true;
  let parses = true;
  for (const f of ws.files.values()) {
    if (f.patch.status === 'renamed' || f.patch.status === 'copied') {
      unchanged = false;
      problems.push(`${f.path}: a file was ${f.patch.status}`);
      continue;
    }
    const profile = profileOfPath(f.path);
    if (!profile) {
      const nonBlank = (t: string) => t.split('\n').filter((l) => l.trim() !== '');
      if (!sameLines(nonBlank(f.before), nonBlank(f.after))) {
        unchanged = false;
        problems.push(`${f.path}: a non-Python file changed`);
      }
      continue;
    }
    const before = trees.before(f);
    const after = trees.after(f);
    const syntaxError = profile.newSyntaxError({ tree: before, text: f.before }, { tree: after, text: f.after });
    if (syntaxError) {
      parses = false;
      problems.push(`${f.path}: no longer parses (${syntaxError})`);
    }
    // The quick check settles the usual case (only comments or docstrings added); the token lists, the rest.
    if (!profile.sameCodeTokensQuick(before, after) && !sameTokens(trees.beforeTokens(f), profile.codeTokens(after))) {
      unchanged = false;
      problems.push(`${f.path}: code changed (not only comments and docstrings)`);
    }
  }
  return { unchanged, parses, problems };
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** The definitions of a file after the patch (or as it is, when the patch does not touch it). */
export function definitionsAfter(
  ws: PatchedWorkspace,
  trees: SyntaxTrees,
  path: string,
  startText: (path: string) => string | undefined,
): SyntaxDefinition[] | null {
  const f = ws.files.get(path);
  if (f) return f.newPath === null ? [] : profileFor(path).definitionsOf(trees.after(f));
  const text = startText(path);
  return text === undefined ? null : profileFor(path).definitionsOf(trees.unchanged(path, text));
}
