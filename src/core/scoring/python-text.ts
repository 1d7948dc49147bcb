/**
 * The few Python string semantics the authors' scorers depend on, reproduced exactly: `str.strip()` strips the
 * characters `str.isspace()` accepts (JS `trim()` differs: it strips U+FEFF and keeps U+001C–U+001F and U+0085),
 * and `str.count(sub)` counts non-overlapping occurrences.
 */

const PY_SPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function isPySpace(ch: string): boolean {
  return PY_SPACE.includes(ch);
}

/** Python's `s.strip()` (no argument). */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPySpace(s[a]!)) a++;
  while (b > a && isPySpace(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Python's `s.rstrip(chars)`. */
export function pyRstripChars(s: string, chars: string): string {
  let b = s.length;
  while (b > 0 && chars.includes(s[b - 1]!)) b--;
  return s.slice(0, b);
}

/** Python's `s.count(sub)` for a non-empty `sub`: non-overlapping occurrences, left to right. */
export function pyCount(s: string, sub: string): number {
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}
