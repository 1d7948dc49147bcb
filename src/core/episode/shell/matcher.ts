import { RE2JS, RE2JSSyntaxException, type Matcher } from 're2js';
import { BacktrackMatcher, ProgramTooBig, type StepBudget } from './backtrack';
import {
  hasBackref,
  literalRegex,
  parsePosixRegex,
  RE2_ASSERT,
  requiredLiteral,
  toRe2Source,
  withoutBackrefs,
  withPlainWordEdges,
  type RegexNode,
} from './regex';

/**
 * grep's patterns compiled to a line matcher. Everything that RE2 can match goes to re2js, which runs in time linear
 * in the line whatever the pattern (no `(a+)+$` can hang the page); patterns with back-references, which no linear
 * engine can match, go to the backtracker under the command's step budget.
 */

export interface LineMatcher {
  /** Whether some part of the line matches. */
  test(line: string): boolean;
  /** The non-empty matches, left to right, each leftmost-longest: what grep -o prints. */
  matches(line: string): string[];
}

export interface GrepSyntax {
  /** -G (basic, the default), -E, -F, -P. */
  dialect: 'basic' | 'extended' | 'fixed' | 'perl';
  ignoreCase: boolean;
  /** -w */
  word: boolean;
  /** -x */
  line: boolean;
}

export type CompiledPatterns = { ok: true; matcher: LineMatcher; warnings: string[] } | { ok: false; error: string };

/** grep -o's walk: after a match, on from its end; after an empty one, on from the next character. */
function everyMatch(line: string, find: (from: number) => [number, number] | null): string[] {
  const out: string[] = [];
  for (let pos = 0; pos <= line.length;) {
    const m = find(pos);
    if (!m) break;
    const [start, end] = m;
    if (end > start) {
      out.push(line.slice(start, end));
      pos = end;
    } else {
      pos = start + (line.codePointAt(start)! > 0xffff ? 2 : 1);
    }
  }
  return out;
}

/** `tester` answers whether a line matches; `exact`, compiled on first use, finds where (leftmost-longest). */
class Re2Matcher implements LineMatcher {
  private finder: Matcher | null = null;

  constructor(
    private readonly tester: RE2JS,
    private readonly exact: () => RE2JS,
  ) {}

  test(line: string): boolean {
    return this.tester.test(line);
  }

  matches(line: string): string[] {
    const m = (this.finder ??= this.exact().matcher('')).resetMatcherInput(line);
    return everyMatch(line, (pos) => (m.find(pos) ? [m.start(), m.end()] : null));
  }
}

/** The backtracker, behind an RE2 test that rejects the lines it could not match (as GNU grep runs its DFA first). */
class BacktrackLineMatcher implements LineMatcher {
  constructor(
    private readonly bt: BacktrackMatcher,
    private readonly prefilter: RE2JS | null,
  ) {}

  test(line: string): boolean {
    return (this.prefilter?.test(line) ?? true) && this.bt.search(line, 0, false) !== null;
  }

  matches(line: string): string[] {
    if (this.prefilter && !this.prefilter.test(line)) return [];
    return everyMatch(line, (pos) => this.bt.search(line, pos, true));
  }
}

function backtracking(node: RegexNode, groups: number, ignoreCase: boolean, budget: StepBudget): LineMatcher {
  const bt = new BacktrackMatcher(node, groups, ignoreCase, budget);
  let prefilter: RE2JS | null = null;
  try {
    prefilter = re2(withoutBackrefs(node), ignoreCase);
  } catch (err) {
    if (!(err instanceof RE2JSSyntaxException)) throw err; // too big for RE2: the backtracker alone, on its budget
  }
  return new BacktrackLineMatcher(bt, prefilter);
}

/**
 * Passes the lines that hold the text every match needs (`includes` is far faster than any regex engine) to the
 * inner matcher; with `enough`, a line that holds it and passes `enough` matches without asking the inner one.
 */
class LiteralFiltered implements LineMatcher {
  constructor(
    private readonly inner: LineMatcher,
    private readonly holds: (line: string) => boolean,
    private readonly enough: ((line: string) => boolean) | null = null,
  ) {}

  test(line: string): boolean {
    return this.holds(line) && (this.enough?.(line) || this.inner.test(line));
  }

  matches(line: string): string[] {
    return this.holds(line) ? this.inner.matches(line) : [];
  }
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at \x00
const isAscii = (line: string) => /^[\x00-\x7f]*$/.test(line);

/** A pattern that is plain text, matched case-sensitively: `includes` and `indexOf` are all it takes. */
class TextMatcher implements LineMatcher {
  constructor(private readonly text: string) {}

  test(line: string): boolean {
    return line.includes(this.text);
  }

