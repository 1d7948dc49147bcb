import { isWordCode, normalizeRanges, POSIX_CLASSES, WORD, type Ranges } from './char-class';

/**
 * POSIX regular expressions as GNU grep reads them, parsed to a tree: basic (BRE, grep's default: `\(` `\)` `\{` `\}`
 * `\|` `\+` `\?` are operators, the bare characters are literals) and extended (ERE, `-E`). Bracket expressions keep
 * POSIX meaning (a backslash is literal, `[:alpha:]` classes), `\<` `\>` are word edges, `\1`-`\9` back-references.
 * Errors and warnings come back worded as GNU grep words them, so a player sees what a real shell would show.
 *
 * The tree is matched by RE2 (`toRe2Source`, linear time) unless it has back-references, which need the budgeted
 * backtracker (backtrack.ts). Nothing here builds a JavaScript RegExp: a backtracking one can hang the page.
 */

export type AssertKind =
  | 'bol'
  | 'eol'
  | 'word-boundary'
  | 'not-word-boundary'
  | 'word-start'
  | 'word-end'
  /** grep -w: the match starts after a non-word character (or the line start)... */
  | 'not-word-before'
  /** ...and ends before one (or the line end). */
  | 'not-word-after';

export type RegexNode =
  | { type: 'char'; cp: number }
  | { type: 'any' }
  | { type: 'set'; ranges: Ranges; negate: boolean }
  | { type: 'assert'; kind: AssertKind }
  | { type: 'group'; index: number; body: RegexNode }
  | { type: 'cat'; items: RegexNode[] }
  | { type: 'alt'; items: RegexNode[] }
  | { type: 'repeat'; min: number; max: number; body: RegexNode }
  | { type: 'backref'; index: number };

export type ParseResult = { ok: true; node: RegexNode; groups: number; warnings: string[] } | { ok: false; error: string };

const UNMATCHED_BRACKET = 'Unmatched [, [^, [:, [., or [=';
const BAD_INTERVAL = 'Invalid content of \\{\\}';
const TOO_BIG = 'Regular expression too big';
/** GNU's RE_DUP_MAX. */
const MAX_REPEAT = 32767;

class SyntaxFailure extends Error {}

/** GNU's escapes for zero-width tests: word edges, and `` \` `` `\'` for the start and end of the line. */
const ESCAPED_ASSERTS: Record<string, AssertKind> = {
  '<': 'word-start',
  '>': 'word-end',
  b: 'word-boundary',
  B: 'not-word-boundary',
  '`': 'bol',
  "'": 'eol',
};

const assert = (kind: AssertKind): RegexNode => ({ type: 'assert', kind });
const char = (c: string): RegexNode => ({ type: 'char', cp: c.codePointAt(0)! });

class PosixParser {
  private i = 0;
  private groups: number;
  private depth = 0;
  private readonly closed = new Set<number>();
  readonly warnings: string[] = [];

  constructor(
    private readonly p: string[],
    private readonly ere: boolean,
    private readonly firstGroup: number,
  ) {
    this.groups = firstGroup;
  }

  get groupCount(): number {
    return this.groups - this.firstGroup;
  }

  parse(): RegexNode {
    return this.alternation();
  }

  private at(k: number, c: string): boolean {
    return this.p[this.i + k] === c;
  }

  private operator(c: string): boolean {
    return this.ere ? this.at(0, c) : this.at(0, '\\') && this.at(1, c);
  }

  private alternation(): RegexNode {
    const branches = [this.branch()];
    while (this.operator('|')) {
      this.i += this.ere ? 1 : 2;
      branches.push(this.branch());
    }
    return branches.length === 1 ? branches[0]! : { type: 'alt', items: branches };
  }

  private branch(): RegexNode {
    const items: RegexNode[] = [];
    // Where an expression starts: there BRE's `*` is literal and `^` an anchor, and ERE's `*` `+` `?` repeat nothing.
    let start = true;
    while (this.i < this.p.length && !this.operator('|') && !(this.depth > 0 && this.operator(')'))) {
      const atom = this.atom(start);
      if (atom === null) continue;
      start = atom.type === 'assert' && atom.kind === 'bol';
      let node = atom;
      for (let q = start ? null : this.quantifier(); q; q = this.quantifier()) node = { type: 'repeat', ...q, body: node };
      items.push(node);
    }
    return items.length === 1 ? items[0]! : { type: 'cat', items };
  }

