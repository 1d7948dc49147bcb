import type { GrepHit } from './observations';
import { importBindings, indentOf, type ImportBinding } from './python-text';

/**
 * A file's outline as `grep -n` shows it: every `def`/`class` line with its decorators, and its import lines. Built
 * from one grep per batch of files, it is the baseline's map of where things are defined.
 */

/** The grep -E pattern whose hits build an outline (decorators, definitions, imports). */
export const OUTLINE_PATTERN = String.raw`^\s*(@|(async\s+)?(def|class)\s|from\s+\S+\s+import\s|import\s)`;

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
}

export interface FileOutline {
  path: string;
  entries: OutlineEntry[];
  imports: ImportBinding[];
  /** Import lines left open (`from x import (`): their names need the following lines. */
  openImports: number[];
}

export function buildOutlines(hits: readonly GrepHit[]): Map<string, FileOutline> {
  const byPath = new Map<string, GrepHit[]>();
  for (const h of hits) if (!h.context) (byPath.get(h.path) ?? byPath.set(h.path, []).get(h.path)!).push(h);
  const out = new Map<string, FileOutline>();
  for (const [path, list] of byPath) {
    list.sort((a, b) => a.line - b.line);
    const entries: OutlineEntry[] = [];
    const importLines: string[] = [];
    const openImports: number[] = [];
    let decoratorStart: number | null = null;
    let prevLine = -1;
    for (const h of list) {
      const t = h.text.trim();
      if (t.startsWith('@')) {
        if (decoratorStart === null || h.line !== prevLine + 1) decoratorStart = h.line;
        prevLine = h.line;
        continue;
      }
      const def = /^(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)/.exec(t);
      if (def) {
        const decorated = decoratorStart !== null && prevLine === h.line - 1;
        entries.push({ path, line: h.line, decoratorLine: decorated ? decoratorStart! : h.line, indent: indentOf(h.text), kind: def[1] as 'def' | 'class', name: def[2]!, header: h.text });
      } else if (/^(from|import)\s/.test(t)) {
        importLines.push(t);
        if (/\(\s*$/.test(t) || /\\\s*$/.test(t)) openImports.push(h.line);
      }
      decoratorStart = null;
      prevLine = h.line;
    }
    out.set(path, { path, entries, imports: importBindings(importLines.join('\n')), openImports });
  }
  return out;
}

/** Definitions at the top level of a module, by name (the last one wins, as rebinding does in Python). */
export function topLevel(outline: FileOutline, name: string): OutlineEntry | null {
  const found = outline.entries.filter((e) => e.indent === 0 && e.name === name);
  return found[found.length - 1] ?? null;
}

/** The definitions whose blocks hold `entry`, outermost first (a stack of the headers above it, closed by indentation). */
export function enclosingScopes(outline: FileOutline, entry: { line: number; indent: number }): OutlineEntry[] {
  const open: OutlineEntry[] = [];
  for (const e of outline.entries) {
    if (e.line >= entry.line) break;
    while (open.length && open[open.length - 1]!.indent >= e.indent) open.pop();
    open.push(e);
  }
  while (open.length && open[open.length - 1]!.indent >= entry.indent) open.pop();
  return open;
}

/** The class `entry` is a direct member of, or null. */
export function enclosingClass(outline: FileOutline, entry: { line: number; indent: number }): OutlineEntry | null {
  const top = enclosingScopes(outline, entry).pop();
  return top?.kind === 'class' ? top : null;
}

/** The methods (direct members) of a class. */
export function members(outline: FileOutline, cls: OutlineEntry): OutlineEntry[] {
  const inside: OutlineEntry[] = [];
  for (const e of outline.entries) {
    if (e.line <= cls.line) continue;
    if (e.indent <= cls.indent) break;
    inside.push(e);
  }
  const memberIndent = Math.min(...inside.map((e) => e.indent));
  return inside.filter((e) => e.indent === memberIndent);
}

/** Base class expressions of a class header: `class A(B, mod.C, metaclass=M)` → [B, mod.C]. */
export function baseNames(cls: OutlineEntry): string[] {
  const inner = /\(([^)]*)\)?/.exec(cls.header.slice(cls.header.indexOf(cls.name) + cls.name.length))?.[1] ?? '';
  return inner
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[A-Za-z_][\w.]*$/.test(s));
}
