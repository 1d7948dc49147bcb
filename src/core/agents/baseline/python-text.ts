/**
 * Just enough Python reading for the baseline agent, done on the text it was shown (no parser: it plays with a
 * player's tools). Indentation finds blocks; a small scanner blanks strings and comments so calls inside them do
 * not count.
 */

export function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].replace(/\t/g, '        ').length;
}

export function isBlankOrComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/**
 * Source with string contents and comments replaced by spaces (newlines kept, so offsets and line numbers hold).
 * Handles prefixed strings (r, b, f, rb, ...) and triple quotes. The `{...}` fields of an f-string are code and
 * stay (a call there is a call), with the strings inside them blanked in turn.
 */
export function codeOnly(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') {
        out += ' ';
        i++;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      const fString = /(?:^|[^\w])[rRbBuU]?[fF][rR]?$/.test(src.slice(Math.max(0, i - 3), i));
      const blanked = blankString(src, i, fString);
      out += blanked;
      i += blanked.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** The string literal starting at `start`, blanked; an f-string keeps its fields as code (see codeOnly). */
function blankString(src: string, start: number, fString: boolean): string {
  const c = src[start]!;
  const triple = src.startsWith(c.repeat(3), start);
  const q = triple ? c.repeat(3) : c;
  let out = q;
  let i = start + q.length;
  while (i < src.length && !src.startsWith(q, i)) {
    if (src[i] === '\\' && i + 1 < src.length) {
      out += src[i + 1] === '\n' ? ' \n' : '  ';
      i += 2;
      continue;
    }
    if (!triple && src[i] === '\n') break; // unterminated: stop at the line end
    if (fString && src[i] === '{') {
      if (src[i + 1] === '{') {
        out += '  ';
        i += 2;
        continue;
      }
      const field = fStringField(src, i);
      out += field;
      i += field.length;
      continue;
    }
    out += src[i] === '\n' ? '\n' : ' ';
    i++;
  }
  if (src.startsWith(q, i)) out += q;
  return out;
}

/** An f-string's `{...}` field from its brace, as code: nested strings blanked, up to the matching `}`. */
function fStringField(src: string, open: number): string {
  let out = '';
  let depth = 0;
  let i = open;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '"' || ch === "'") {
      const inner = blankString(src, i, false);
      out += inner;
      i += inner.length;
      continue;
    }
    if (ch === '\n' && depth <= 1) break; // a field does not run past a line in a one-line string; stay safe
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    out += ch;
    i++;
    if (depth === 0) break;
  }
  return out;
}

/**
 * 0-based index of the line that ends the `def`/`class` header starting at `start`: the line with the colon outside
 * brackets (a body may follow it on the same line).
 */
export function headerEnd(lines: readonly string[], start: number): number {
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    for (const ch of codeOnly(lines[i]!)) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
      else if (ch === ':' && depth <= 0) return i;
    }
  }
  return start;
}

/**
 * 0-based index of the last line of the block opened by the header at `start`, or null when the lines given end
 * before the block does (the caller reads more).
 */
export function blockEnd(lines: readonly string[], start: number): number | null {
  const indent = indentOf(lines[start]!);
  const hEnd = headerEnd(lines, start);
  // A one-line body after the colon (`def f(): return 1`); a comment after the colon is no body.
  if (!/:\s*$/.test(codeOnly(lines[hEnd]!))) return hEnd;
  let last = hEnd;
  const code = codeOnly(lines.join('\n')).split('\n');
  for (let i = hEnd + 1; i < lines.length; i++) {
    if (code[i]!.trim() === '') continue;
    if (indentOf(lines[i]!) <= indent) return last;
    last = i;
  }
  return null;
}

export interface CallSite {
  name: string;
  /** The receiver for `x.name(...)`: `self`, `cls`, `mod.sub`, `super()`, or `?` for another expression; null for a bare call. */
  receiver: string | null;
  /** The receiver expression as written (`self.files()`, `Cls(x)`), spaces dropped; null for a bare call. */
  receiverText: string | null;
}

const KEYWORDS = new Set([
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
  'print',
]);

