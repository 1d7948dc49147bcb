import { describe, expect, it } from 'vitest';
import { StepBudget, StepLimitExceeded } from '../../../../src/core/episode/shell/backtrack';
import { compileGrepPatterns, type GrepSyntax, type LineMatcher } from '../../../../src/core/episode/shell/matcher';
import { parsePosixRegex, requiredLiteral, toRe2Source, withoutBackrefs, withPlainWordEdges, type RegexNode } from '../../../../src/core/episode/shell/regex';

/** The pieces behind grep's matching: the tree's rewrites for RE2, and the backtracker's budget. */

function tree(pattern: string, extended = false): RegexNode {
  const r = parsePosixRegex(pattern, extended);
  if (!r.ok) throw new Error(r.error);
  return r.node;
}

function matcher(pattern: string, syntax: Partial<GrepSyntax> = {}, budget = new StepBudget(10_000_000)): LineMatcher {
  const c = compileGrepPatterns([pattern], { dialect: 'basic', ignoreCase: false, word: false, line: false, ...syntax }, budget);
  if (!c.ok) throw new Error(c.error);
  return c.matcher;
}

describe('rewrites of the pattern tree', () => {
  it('finds the text every match must contain', () => {
    expect(requiredLiteral(tree('def '))).toBe('def ');
    expect(requiredLiteral(tree('\\<foo\\>'))).toBe('foo');
    expect(requiredLiteral(tree('self\\.[a-z_]*('))).toBe('self.');
    expect(requiredLiteral(tree('ab*cde'))).toBe('cde');
    expect(requiredLiteral(tree('\\(abc\\)\\{2\\}x'))).toBe('abc');
    expect(requiredLiteral(tree('foo\\|bar'))).toBe('');
    expect(requiredLiteral(tree('x*'))).toBe('');
  });

  it('says word edges next to word characters with \\b, leaving lookbehind for the rest', () => {
    expect(toRe2Source(withPlainWordEdges(tree('\\<foo\\>'), false))).toBe('\\bfoo\\b');
    expect(toRe2Source(withPlainWordEdges(tree('\\<[A-Z_]\\{3,\\}\\>'), false))).not.toContain('(?<');
    expect(toRe2Source(withPlainWordEdges(tree('\\<.x'), false))).toContain('(?<');
    // -i folds k to the Kelvin sign, which is no word character.
    expect(toRe2Source(withPlainWordEdges(tree('\\<ko'), true))).toContain('(?<');
    expect(toRe2Source(withPlainWordEdges(tree('\\<ko'), false))).toBe('\\bko');
  });

  it('replaces each back-reference by its group for the RE2 prefilter', () => {
    expect(toRe2Source(withoutBackrefs(tree('\\(a[bc]\\)x\\1')))).toBe('(a[\\x{62}-\\x{63}])xa[\\x{62}-\\x{63}]');
  });
});

describe('the backtracker', () => {
  it('stops an exponential match when the step budget runs out', () => {
    const m = matcher('^\\(a\\|a\\)*\\(b\\|c\\)d\\2$', {}, new StepBudget(100_000));
    expect(() => m.test(`${'a'.repeat(40)}bdc`)).toThrow(StepLimitExceeded);
  });

  it('lets the shell look at its clock while it runs', () => {
    let ticks = 0;
    const m = matcher('^\\(a\\|a\\)*\\(b\\|c\\)d\\2$', {}, new StepBudget(1_000_000, () => ticks++));
    expect(() => m.test(`${'a'.repeat(40)}bdc`)).toThrow(StepLimitExceeded);
    expect(ticks).toBe(Math.floor(1_000_000 / 65_536));
  });

  it('matches very long lines without recursion', () => {
    const line = `${'x'.repeat(200_000)}abab`;
    expect(matcher('x*\\(ab\\)\\1$').test(line)).toBe(true);
    expect(matcher('x*\\(ab\\)\\1$').matches(line)).toEqual([line]);
  });

  it('ends loops whose body matched nothing, keeping what they captured', () => {
    expect(matcher('\\(a*\\)*b\\1').test('baaa')).toBe(true);
    expect(matcher('\\(a*\\)*\\1c').matches('aaac')).toEqual(['aaac']);
  });
});
