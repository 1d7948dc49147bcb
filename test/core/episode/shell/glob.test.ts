import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../../src/core/episode/shell/glob';
import { bothShells, type Files, GNU_TOOLS } from './gnu';

/** Globs as bash expands them and find -name matches them, on a folder of awkward names. */

const NAMES = ['a', 'b', 'A', 'ab', 'aB', ']', 'x]', '\\', '-x', 'a.b', '[x', '.hidden', 'a*b', 'a?b', 'long_name.py', 'Ünï'];
const FILES: Files = Object.fromEntries(NAMES.map((n) => [`d/${n}`, `${n}\n`]));

const GLOBS = [
  '*',
  '?',
  '??',
  'a*',
  '*b',
  '*.py',
  'a?b',
  '[ab]',
  '[!ab]',
  '[^ab]',
  '[a-z]',
  '[A-Z]*',
  '[[:alpha:]]',
  '[[:upper:]]*',
  '[[:punct:]]',
  '[[:alpha:][:digit:]]',
  '[[:foo:]]',
  '[]]',
  '[]a]',
  '[!]]',
  'x[]]',
  '[\\]]',
  '[\\\\]',
  '[a-]',
  '[-x]*',
  '[[]x',
  '[x',
  '\\[x',
  'a\\*b',
  'a\\?b',
  '[*]',
  '[[.a.]]',
  '[[=b=]]',
  '[z-a]',
  '*[',
  '[]',
  '[!]',
  '*_*',
  '.*',
  '*i*',
  'Ü*',
  '*[[:lower:]]*[[:lower:]]*',
];

describe.skipIf(!GNU_TOOLS)('globs expand as bash expands them', () => {
  it.each(GLOBS)('echo d/%s', async (glob) => {
    const { real, ours } = await bothShells(FILES, `echo d/${glob}`);
    expect(ours).toEqual(real);
  });
});

describe.skipIf(!GNU_TOOLS)('find -name and -iname match as GNU find does', () => {
  it.each([
    ...GLOBS.map((g) => `-name '${g}'`),
    "-iname 'A*'",
    "-iname '[a]B'",
    "-iname '*[[:upper:]]'",
    "-iname '[[:lower:]]?'",
    "-iname '[!A]*'",
    "-path 'd/*.*'",
    "-ipath 'D/A*'",
  ])('find d %s', async (test) => {
    const { real, ours } = await bothShells(FILES, `find d ${test} | sort`);
    expect(ours).toEqual(real);
  });
});

describe('the glob matcher', () => {
  it('takes time proportional to pattern times name at worst', () => {
    const glob = compileGlob(`${'*a'.repeat(200)}*b`);
    expect(glob.test('a'.repeat(10_000))).toBe(false);
    expect(glob.test(`${'a'.repeat(10_000)}b`)).toBe(true);
  });

  it('compares case-folded with ignoreCase', () => {
    expect(compileGlob('*.PY', { ignoreCase: true }).test('x.py')).toBe(true);
    expect(compileGlob('[A-C]x', { ignoreCase: true }).test('bX')).toBe(true);
    expect(compileGlob('*.PY').test('x.py')).toBe(false);
  });
});