/** The calls in a block of code (strings and comments already blanked), in order of appearance, without repeats. */
export function callSites(code: string): CallSite[] {
  const seen = new Set<string>();
  const out: CallSite[] = [];
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const name = m[1]!;
    const before = code.slice(0, m.index);
    if (/\b(def|class)\s+$/.test(before)) continue;
    if (KEYWORDS.has(name) && name !== 'print') continue;
    let receiverText: string | null = null;
    const dot = /\.\s*$/.exec(before);
    if (dot) receiverText = code.slice(receiverStart(code, dot.index), dot.index).replace(/\s+/g, '');
    const receiver = receiverText === null ? null : receiverText === 'super()' ? 'super()' : /^[A-Za-z_][\w.]*$/.test(receiverText) ? receiverText : '?';
    const key = `${receiverText ?? ''}.${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, receiver, receiverText });
  }
  return out;
}

/** Where the receiver ending at `end` starts, read backwards: names joined by dots, each maybe called or subscripted. */
function receiverStart(code: string, end: number): number {
  let j = skipBlanksBack(code, end);
  for (;;) {
    while (code[j - 1] === ')' || code[j - 1] === ']') {
      const open = openingBracket(code, j - 1);
      if (open < 0) return j;
      j = open;
    }
    if (!/\w/.test(code[j - 1] ?? '')) return j; // a parenthesized expression or a literal heads the chain
    let k = j;
    while (k > 0 && /\w/.test(code[k - 1]!)) k--;
    const d = skipBlanksBack(code, k);
    if (code[d - 1] !== '.') return k;
    j = skipBlanksBack(code, d - 1);
  }
}

function skipBlanksBack(code: string, i: number): number {
  while (i > 0 && (code[i - 1] === ' ' || code[i - 1] === '\t')) i--;
  return i;
}

function openingBracket(code: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The parameter names of the `def` header the code starts with (`def f(self, a: T, *args, b=1, **kw)`). */
export function paramNames(code: string): string[] {
  const open = code.indexOf('(');
  if (open < 0) return [];
  const out: string[] = [];
  let depth = 0;
  let part = '';
  for (let i = open + 1; i < code.length; i++) {
    const c = code[i]!;
    if (depth === 0 && (c === ',' || c === ')')) {
      const name = /^\s*\*{0,2}\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name) out.push(name);
      part = '';
      if (c === ')') break;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    part += c;
  }
  return out;
}

/** Names a block defines for itself (nested `def`/`class`): calls to them are not dependencies. */
export function nestedDefinitions(code: string): Set<string> {
  const out = new Set<string>();
  for (const m of code.matchAll(/^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/gm)) out.add(m[1]!);
  return out;
}

export interface ImportBinding {
  /** The name bound in the importing module. */
  local: string;
  /** Dotted module as written, with leading dots for relative imports. */
  module: string;
  /** The imported attribute (`from m import x`), or null when the binding is the module itself (`import m`). */
  attr: string | null;
}

/** Import statements of a piece of code (parenthesized and backslash-continued ones joined). */
export function importBindings(code: string): ImportBinding[] {
  const joined = code.replace(/\\\n/g, ' ').replace(/\(([^()]*)\)/g, (_, inner: string) => `(${inner.replace(/\n/g, ' ')})`);
  const out: ImportBinding[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    let m = /^from\s+(\.*[\w.]*)\s+import\s+\(?([^)]*)\)?\s*$/.exec(line);
    if (m) {
      for (const part of m[2]!.split(',')) {
        const pm = /^\s*([A-Za-z_]\w*|\*)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(part);
        if (pm && pm[1] !== '*') out.push({ local: pm[2] ?? pm[1]!, module: m[1]!, attr: pm[1]! });
      }
      continue;
    }
    m = /^import\s+(.+)$/.exec(line);
    if (m) {
      for (const part of m[1]!.split(',')) {
        const pm = /^\s*([\w.]+)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(part);
        if (!pm) continue;
        if (pm[2]) out.push({ local: pm[2], module: pm[1]!, attr: null });
        else out.push({ local: pm[1]!.split('.')[0]!, module: pm[1]!.split('.')[0]!, attr: null });
      }
    }
  }
  return out;
}

/** The file a module names, from the importing file and the repo's Python files; null when not in the repo. */
export function moduleFile(module: string, fromFile: string, files: ReadonlySet<string>): string | null {
  const dots = /^\.*/.exec(module)![0].length;
  const rest = module.slice(dots).split('.').filter(Boolean);
  const bases: string[][] = [];
  if (dots > 0) {
    const dir = fromFile.split('/').slice(0, -1);
    bases.push(dir.slice(0, Math.max(0, dir.length - (dots - 1))));
  } else {
    bases.push([]);
    // A repo whose packages sit one folder down (src/ layouts): try the importing file's ancestors too.
    const dir = fromFile.split('/').slice(0, -1);
    for (let k = dir.length - 1; k >= 1; k--) bases.push(dir.slice(0, k));
  }
  for (const base of bases) {
    const parts = [...base, ...rest];
    const asFile = `${parts.join('/')}.py`;
    const asPkg = parts.length ? `${parts.join('/')}/__init__.py` : '__init__.py';
    if (rest.length && files.has(asFile)) return asFile;
    if (files.has(asPkg)) return asPkg;
  }
  return null;
}