  /** An atom, or null for an ERE repetition at the start of an expression (GNU warns and ignores it). */
  private atom(start: boolean): RegexNode | null {
    const c = this.p[this.i]!;
    if (c === '[') return this.bracket();
    if (c === '\\') return this.escape();
    this.i++;
    if (c === '.') return { type: 'any' };
    if (this.ere) {
      if (c === '(') return this.group();
      if (start && (c === '*' || c === '+' || c === '?')) {
        this.warnings.push(`${c} at start of expression`);
        return null;
      }
      if (start && c === '{') {
        const interval = this.interval(this.i, '}');
        if (interval) {
          this.warnings.push('{...} at start of expression');
          this.i = interval.next;
          return null;
        }
      }
      if (c === '^') return assert('bol');
      if (c === '$') return assert('eol');
      return char(c); // `)` with no group open, `}`, and `{` that starts no interval are literal
    }
    if (start && (c === '*' || c === '^')) return c === '^' ? assert('bol') : char(c);
    if (c === '$' && (this.i === this.p.length || this.operator(')') || this.operator('|'))) return assert('eol');
    return char(c);
  }

  private escape(): RegexNode {
    const d = this.p[this.i + 1];
    if (d === undefined) throw new SyntaxFailure('Trailing backslash');
    this.i += 2;
    if (!this.ere) {
      if (d === '(') return this.group();
      if (d === ')') throw new SyntaxFailure('Unmatched ) or \\)');
      // Only reached where they cannot repeat anything (at the start), or `\}` with no `\{`: GNU takes them literally.
      if (d === '{' || d === '}' || d === '+' || d === '?') return char(d);
    }
    if (d >= '1' && d <= '9') {
      const index = this.firstGroup + Number(d);
      if (!this.closed.has(index)) throw new SyntaxFailure('Invalid back reference');
      return { type: 'backref', index };
    }
    if (d in ESCAPED_ASSERTS) return assert(ESCAPED_ASSERTS[d]!);
    if (d === 'w' || d === 'W') return { type: 'set', ranges: WORD, negate: d === 'W' };
    if (d === 's' || d === 'S') return { type: 'set', ranges: POSIX_CLASSES.space!, negate: d === 'S' };
    return char(d);
  }

  private group(): RegexNode {
    const index = ++this.groups;
    this.depth++;
    const body = this.alternation();
    this.depth--;
    if (!this.operator(')')) throw new SyntaxFailure('Unmatched ( or \\(');
    this.i += this.ere ? 1 : 2;
    this.closed.add(index);
    return { type: 'group', index, body };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.p[this.i];
    const d = this.ere ? c : c === '\\' ? this.p[this.i + 1] : undefined;
    if (c === '*' || d === '+' || d === '?') {
      this.i += c === '*' || this.ere ? 1 : 2;
      return c === '*' ? { min: 0, max: Infinity } : d === '+' ? { min: 1, max: Infinity } : { min: 0, max: 1 };
    }
    if (d !== '{') return null;
    const interval = this.interval(this.i + (this.ere ? 1 : 2), this.ere ? '}' : '\\}');
    if (interval) {
      this.i = interval.next;
      return interval;
    }
    if (this.ere) return null; // `a{x}`: a literal `{`
    const rest = this.p.slice(this.i + 2).join('');
    throw new SyntaxFailure(rest.includes('\\}') ? BAD_INTERVAL : 'Unmatched \\{');
  }

