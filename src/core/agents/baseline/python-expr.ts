import { codeOnly } from './python-text';

/**
 * The expressions the baseline follows to learn what a receiver is, read from text as a person reads them: a chain
 * of names, attributes and calls (`self.files().joinpath(p)`), the annotation a parameter or a function declares,
 * what a name is assigned or loops over, what a function returns. Input is code with strings and comments blanked
 * (python-text.ts codeOnly), except annotations, which may be quoted.
 */

export type ChainStep = { k: 'attr'; name: string } | { k: 'call' };

/** `a.b(x).c` → head `a`, then attr b, call, attr c. */
export interface Chain {
  head: string;
  steps: ChainStep[];
}

/**
 * The chain an expression is, or null for anything else (operators, subscripts, literals). `await` in front is
 * dropped; a call left open at the end (a line cut short) still counts as a call.
 */
export function parseChain(expr: string): Chain | null {
  const s = expr.trim().replace(/^await\s+/, '');
  const head = /^[A-Za-z_]\w*/.exec(s);
  if (!head) return null;
  const steps: ChainStep[] = [];
  let i = head[0].length;
  for (;;) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) return { head: head[0], steps };
    if (s[i] === '.') {
      const m = /^\.\s*([A-Za-z_]\w*)/.exec(s.slice(i));
      if (!m) return null;
      steps.push({ k: 'attr', name: m[1]! });
      i += m[0].length;
    } else if (s[i] === '(') {
      steps.push({ k: 'call' });
      const close = closingBracket(s, i);
      if (close < 0) return { head: head[0], steps };
      i = close + 1;
    } else return null;
  }
}

/** What an annotation declares: a class by (dotted) name, or a container of such (what a loop over it hands out). */
export type TypeRef = { k: 'name'; dotted: string } | { k: 'items'; of: TypeRef };

const CONTAINERS = new Set([
  'List',
  'list',
  'Set',
  'set',
  'FrozenSet',
  'frozenset',
  'Sequence',
  'MutableSequence',
  'Iterable',
  'Iterator',
  'Collection',
  'Generator',
  'AsyncIterator',
  'AsyncIterable',
  'AsyncGenerator',
  'Deque',
  'deque',
  'AbstractSet',
]);
const WRAPPERS = new Set(['Optional', 'Final', 'ClassVar', 'Type', 'type']);

/** `C`, `"C"`, `mod.C`, `Optional[C]`, `C | None`, `List[C]`, `Iterator["C"]` …; null for what names no class. */
export function parseAnnotation(text: string): TypeRef | null {
  let t = text
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2')
    .trim();
  t = t.replace(/\s*\|\s*None$/, '').replace(/^None\s*\|\s*/, '');
  const generic = /^([A-Za-z_][\w.]*)\s*\[(.*)\]$/.exec(t);
  if (generic) {
    const outer = generic[1]!.split('.').pop()!;
    const first = splitTopLevel(generic[2]!)[0] ?? '';
    if (WRAPPERS.has(outer)) return parseAnnotation(first);
    if (CONTAINERS.has(outer)) {
      const of = parseAnnotation(first);
      return of ? { k: 'items', of } : null;
    }
    return null;
  }
  return /^[A-Za-z_][\w.]*$/.test(t) && t !== 'None' ? { k: 'name', dotted: t } : null;
}

/** How a name is bound in a block of code: assigned a value, declared with an annotation, or a loop variable. */
export interface NameBinding {
  kind: 'value' | 'annotation' | 'loop' | 'with';
  /** The assigned expression, the annotation, the expression looped over, or the context manager. */
  text: string;
}

/**
 * Every binding of `name` in `code`: `name = v`, `name: T = v`, a parameter `name: T`, `for name in xs`,
 * comprehension loops and `with cm as name`. Tuple targets are left out.
 * `raw` is the same text with its strings kept (codeOnly keeps offsets), for quoted annotations.
 */
export function bindingsOf(code: string, name: string, raw = code): NameBinding[] {
  const out: NameBinding[] = [];
  const n = name.replace(/[^\w]/g, '');
  for (const m of code.matchAll(new RegExp(String.raw`^[ \t]*${n}[ \t]*=(?!=)`, 'gm'))) {
    out.push({ kind: 'value', text: expressionFrom(code, m.index + m[0].length) });
  }
  // Annotated assignments and annotated parameters (`(name: T`, `, name: T`, or a parameter on its own line).
  for (const m of code.matchAll(new RegExp(String.raw`(?:^|[(,])[ \t]*\*{0,2}${n}[ \t]*:(?!=)[ \t]*([^=,)\n]+)`, 'gm'))) {
    const at = m.index + m[0].length - m[1]!.length;
    const ann = raw
      .slice(at, at + m[1]!.length)
      .replace(/\)?\s*(->.*)?:?\s*$/, '')
      .trim();
    if (ann) out.push({ kind: 'annotation', text: ann });
  }
  for (const m of code.matchAll(new RegExp(String.raw`\bfor[ \t]+${n}[ \t]+in\b`, 'g'))) {
    out.push({ kind: 'loop', text: loopIterable(code, m.index + m[0].length) });
  }
  for (const m of code.matchAll(new RegExp(String.raw`\bwith[ \t]+([^\n]*?)[ \t]+as[ \t]+${n}\b`, 'g'))) {
    // Only the item right before `as name` (`with a, b as name`).
    out.push({ kind: 'with', text: splitTopLevel(m[1]!).pop()! });
  }
  return out;
}

/** The expressions after `return` in a function's code. */
export function returnExpressions(code: string): string[] {
  return [...code.matchAll(/^[ \t]*return[ \t]+(?=\S)/gm)].map((m) => expressionFrom(code, m.index + m[0].length)).filter((e) => e !== '');
}

/**
 * The `def` header at the start of `lines` up to its colon, on one line (a body on the same line is cut off), or
 * null when the lines end before the header does.
 */
export function signature(lines: readonly string[]): string | null {
  const raw = lines.join('\n');
  const code = codeOnly(raw);
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0) return raw.slice(0, i).replace(/\s*\n\s*/g, ' ');
  }
  return null;
}

/** The `-> T` of a header as `signature` gives it, or null. */
export function returnAnnotation(signatureText: string): string | null {
  return /\)\s*->\s*(.+?)\s*$/.exec(signatureText)?.[1] ?? null;
}

/** The expression starting at `from`: to the end of its line, or further while a bracket is open. */
function expressionFrom(code: string, from: number): string {
  let depth = 0;
  let i = from;
  for (; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '\n' && depth <= 0) break;
    if (depth < 0) break;
  }
  return code.slice(from, i).trim();
}

/** What a `for … in` loops over: up to the loop's `:`, a comprehension's closing bracket, `if` or next `for`. */
function loopIterable(code: string, from: number): string {
  let depth = 0;
  let i = from;
  for (; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === '\n' || c === ':' || /^\s(if|for)\s/.test(code.slice(i, i + 5)))) break;
  }
  return code.slice(from, i).trim();
}

function closingBracket(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}
