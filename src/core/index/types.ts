import type { LanguageId } from '../lang/languages';

/**
 * The index of one repository, built per file with web-tree-sitter (src/core/index/build.ts) and then resolved
 * into a call graph. All line numbers are 0-based, as in the paper's dataset. Plain data: it crosses a Worker
 * boundary by structured clone and can be stored in IndexedDB.
 */

export type DefinitionType = 'function' | 'class';

export interface Docstring {
  /** The docstring as Python's `inspect.cleandoc` would give it (for JS/TS: the JSDoc block's text). */
  text: string;
  /** 0-based lines of the whole docstring statement / comment block in the file. */
  lineStart: number;
  lineEnd: number;
}

export interface Definition {
  /** Position in RepoIndex.definitions. */
  id: number;
  name: string;
  /** `Class.method`, `outer.<locals>.inner` (Python's __qualname__ rules; the same scheme for JS/TS). */
  qualifiedName: string;
  type: DefinitionType;
  /** True for a function defined directly in a class body. */
  isMethod: boolean;
  file: string;
  language: LanguageId;
  /** The `def` / `class` / `function` line (not the decorator line). */
  lineStart: number;
  /** Last line of the definition's last statement. */
  lineEnd: number;
  /** First decorator's line, else lineStart. */
  decoratorLine: number;
  /** The header as written, e.g. `def f(a, b=1) -> int` / `class C(Base)` / `function f(a: number): string`. */
  signature: string;
  docstring: Docstring | null;
  /** Enclosing definition's id (class for a method, function for a nested function), or null at module level. */
  parent: number | null;
  /** For classes: base-class expressions as written (`Base`, `mod.Base`). */
  bases: string[];
  /**
   * Python only: depth of the node in CPython's `ast` (a module-level def is 1). Sorting a file's definitions by
   * (astDepth, lineStart) reproduces `ast.walk`'s breadth-first order, which the authors' builders iterate in.
   */
  astDepth?: number;
}

/** How a callee expression is written at a call site. */
export type CallForm =
  | 'name' // f()
  | 'attribute' // x.f(), self.f(), a.b.f()
  | 'new' // new X() (JS/TS)
  | 'other'; // f()(), a[0](), ... (never resolved)

export interface CallSite {
  file: string;
  /** 0-based line and column of the callee's final name (Jedi's goto position). */
  line: number;
  column: number;
  /** The final name: `f` for `f()`, `m` for `x.y.m()`. */
  name: string;
  /** The callee text, e.g. `self.items.append`, truncated to 200 chars. */
  callee: string;
  form: CallForm;
  /** Innermost enclosing definition's id, null at module level. */
  enclosing: number | null;
  /** True when the call is inside a decorator of `enclosing`'s child or of the definition itself. */
  inDecorator: boolean;
}

export interface ImportBinding {
  file: string;
  /** The local name bound (`c` in `import a.b as c`, `a` in `import a.b`, `*` for star imports). */
  local: string;
  /** Module as written, dots included for relative imports: `a.b`, `.`, `..m`, `./x.js`. */
  module: string;
  /** Imported name (`from m import y` → `y`), null when the whole module is bound. */
  imported: string | null;
  line: number;
  /** Enclosing definition's id when the import is inside a function, else null. */
  scope: number | null;
}

export interface FileIndex {
  path: string;
  language: LanguageId;
  lines: number;
  /** True when tree-sitter reported errors; what it recovered is still indexed. */
  hasError: boolean;
  definitionIds: number[];
  imports: ImportBinding[];
  /** Python `__all__` / JS export names, when present. */
  exports: string[] | null;
}

export interface Dependency {
  name: string;
  file_path: string;
  line_start: number;
  line_end: number;
  type: DefinitionType;
  decorator_line: number;
}

export interface IndexStats {
  files: number;
  lines: number;
  definitions: number;
  callSites: number;
  /** Call sites resolved to a repo definition. */
  resolved: number;
  /** Call sites with more than one plausible repo target, left unresolved (no edge rather than a wrong one). */
  ambiguous: number;
  /** Files tree-sitter could not parse cleanly. */
  filesWithErrors: number;
  /** Files not indexed: not a known language, or listed in `filesTooDeep`. */
  filesSkipped: number;
  /** Files nested deeper than the walk can follow (`x = ((((...))))` 2,000 deep), left out of the index. */
  filesTooDeep: string[];
  ms: number;
}

export interface RepoIndex {
  files: FileIndex[];
  definitions: Definition[];
  calls: CallSite[];
  /** For each definition id: the ids of its direct in-repo callees (deduplicated, call-site order). */
  callees: number[][];
  stats: IndexStats;
}

/** Progress of a long indexing run: files parsed so far out of total. */
export type IndexProgress = (done: number, total: number, file: string) => void;