  matches(line: string): string[] {
    const out: string[] = [];
    if (this.text === '') return out;
    for (let at = line.indexOf(this.text); at >= 0; at = line.indexOf(this.text, at + this.text.length)) out.push(this.text);
    return out;
  }
}

/**
 * The matcher behind a test for the tree's required text, case-folded with -i; as it is when there is none. A plain
 * text searched with -i in an ASCII line matches when its lower case is in the line's.
 */
function withLiteralFilter(inner: LineMatcher, node: RegexNode, ignoreCase: boolean, plain: boolean): LineMatcher {
  const text = requiredLiteral(node);
  if (!text) return inner;
  if (!ignoreCase) return new LiteralFiltered(inner, (line) => line.includes(text));
  // RE2 folds case by Unicode's orbits; for ASCII letters these add only the Kelvin sign, which toLowerCase maps to
  // k, and the long s (U+017F), which it leaves alone. Other letters fold in ways not worth repeating here.
  if (!isAscii(text)) return inner;
  const lower = text.toLowerCase();
  const longS = lower.includes('s');
  return new LiteralFiltered(inner, (line) => line.toLowerCase().includes(lower) || (longS && line.includes('\u017f')), plain ? isAscii : null);
}

/** The tree compiled by RE2, with the flags it needs (and `extra` ones). */
function re2(node: RegexNode, ignoreCase: boolean, extra = 0): RE2JS {
  const source = toRe2Source(withPlainWordEdges(node, ignoreCase));
  return RE2JS.compile(source, re2Flags(source, ignoreCase) | extra);
}

function lineMatcher(node: RegexNode, groups: number, ignoreCase: boolean, budget: StepBudget): LineMatcher {
  const plain = node.type === 'char' || (node.type === 'cat' && node.items.every((i) => i.type === 'char'));
  if (plain && !ignoreCase) return new TextMatcher(requiredLiteral(node));
  const inner = hasBackref(node)
    ? backtracking(node, groups, ignoreCase, budget)
    : new Re2Matcher(re2(node, ignoreCase), () => re2(node, ignoreCase, RE2JS.LONGEST_MATCH));
  return withLiteralFilter(inner, node, ignoreCase, plain);
}

function re2Flags(source: string, ignoreCase: boolean): number {
  return (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (source.includes('(?<') ? RE2JS.LOOKBEHINDS : 0);
}

/** -P: the patterns are RE2 syntax already (Perl's, less lookahead and back-references). */
function compilePerl(patterns: string[], syntax: GrepSyntax): CompiledPatterns {
  let source = patterns.map((p) => `(?:${p})`).join('|');
  if (syntax.line) source = `^(?:${source})$`;
  else if (syntax.word) source = `${RE2_ASSERT['not-word-before']}(?:${source})${RE2_ASSERT['not-word-after']}`;
  try {
    const flags = re2Flags(source, syntax.ignoreCase) | RE2JS.LOOKBEHINDS;
    const tester = RE2JS.compile(source, flags);
    // Perl's matches are leftmost-first (`a+?` takes one `a`), not POSIX's leftmost-longest.
    return { ok: true, matcher: new Re2Matcher(tester, () => tester), warnings: [] };
  } catch (err) {
    if (!(err instanceof RE2JSSyntaxException)) throw err;
    if (/unsupported Perl syntax: `\(\?[=!>]|invalid escape sequence: `\\[1-9]/.test(err.message)) {
      return {
        ok: false,
        error: '-P: lookahead, atomic groups and back-references are not supported here (patterns are matched by RE2, in linear time); -E has back-references',
      };
    }
    return { ok: false, error: err.message };
  }
}

export function compileGrepPatterns(patterns: string[], syntax: GrepSyntax, budget: StepBudget): CompiledPatterns {
  const lines = patterns.flatMap((p) => p.split('\n'));
  if (syntax.dialect === 'perl') return compilePerl(lines, syntax);
  const nodes: RegexNode[] = [];
  const warnings: string[] = [];
  let groups = 0;
  for (const p of lines) {
    if (syntax.dialect === 'fixed') {
      nodes.push(literalRegex(p));
      continue;
    }
    // Each pattern numbers its own groups: `\1` of the second pattern is its own first group.
    const parsed = parsePosixRegex(p, syntax.dialect === 'extended', groups);
    if (!parsed.ok) return parsed;
    nodes.push(parsed.node);
    warnings.push(...parsed.warnings);
    groups += parsed.groups;
  }
  let node: RegexNode = nodes.length === 1 ? nodes[0]! : { type: 'alt', items: nodes };
  if (syntax.line) node = { type: 'cat', items: [{ type: 'assert', kind: 'bol' }, node, { type: 'assert', kind: 'eol' }] };
  else if (syntax.word) node = { type: 'cat', items: [{ type: 'assert', kind: 'not-word-before' }, node, { type: 'assert', kind: 'not-word-after' }] };
  try {
    return { ok: true, matcher: lineMatcher(node, groups, syntax.ignoreCase, budget), warnings };
  } catch (err) {
    if (err instanceof ProgramTooBig) return { ok: false, error: err.message };
    // RE2 refuses repeats over 1,000 (GNU allows up to 32,767) and programs it finds too large.
    if (err instanceof RE2JSSyntaxException) {
      return { ok: false, error: /repeat|too large/.test(err.message) ? 'Regular expression too big' : 'Invalid regular expression' };
    }
    throw err;
  }
}
