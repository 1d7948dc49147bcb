/**
 * Git's post-processing of an edit script (xdiff/xdiffi.c, `xdl_change_compact` with the indent heuristic that is on
 * by default since git 2.14). Myers leaves some freedom: a block of added lines next to identical lines can slide up
 * or down. Git merges groups that touch, lines groups up with changes on the other side, and otherwise picks the
 * position whose split points look best by indentation. Ported closely so our patches carry git's hunks, not
 * merely equivalent ones: the scorers read new-file line numbers from them.
 */

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;
const INDENT_HEURISTIC_MAX_SLIDING = 100;

/** One side of the diff: its records and its changed flags (`changed[i + 1]` for record i, sentinels at both ends). */
interface Side {
  recs: readonly string[];
  changed: Uint8Array;
}

interface Group {
  start: number;
  end: number;
}

const ch = (s: Side, i: number): number => s.changed[i + 1]!;

function groupInit(s: Side): Group {
  const g = { start: 0, end: 0 };
  while (ch(s, g.end)) g.end++;
  return g;
}

/** false when there is no next group (git returns -1). */
function groupNext(s: Side, g: Group): boolean {
  if (g.end === s.recs.length) return false;
  g.start = g.end + 1;
  for (g.end = g.start; ch(s, g.end); g.end++);
  return true;
}

function groupPrevious(s: Side, g: Group): boolean {
  if (g.start === 0) return false;
  g.end = g.start - 1;
  for (g.start = g.end; ch(s, g.start - 1); g.start--);
  return true;
}

function groupSlideDown(s: Side, g: Group): boolean {
  if (g.end < s.recs.length && s.recs[g.start] === s.recs[g.end]) {
    s.changed[g.start + 1] = 0;
    g.start++;
    s.changed[g.end + 1] = 1;
    g.end++;
    while (ch(s, g.end)) g.end++;
    return true;
  }
  return false;
}

function groupSlideUp(s: Side, g: Group): boolean {
  if (g.start > 0 && s.recs[g.start - 1] === s.recs[g.end - 1]) {
    g.start--;
    s.changed[g.start + 1] = 1;
    g.end--;
    s.changed[g.end + 1] = 0;
    while (ch(s, g.start - 1)) g.start--;
    return true;
  }
  return false;
}

function bug(what: string): never {
  throw new Error(`git slider: ${what}`);
}

/** Columns of leading whitespace (tabs to multiples of 8), or -1 for a blank line. */
function indentOf(rec: string): number {
  let ret = 0;
  for (let i = 0; i < rec.length; i++) {
    const c = rec[i];
    if (!(c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v')) return ret;
    if (c === ' ') ret += 1;
    else if (c === '\t') ret += 8 - (ret % 8);
    if (ret >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

interface SplitMeasurement {
  endOfFile: boolean;
  indent: number;
  preBlank: number;
  preIndent: number;
  postBlank: number;
  postIndent: number;
}

function measureSplit(s: Side, split: number): SplitMeasurement {
  const n = s.recs.length;
  const m: SplitMeasurement = { endOfFile: false, indent: -1, preBlank: 0, preIndent: -1, postBlank: 0, postIndent: -1 };
  if (split >= n) m.endOfFile = true;
  else m.indent = indentOf(s.recs[split]!);
  for (let i = split - 1; i >= 0; i--) {
    m.preIndent = indentOf(s.recs[i]!);
    if (m.preIndent !== -1) break;
    m.preBlank += 1;
    if (m.preBlank === MAX_BLANKS) {
      m.preIndent = 0;
      break;
    }
  }
  for (let i = split + 1; i < n; i++) {
    m.postIndent = indentOf(s.recs[i]!);
    if (m.postIndent !== -1) break;
    m.postBlank += 1;
    if (m.postBlank === MAX_BLANKS) {
      m.postIndent = 0;
      break;
    }
  }
  return m;
}

interface SplitScore {
  effectiveIndent: number;
  penalty: number;
}

function scoreAddSplit(m: SplitMeasurement, s: SplitScore): void {
  if (m.preIndent === -1 && m.preBlank === 0) s.penalty += START_OF_FILE_PENALTY;
  if (m.endOfFile) s.penalty += END_OF_FILE_PENALTY;
  const postBlank = m.indent === -1 ? 1 + m.postBlank : 0;
  const totalBlank = m.preBlank + postBlank;
  s.penalty += TOTAL_BLANK_WEIGHT * totalBlank;
  s.penalty += POST_BLANK_WEIGHT * postBlank;
  const indent = m.indent !== -1 ? m.indent : m.postIndent;
  const anyBlanks = totalBlank !== 0;
  s.effectiveIndent += indent;
  if (indent === -1 || m.preIndent === -1) {
    // no adjustment
  } else if (indent > m.preIndent) {
    s.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
  } else if (indent === m.preIndent) {
    // no adjustment
  } else if (m.postIndent !== -1 && m.postIndent > indent) {
    s.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
  } else {
    s.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
  }
}

function scoreCmp(a: SplitScore, b: SplitScore): number {
  const cmpIndents = Number(a.effectiveIndent > b.effectiveIndent) - Number(a.effectiveIndent < b.effectiveIndent);
  return INDENT_WEIGHT * cmpIndents + (a.penalty - b.penalty);
}

/** Compacts the changed groups of `side` against `other` in place (git calls this once per side). */
export function compactChanges(side: Side, other: Side): void {
  const g = groupInit(side);
  const go = groupInit(other);
  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (groupSlideUp(side, g)) if (!groupPrevious(other, go)) bug('group sync broken sliding up');
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        for (;;) {
          if (!groupSlideDown(side, g)) break;
          if (!groupNext(other, go)) bug('group sync broken sliding down');
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);

      if (g.end === earliestEnd) {
        // no shifting was possible
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!groupSlideUp(side, g)) bug('match disappeared');
          if (!groupPrevious(other, go)) bug('group sync broken sliding to match');
        }
      } else {
        let shift = earliestEnd;
        if (g.end - groupSize - 1 > shift) shift = g.end - groupSize - 1;
        if (g.end - INDENT_HEURISTIC_MAX_SLIDING > shift) shift = g.end - INDENT_HEURISTIC_MAX_SLIDING;
        let bestShift = -1;
        let best: SplitScore = { effectiveIndent: 0, penalty: 0 };
        for (; shift <= g.end; shift++) {
          const score: SplitScore = { effectiveIndent: 0, penalty: 0 };
          scoreAddSplit(measureSplit(side, shift), score);
          scoreAddSplit(measureSplit(side, shift - groupSize), score);
          if (bestShift === -1 || scoreCmp(score, best) <= 0) {
            best = score;
            bestShift = shift;
          }
        }
        while (g.end > bestShift) {
          if (!groupSlideUp(side, g)) bug('best shift unreached');
          if (!groupPrevious(other, go)) bug('group sync broken sliding to blank line');
        }
      }
    }
    if (!groupNext(side, g)) break;
    if (!groupNext(other, go)) bug('group sync broken moving to next group');
  }
}
