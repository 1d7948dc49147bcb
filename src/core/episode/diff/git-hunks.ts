import { changedLines } from './xdiff-myers';
import { compactChanges } from './git-slider';

/**
 * The hunks of one file's diff, laid out as git's xdiff emits them (xemit.c): 3 lines of context, changes closer than
 * 2 x 3 unchanged lines share a hunk, `@@ -a,b +c,d @@` with `,1` omitted, and the hunk header followed by the
 * nearest earlier line of the old file that starts with a letter, `_` or `$` (git's default "function name").
 */

const CONTEXT = 3;
/** git's `def_ff` copies at most 80 bytes of the line into the header. */
const FUNC_NAME_BYTES = 80;

interface Change {
  /** 0-based first changed record on each side, and how many. */
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

function buildScript(old: Uint8Array, neu: Uint8Array, n1: number, n2: number): Change[] {
  const out: Change[] = [];
  let i1 = 0;
  let i2 = 0;
  while (i1 < n1 || i2 < n2) {
    if (old[i1 + 1] || neu[i2 + 1]) {
      const l1 = i1;
      const l2 = i2;
      while (old[i1 + 1]) i1++;
      while (neu[i2 + 1]) i2++;
      out.push({ i1: l1, chg1: i1 - l1, i2: l2, chg2: i2 - l2 });
    } else {
      i1++;
      i2++;
    }
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const C_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

/** git's `def_ff`: the line (cut to 80 bytes, trailing space trimmed) when it starts with an ASCII letter, `_`, `$`. */
function funcNameOf(rec: string): string | null {
  if (!/^[A-Za-z_$]/.test(rec)) return null;
  let text = rec;
  if (text.length > FUNC_NAME_BYTES / 3) {
    const bytes = encoder.encode(text);
    if (bytes.length > FUNC_NAME_BYTES) text = decoder.decode(bytes.subarray(0, FUNC_NAME_BYTES));
  }
  let end = text.length;
  while (end > 0 && C_SPACE.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function funcNameBefore(oldRecs: readonly string[], start: number): string {
  for (let l = start - 1; l >= 0; l--) {
    const name = funcNameOf(oldRecs[l]!);
    if (name !== null) return name;
  }
  return '';
}

function range(start1: number, count: number): string {
  const start = count ? start1 : start1 - 1;
  return count === 1 ? `${start}` : `${start},${count}`;
}

function emitRecord(out: string[], prefix: string, rec: string): void {
  if (rec.endsWith('\n')) out.push(prefix + rec.slice(0, -1));
  else out.push(prefix + rec, '\\ No newline at end of file');
}

/** The hunk lines (without a trailing newline) of the diff between two record lists; empty when they are equal. */
export function gitHunks(oldRecs: readonly string[], newRecs: readonly string[]): string[] {
  const changed = changedLines(oldRecs, newRecs);
  const oldSide = { recs: oldRecs, changed: changed.old };
  const newSide = { recs: newRecs, changed: changed.new };
  compactChanges(oldSide, newSide);
  compactChanges(newSide, oldSide);
  const script = buildScript(changed.old, changed.new, oldRecs.length, newRecs.length);
  const out: string[] = [];
  const n1 = oldRecs.length;
  const n2 = newRecs.length;
  for (let first = 0; first < script.length;) {
    let last = first;
    while (last + 1 < script.length && script[last + 1]!.i1 - (script[last]!.i1 + script[last]!.chg1) <= 2 * CONTEXT) last++;
    const a = script[first]!;
    const z = script[last]!;
    const s1 = Math.max(a.i1 - CONTEXT, 0);
    const s2 = Math.max(a.i2 - CONTEXT, 0);
    const post = Math.min(CONTEXT, n1 - (z.i1 + z.chg1), n2 - (z.i2 + z.chg2));
    const e1 = z.i1 + z.chg1 + post;
    const e2 = z.i2 + z.chg2 + post;
    const func = funcNameBefore(oldRecs, s1);
    out.push(`@@ -${range(s1 + 1, e1 - s1)} +${range(s2 + 1, e2 - s2)} @@${func ? ` ${func}` : ''}`);
    for (let k = s2; k < a.i2; k++) emitRecord(out, ' ', newRecs[k]!);
    for (let c = first; c <= last; c++) {
      const ch = script[c]!;
      if (c > first) {
        const prev = script[c - 1]!;
        for (let k = prev.i2 + prev.chg2; k < ch.i2; k++) emitRecord(out, ' ', newRecs[k]!);
      }
      for (let k = ch.i1; k < ch.i1 + ch.chg1; k++) emitRecord(out, '-', oldRecs[k]!);
      for (let k = ch.i2; k < ch.i2 + ch.chg2; k++) emitRecord(out, '+', newRecs[k]!);
    }
    for (let k = z.i2 + z.chg2; k < e2; k++) emitRecord(out, ' ', newRecs[k]!);
    first = last + 1;
  }
  return out;
}
