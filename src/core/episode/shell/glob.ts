import { caseVariants, inRanges, normalizeRanges, POSIX_CLASSES, setHas, type Ranges } from './char-class';

/**
 * fnmatch-style patterns (`*`, `?`, `[a-z]`, `[!x]`, `[[:alpha:]]`, `\` escapes) as used by `find -name`/`-path`,
 * `grep --include`/`--exclude` and the shell's own file-name expansion (one path segment at a time).
 *
 * Matched without regular expressions and without backtracking beyond the last star: when the text after a star
 * fails, only that last star takes one more character (earlier stars never need to, since a later star can absorb
 * whatever they would). That is O(pattern x name) at worst, where a backtracking regex takes exponential time on
 * `*a*a*a...b` against a long name of `a`s.
 */

/** A bracket's characters and ranges are compared case-folded under -iname, its `[:classes:]` as they are (GNU fnmatch). */
type Token = { kind: 'char'; cp: number } | { kind: 'any' } | { kind: 'star' } | { kind: 'set'; ranges: Ranges; classes: Ranges; negate: boolean };

export interface Glob {
  test(name: string): boolean;
}

export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** A bracket expression opening at `open`, or null when it does not close (then `[` is literal, as in bash). */
function bracket(p: string[], open: number): { token: Token; next: number } | null {
  let j = open + 1;
  const negate = p[j] === '!' || p[j] === '^';
  if (negate) j++;
  const ranges: Ranges = [];
  const classes: Ranges = [];
  const element = (): number => {
    const c = p[j] === '\\' && j + 1 < p.length ? p[++j]! : p[j]!;
    j++;
    return c.codePointAt(0)!;
  };
  for (let first = true; ; first = false) {
    if (j >= p.length) return null;
    if (p[j] === ']' && !first) break;
    const kind = p[j + 1];
    if (p[j] === '[' && (kind === ':' || kind === '.' || kind === '=')) {
      let end = j + 2;
      while (end < p.length && !(p[end] === kind && p[end + 1] === ']')) end++;
      if (end < p.length) {
        const name = p.slice(j + 2, end).join('');
        // An unknown class matches nothing; `[.c.]` and `[=c=]` stand for the character c.
        if (kind === ':') classes.push(...(POSIX_CLASSES[name] ?? []));
        else if ([...name].length === 1) ranges.push([name.codePointAt(0)!, name.codePointAt(0)!]);
        j = end + 2;
        continue;
      }
    }
    const lo = element();
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      j++;
      const hi = element();
      if (hi >= lo) ranges.push([lo, hi]); // a reversed range matches nothing
    } else {
      ranges.push([lo, lo]);
    }
  }
  return { token: { kind: 'set', ranges: normalizeRanges(ranges), classes: normalizeRanges(classes), negate }, next: j + 1 };
}

function tokenize(pattern: string): Token[] {
  const p = Array.from(pattern);
  const out: Token[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    const b = c === '[' ? bracket(p, i) : null;
    if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') {
      out.push({ kind: 'any' });
    } else if (b) {
      out.push(b.token);
      i = b.next - 1;
    } else {
      const lit = c === '\\' && i + 1 < p.length ? p[++i]! : c;
      out.push({ kind: 'char', cp: lit.codePointAt(0)! });
    }
  }
  return out;
}

function matches(tokens: Token[], text: number[], ignoreCase: boolean): boolean {
  const one = (t: Token, cp: number): boolean =>
    t.kind === 'any' ||
    (t.kind === 'char' && (t.cp === cp || (ignoreCase && caseVariants(t.cp).includes(cp)))) ||
    (t.kind === 'set' && (inRanges(t.classes, cp) || setHas(t.ranges, false, cp, ignoreCase)) !== t.negate);
  let p = 0;
  let t = 0;
  let star = -1; // token index just after the last star seen
  let resume = 0; // where the text after that star was tried from
  while (t < text.length) {
    if (p < tokens.length && tokens[p]!.kind === 'star') {
      star = ++p;
      resume = t;
    } else if (p < tokens.length && one(tokens[p]!, text[t]!)) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < tokens.length && tokens[p]!.kind === 'star') p++;
  return p === tokens.length;
}

export function compileGlob(pattern: string, opts: { ignoreCase?: boolean } = {}): Glob {
  const tokens = tokenize(pattern);
  const ignoreCase = opts.ignoreCase ?? false;
  return {
    test: (name) =>
      matches(
        tokens,
        Array.from(name, (c) => c.codePointAt(0)!),
        ignoreCase,
      ),
  };
}

/** Removes the backslash escapes of a pattern that matched nothing (the shell then passes it on literally). */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}