  /** `m}`, `m,}`, `,n}`, `m,n}` from `from` (the character after the `{`), with `close` as the closing token. */
  private interval(from: number, close: string): { min: number; max: number; next: number } | null {
    const m = /^(\d*)(,(\d*))?/.exec(this.p.slice(from, from + 24).join(''))!;
    const after = from + m[0].length;
    if (this.p.slice(after, after + close.length).join('') !== close) return null;
    if (m[1] === '' && m[2] === undefined) throw new SyntaxFailure(BAD_INTERVAL);
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > max) throw new SyntaxFailure(BAD_INTERVAL);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) throw new SyntaxFailure(TOO_BIG);
    return { min, max, next: after + close.length };
  }

  private bracket(): RegexNode {
    const p = this.p;
    let j = this.i + 1;
    const negate = p[j] === '^';
    if (negate) j++;
    if (j >= p.length) throw new SyntaxFailure('Invalid regular expression');
    const bodyStart = j;
    const ranges: Ranges = [];
    for (let first = true; ; first = false) {
      if (j >= p.length) throw new SyntaxFailure(UNMATCHED_BRACKET);
      if (p[j] === ']' && !first) break;
      const lo = this.bracketElement(j);
      j = lo.next;
      if (lo.ranges) {
        if (p[j] === '-' && p[j + 1] !== ']' && p[j + 1] !== undefined) throw new SyntaxFailure('Invalid range end');
        ranges.push(...lo.ranges);
      } else if (p[j] === '-' && p[j + 1] !== ']' && p[j + 1] !== undefined) {
        const hi = this.bracketElement(j + 1);
        if (hi.ranges || hi.cp! < lo.cp!) throw new SyntaxFailure('Invalid range end');
        ranges.push([lo.cp!, hi.cp!]);
        j = hi.next;
      } else {
        ranges.push([lo.cp!, lo.cp!]);
      }
    }
    const body = p.slice(bodyStart, j);
    if (body.length >= 3 && body[0] === ':' && body[body.length - 1] === ':' && body.some((c) => c !== ':')) {
      throw new SyntaxFailure('character class syntax is [[:space:]], not [:space:]');
    }
    this.i = j + 1;
    return { type: 'set', ranges: normalizeRanges(ranges), negate };
  }

  /** One element of a bracket expression at `j`: a character, `[.c.]`, `[=c=]`, or a `[:class:]`. */
  private bracketElement(j: number): { cp?: number; ranges?: Ranges; next: number } {
    const p = this.p;
    const kind = p[j + 1];
    if (p[j] !== '[' || (kind !== ':' && kind !== '=' && kind !== '.')) return { cp: p[j]!.codePointAt(0)!, next: j + 1 };
    let end = j + 2;
    while (end < p.length && !(p[end] === kind && p[end + 1] === ']')) end++;
    if (end >= p.length) throw new SyntaxFailure(UNMATCHED_BRACKET);
    const name = p.slice(j + 2, end).join('');
    if (kind === ':') {
      const ranges = POSIX_CLASSES[name];
      if (!ranges) throw new SyntaxFailure('Invalid character class name');
      return { ranges, next: end + 2 };
    }
    if ([...name].length !== 1) throw new SyntaxFailure('Invalid collation character');
    return { cp: name.codePointAt(0)!, next: end + 2 };
  }
}

/** Parses a BRE or (`extended`) an ERE; group numbers start after `firstGroup` (for several patterns in one tree). */
export function parsePosixRegex(pattern: string, extended: boolean, firstGroup = 0): ParseResult {
  const parser = new PosixParser(Array.from(pattern), extended, firstGroup);
  try {
    const node = parser.parse();
    return { ok: true, node, groups: parser.groupCount, warnings: parser.warnings };
  } catch (err) {
    if (err instanceof SyntaxFailure) return { ok: false, error: err.message };
    throw err;
  }
}

/** A fixed string (grep -F) as a tree. */
export function literalRegex(text: string): RegexNode {
  return { type: 'cat', items: Array.from(text, char) };
}

export function hasBackref(node: RegexNode): boolean {
  switch (node.type) {
    case 'backref':
      return true;
    case 'group':
    case 'repeat':
      return hasBackref(node.body);
    case 'cat':
    case 'alt':
      return node.items.some(hasBackref);
    default:
      return false;
  }
}

/**
 * The tree with each back-reference replaced by its group's pattern: it matches every line the tree matches (a
 * back-reference repeats a text its group matched), so RE2 can reject most lines before the backtracker runs.
 */
export function withoutBackrefs(node: RegexNode): RegexNode {
  const bodies = new Map<number, RegexNode>();
  const walk = (n: RegexNode): RegexNode => {
    switch (n.type) {
      case 'backref':
        return bodies.get(n.index) ?? { type: 'cat', items: [] };
      case 'group': {
        const body = walk(n.body);
        bodies.set(n.index, body);
        return { ...n, body };
      }
      case 'repeat':
        return { ...n, body: walk(n.body) };
      case 'cat':
      case 'alt':
        return { ...n, items: n.items.map(walk) };
      default:
        return n;
    }
  };
  return walk(node);
}

/**
 * Whether the first (or `last`) character of every match of the node is a word character. With -i, `k` and `s` do
 * not count, nor do sets: RE2 folds them to the Kelvin sign and the long s, which are not word characters.
 */
function edgeIsWord(n: RegexNode, last: boolean, ignoreCase: boolean): boolean {
  switch (n.type) {
    case 'char':
      return isWordCode(n.cp) && !(ignoreCase && /[ksKS]/.test(String.fromCodePoint(n.cp)));
    case 'set':
      return !ignoreCase && !n.negate && n.ranges.every(([lo, hi]) => WORD.some(([a, b]) => lo >= a && hi <= b));
    case 'group':
      return edgeIsWord(n.body, last, ignoreCase);
    case 'repeat':
      return n.min >= 1 && edgeIsWord(n.body, last, ignoreCase);
    case 'alt':
      return n.items.every((item) => edgeIsWord(item, last, ignoreCase));
    case 'cat': {
      const item = (last ? [...n.items].reverse() : n.items).find((i) => i.type !== 'assert');
      return item !== undefined && edgeIsWord(item, last, ignoreCase);
    }
    default:
      return false;
  }
}

