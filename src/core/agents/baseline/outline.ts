import type { GrepHit } from './observations';
import { importBindings, indentOf, type ImportBinding } from './python-text';

/**
 * A file's outline as `grep -n` shows it: every `def`/`class` line with its decorators, its import lines and its
 * module-level assignments. Built from one grep per batch of files, it is the baseline's map of where things are
 * defined.
 */

/**
 * The grep -E pattern whose hits build an outline: decorators, definitions, imports, module-level assignments, and
 * module-level compound statements (`if`, `try` …), which end the blocks above them.
 */
export const OUTLINE_PATTERN = String.raw`^(\s*(@|(async\s+)?(def|class)\s|from\s+\S+\s+import\s|import\s)|[A-Za-z_][A-Za-z0-9_]*\s*(:[^=]*)?=[^=]|(if|elif|else|try|except|finally|with|for|while)\b)`;

export interface OutlineEntry {
  path: string;
  /** 1-based line of the `def`/`class` keyword. */
  line: number;
  /** 1-based line of the first decorator, else `line`. */
  decoratorLine: number;
  indent: number;
  kind: 'def' | 'class';
  name: string;
  /** The header line as grep showed it. */
  header: string;
  /** Its decorators as written, without the `@` (`property`, `functools.wraps(f)`). */
  decorators: string[];
}

export interface FileOutline {
  path: string;
  entries: OutlineEntry[];
  imports: ImportBinding[];
  /** Import lines left open (`from x import (`): their names need the following lines. */
  openImports: number[];
  /** Module-level `name = value` (or `name: T = value`): name → the line's text after the name, last one last. */
  assignments: Map<string, string[]>;
  /** Lines of module-level statements other than definitions: each ends every block open above it. */
  topLines: number[];
}

export const emptyOutline = (path: string): FileOutline => ({ path, entries: [], imports: [], openImports: [], assignments: new Map(), topLines: [] });

export function buildOutlines(hits: readonly GrepHit[]): Map<string, FileOutline> {
  const byPath = new Map<string, GrepHit[]>();
  for (const h of hits) if (!h.context) (byPath.get(h.path) ?? byPath.set(h.path, []).get(h.path)!).push(h);
  const out = new Map<string, FileOutline>();
  for (const [path, list] of byPath) {
    list.sort((a, b) => a.line - b.line);
    const entries: OutlineEntry[] = [];
    const importLines: string[] = [];
    const openImports: number[] = [];
    const assignments = new Map<string, string[]>();
    const topLines: number[] = [];
    let decoratorStart: number | null = null;
    let decorators: string[] = [];
    let prevLine = -1;
    for (const h of list) {
      const t = h.text.trim();
      if (t.startsWith('@')) {
        if (decoratorStart === null || h.line !== prevLine + 1) {
          decoratorStart = h.line;
          decorators = [];
        }
        decorators.push(t.slice(1).trim());
        prevLine = h.line;
        continue;
      }
      const def = /^(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)/.exec(t);
      if (!def && indentOf(h.text) === 0) topLines.push(h.line); // decorators were handled above
      const assigned = /^([A-Za-z_]\w*)\s*((?::[^=]*)?=[^=].*)$/.exec(h.text);
      if (def) {
        const decorated = decoratorStart !== null && prevLine === h.line - 1;
        entries.push({
          path,
          line: h.line,
          decoratorLine: decorated ? decoratorStart! : h.line,
          indent: indentOf(h.text),
          kind: def[1] as 'def' | 'class',
          name: def[2]!,
          header: h.text,
          decorators: decorated ? decorators : [],
        });
      } else if (/^(from|import)\s/.test(t)) {
        importLines.push(t);
        if (/\(\s*$/.test(t) || /\\\s*$/.test(t)) openImports.push(h.line);
      } else if (assigned) {
        (assignments.get(assigned[1]!) ?? assignments.set(assigned[1]!, []).get(assigned[1]!)!).push(assigned[2]!);
      }
      decoratorStart = null;
      prevLine = h.line;
    }
    out.set(path, { path, entries, imports: importBindings(importLines.join('\n')), openImports, assignments, topLines });
  }
  return out;
}

/**
 * The module-level definition of a name: a `def`/`class` no other one encloses (also one under a module-level `if`
 * or `try`). Repeated plain ones: the last, as rebinding goes; when a conditional one is among them, which one runs
 * depends on the condition, so none.
 */
export function topLevel(outline: FileOutline, name: string): OutlineEntry | null {
  const found = outline.entries.filter((e) => e.name === name && enclosingScopes(outline, e).length === 0);
  if (found.length > 1 && found.some((e) => e.indent > 0)) return null;
  return found[found.length - 1] ?? null;
}

/** The definitions whose blocks hold `entry`, outermost first (a stack of the headers above it, closed by indentation). */
export function enclosingScopes(outline: FileOutline, entry: { line: number; indent: number }): OutlineEntry[] {
  const open: OutlineEntry[] = [];
  let top = 0;
  for (const e of outline.entries) {
    if (e.line >= entry.line) break;
    while (top < outline.topLines.length && outline.topLines[top]! < e.line) {
      open.length = 0;
      top++;
    }
    while (open.length && open[open.length - 1]!.indent >= e.indent) open.pop();
    open.push(e);
  }
  if (outline.topLines.some((l) => l > (open[open.length - 1]?.line ?? Infinity) && l < entry.line)) open.length = 0;
  while (open.length && open[open.length - 1]!.indent >= entry.indent) open.pop();
  return open;
}

/** The methods (direct members) of a class. */
export function members(outline: FileOutline, cls: OutlineEntry): OutlineEntry[] {
  const inside: OutlineEntry[] = [];
  const end = blockEndLine(outline, cls);
  for (const e of outline.entries) if (e.line > cls.line && e.line < end) inside.push(e);
  const memberIndent = Math.min(...inside.map((e) => e.indent));
  return inside.filter((e) => e.indent === memberIndent);
}

/** The first line after a definition's block that the outline shows (a later definition or statement outside it). */
export function blockEndLine(outline: FileOutline, entry: OutlineEntry): number {
  const next = outline.entries.find((e) => e.line > entry.line && e.indent <= entry.indent)?.line ?? Infinity;
  const top = outline.topLines.find((l) => l > entry.line) ?? Infinity;
  return Math.min(next, top);
}

/** Base class expressions of a class header: `class A(B, mod.C, metaclass=M)` → [B, mod.C]. */
export function baseNames(cls: OutlineEntry): string[] {
  const inner = /\(([^)]*)\)?/.exec(cls.header.slice(cls.header.indexOf(cls.name) + cls.name.length))?.[1] ?? '';
  return inner
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[A-Za-z_][\w.]*$/.test(s));
}
