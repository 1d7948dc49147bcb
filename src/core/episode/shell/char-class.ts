/**
 * Sets of characters as grep's bracket expressions and the shell's glob brackets read them: sorted, merged code point
 * ranges, the POSIX classes of the C locale (`[:alpha:]` is ASCII letters), and case-insensitive membership.
 */

/** Inclusive [low, high] code point ranges. */
export type Ranges = [number, number][];

const ch = (c: string) => c.codePointAt(0)!;
const span = (from: string, to: string): [number, number] => [ch(from), ch(to)];

export const POSIX_CLASSES: Readonly<Record<string, Ranges>> = {
  alpha: [span('A', 'Z'), span('a', 'z')],
  digit: [span('0', '9')],
  alnum: [span('0', '9'), span('A', 'Z'), span('a', 'z')],
  upper: [span('A', 'Z')],
  lower: [span('a', 'z')],
  space: [
    [9, 13],
    [32, 32],
  ],
  blank: [
    [9, 9],
    [32, 32],
  ],
  punct: [span('!', '/'), span(':', '@'), span('[', '`'), span('{', '~')],
  xdigit: [span('0', '9'), span('A', 'F'), span('a', 'f')],
  cntrl: [
    [0, 31],
    [127, 127],
  ],
  print: [[32, 126]],
  graph: [[33, 126]],
};

/** The word characters of grep's `\w`, `\b`, `\<`, `-w`: ASCII letters, digits and `_`. */
export const WORD: Ranges = [span('0', '9'), span('A', 'Z'), span('_', '_'), span('a', 'z')];

export function normalizeRanges(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function inRanges(ranges: Ranges, cp: number): boolean {
  for (const [lo, hi] of ranges) {
    if (cp < lo) return false;
    if (cp <= hi) return true;
  }
  return false;
}

/** The code point and its other-case forms (one code point each), for case-insensitive comparison. */
export function caseVariants(cp: number): number[] {
  if (cp < 128) {
    if (cp >= 65 && cp <= 90) return [cp, cp + 32];
    if (cp >= 97 && cp <= 122) return [cp, cp - 32];
    return [cp];
  }
  const s = String.fromCodePoint(cp);
  const out = [cp];
  for (const v of [s.toLowerCase(), s.toUpperCase()]) {
    const c = v.codePointAt(0)!;
    if (v.length === String.fromCodePoint(c).length && !out.includes(c)) out.push(c);
  }
  return out;
}

/** Whether the set (negated or not) holds the code point, or with `ignoreCase` one of its case forms. */
export function setHas(ranges: Ranges, negate: boolean, cp: number, ignoreCase: boolean): boolean {
  const hit = ignoreCase ? caseVariants(cp).some((c) => inRanges(ranges, c)) : inRanges(ranges, cp);
  return hit !== negate;
}

export const isWordCode = (cp: number): boolean => (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || cp === 95 || (cp >= 97 && cp <= 122);