/**
 * The tree with word edges that RE2 says with lookbehind (slow: it leaves RE2's DFA) written as `\b` where that
 * means the same: `\<` and -w's start before a word character, `\>` and -w's end after one. `-w name` becomes
 * `\bname\b`.
 */
export function withPlainWordEdges(node: RegexNode, ignoreCase: boolean): RegexNode {
  switch (node.type) {
    case 'group':
    case 'repeat':
      return { ...node, body: withPlainWordEdges(node.body, ignoreCase) };
    case 'alt':
      return { ...node, items: node.items.map((i) => withPlainWordEdges(i, ignoreCase)) };
    case 'cat': {
      const items = node.items.map((i) => withPlainWordEdges(i, ignoreCase));
      const neighbour = (k: number, step: number) => {
        for (let j = k + step; j >= 0 && j < items.length; j += step) if (items[j]!.type !== 'assert') return items[j];
        return undefined;
      };
      return {
        ...node,
        items: items.map((item, k) => {
          if (item.type !== 'assert') return item;
          const starts = item.kind === 'word-start' || item.kind === 'not-word-before';
          const ends = item.kind === 'word-end' || item.kind === 'not-word-after';
          const next = starts ? neighbour(k, 1) : ends ? neighbour(k, -1) : undefined;
          return next && edgeIsWord(next, ends, ignoreCase) ? assert('word-boundary') : item;
        }),
      };
    }
    default:
      return node;
  }
}

/**
 * The longest text that every match of the tree contains (zero-width assertions do not break it: `\<foo\>` gives
 * `foo`), or '' when there is none: a line without it cannot match, and `includes` finds that out fastest.
 */
export function requiredLiteral(node: RegexNode): string {
  let best = '';
  const keep = (s: string) => {
    if (s.length > best.length) best = s;
  };
  /** The exact text the node matches when it is a literal, else null (its own required parts are kept). */
  const exact = (n: RegexNode): string | null => {
    switch (n.type) {
      case 'char':
        return String.fromCodePoint(n.cp);
      case 'assert':
        return '';
      case 'group':
        return exact(n.body);
      case 'cat': {
        let run = '';
        let literal = true;
        for (const item of n.items) {
          const e = exact(item);
          if (e !== null) {
            run += e;
            continue;
          }
          keep(run);
          run = '';
          literal = false;
        }
        keep(run);
        return literal ? run : null;
      }
      case 'repeat': {
        const e = n.min >= 1 ? exact(n.body) : null;
        if (e !== null) keep(e);
        return null;
      }
      default:
        return null;
    }
  };
  const whole = exact(node);
  if (whole !== null) keep(whole);
  return best;
}

const hex = (cp: number) => `\\x{${cp.toString(16)}}`;
const RE2_WORD = '[0-9A-Za-z_]';
/** RE2 has `\b` and `\B` and (with re2js's LOOKBEHINDS flag) lookbehind, but no lookahead: each edge is said with those. */
export const RE2_ASSERT: Readonly<Record<AssertKind, string>> = {
  bol: '^',
  eol: '$',
  'word-boundary': '\\b',
  'not-word-boundary': '\\B',
  'word-start': `\\b(?<!${RE2_WORD})`,
  'word-end': `\\b(?<=${RE2_WORD})`,
  'not-word-before': `(?<!${RE2_WORD})`,
  'not-word-after': `(?:(?<=${RE2_WORD})\\b|(?<!${RE2_WORD})\\B)`,
};

function quantifier(min: number, max: number): string {
  if (max === Infinity) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

/** The tree in RE2 syntax (re2js); every character but ASCII letters and digits is written as `\x{...}`. */
export function toRe2Source(node: RegexNode): string {
  switch (node.type) {
    case 'char':
      return /^[A-Za-z0-9]$/.test(String.fromCodePoint(node.cp)) ? String.fromCodePoint(node.cp) : hex(node.cp);
    case 'any':
      return '.';
    case 'set':
      return `[${node.negate ? '^' : ''}${node.ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('')}]`;
    case 'assert':
      return RE2_ASSERT[node.kind];
    case 'group':
      return `(${toRe2Source(node.body)})`;
    case 'cat':
      return node.items.map(toRe2Source).join('');
    case 'alt':
      return `(?:${node.items.map(toRe2Source).join('|')})`;
    case 'repeat':
      return `(?:${toRe2Source(node.body)})${quantifier(node.min, node.max)}`;
    case 'backref':
      throw new Error('RE2 has no back-references: match this tree with the backtracker');
  }
}
