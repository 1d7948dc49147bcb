import { describe, expect, it } from 'vitest';
import { bothShells, GNU_TOOLS } from './gnu';

/**
 * grep's pattern language against GNU grep 3 (LC_ALL=C): each command runs over one file in real bash and in
 * our shell, and output (stderr, then stdout) and exit status must agree. The cases cover what the translation to RE2
 * and the backtracker must keep: BRE and ERE syntax, bracket expressions, word edges, -i -w -x -o -c -v, several
 * patterns, back-references, and GNU's error and warning messages.
 */

const ASCII =
  [
    'foo bar baz',
    'foobar foo_x xfoo',
    'a+b a*b a?b a{1}b',
    'abab abcabc aA Aa',
    'x=1; y = 22; z==333',
    '  indented\tline',
    '',
    '(paren) [bracket] {brace} a|b',
    'tab\there end$ ^start back\\slash',
    'hello world HELLO World',
    'aaa!',
  ].join('\n') + '\n';
/** Our shell matches characters, as grep does in a UTF-8 locale; in the C locale GNU grep matches bytes, so the
 * cases whose outcome depends on that read `a`, the text without this line. */
const TEXT = `${ASCII}Кириллица and ümlaut\n`;

const CASES = [
  // basic syntax
  "grep 'foo' f",
  "grep -n 'o\\+' f",
  "grep -o 'o\\+' f",
  "grep -o 'a\\?b' f",
  "grep -o 'ab*' f",
  "grep -n '^foo' f",
  "grep -n 'end\\$' f",
  "grep 'a\\|x' f",
  "grep -o '\\(ab\\)*c' f",
  "grep -o 'a\\{2\\}' f",
  "grep -o 'a\\{1,\\}!' f",
  "grep -o 'a\\{,2\\}' f",
  "grep '*' f",
  "grep -o '^*' f",
  "grep -o 'a{1}' f",
  "grep -o '\\{1\\}b' f",
  "grep -o '\\+b' f",
  "grep -o 'a\\}' f",
  "grep -o '\\.' f",
  "grep -o 'x.' f",
  "grep -o '[0-9]\\+' f",
  "grep -c '' f",
  // extended syntax
  "grep -E 'o+' f",
  "grep -oE 'a|ab' f",
  "grep -oE '(ab)+' f",
  "grep -oE 'a{2,3}' f",
  "grep -oE 'a{,2}' f",
  "grep -oE 'a{1' f",
  "grep -oE 'a{x}' f",
  "grep -oE '[[:digit:]]{2,}' f",
  "grep -E '*foo' f",
  "grep -E '+foo|?bar' f",
  "grep -oE '(|a)b' f",
  "grep -E 'foo)' f",
  "grep -oE 'a**' f",
  "grep -E 'a^b' f",
  "grep -E 'x$' f",
  "grep -oE '\\(paren\\)' f",
  // bracket expressions
  "grep -o '[[:upper:]][[:lower:]]*' f",
  "grep -o '[[:space:]]' f | wc -l",
  "grep -o '[[:punct:]]' f",
  "grep -o '[^[:alnum:][:space:]]' a",
  "grep -o '[]a]' f",
  "grep -o '[^]a ]*' f",
  "grep -o '[a-]' f",
  "grep -o '[\\]' f",
  "grep -o '[[.-.]]' f",
  "grep -o '[[=a=]]b' f",
  "grep -o '[x-z]=' f",
  // word edges and anchors
  "grep -o '\\<foo' f",
  "grep -o 'foo\\>' f",
  "grep -o '\\<foo\\>' f",
  "grep -o '\\bfoo\\b' f",
  "grep -o 'o\\B' f",
  "grep -o '\\w\\+' f",
  "grep -o '\\W' a | sort | uniq -c",
  "grep -o '\\s' f | wc -l",
  "grep -o '\\S\\+$' f",
  "grep -o '\\`foo' f",
  'grep "bar\\\\\'" f',
  // options
  'grep -i HELLO f',
  'grep -io hello f',
  'grep -iw world f',
  "grep -io '[[:upper:]]ELLO' f",
  "grep -ic '[^a-z ]' f",
  "grep -io '\\(H\\)ELLO \\(w\\)' f",
  'grep -w foo f',
  'grep -ow foo f',
  "grep -ow 'foo.*' f",
  "grep -w '' f",
  "grep -wc 'o*' f",
  'grep -x foo f',
  "grep -x 'aaa!' f",
  "grep -xE 'aaa!|foo bar baz' f",
  'grep -v o f',
  'grep -vc o f',
  'grep -e foo -e 22 f',
  'grep -oe foo -e 22 -e bar f',
  "grep -F 'a{1}b' f",
  "grep -oF '.' f",
  "grep -Fx 'aaa!' f",
  "grep -Fiw 'HELLO' f",
  'grep -c foo f',
  'grep -l foo f',
  'grep -L nothing f',
  'grep -m1 -n o f',
  "grep -n 'ümlaut' f",
  "grep -o 'Кир' f",
  // back-references
  "grep -o '\\(ab\\)\\1' f",
  "grep -oE '(abc)\\1' f",
  "grep -E '(a)\\1' f",
  "grep -iE '(a)\\1' f",
  "grep -ow '\\(foo\\)\\(bar\\)' f",
  "grep -oE '([a-z])\\1' f",
  "grep -e '\\(b\\)\\1' -e '\\(o\\)\\1' f",
  "grep -ce '\\(z\\)\\1' -e 'x\\(=\\)\\1' f",
  "grep -xE '(a)\\1a!' f",
  "grep -vE '(.)\\1' a",
  "grep -oE '(a|ab)(c|bcd)\\2' f",
  "grep -oE '(a*)\\1!' f",
  "grep -io '\\(l\\)\\1' f",
  // -P: Perl syntax, less what needs backtracking
  "grep -oP '\\d+' f",
  "grep -oP '(?<=x=)\\d' f",
  "grep -oP 'a+?' f",
  "grep -cP 'o{2}' f",
  "grep -wP 'foo' f",
  "grep -xP 'a+!' f",
  "grep -P '(?i)hello world' f",
  "grep -oP '\\bfoo\\w*' f",
  // errors and warnings, worded as GNU words them
  "grep 'a\\{1' f",
  "grep 'a\\{2,1\\}' f",
  "grep -E 'a{2,1}' f",
  "grep -E 'a{}' f",
  "grep 'a\\{1,x\\}' f",
  "grep -E 'a{99999}' f",
  "grep '\\(a\\)\\2' f",
  "grep '\\(a\\1\\)' f",
  "grep -E '(a' f",
  "grep 'a\\)' f",
  "grep '[' f",
  "grep '[a' f",
  "grep '[[:foo:]]' f",
  "grep '[:alpha:]' f",
  "grep '[z-a]' f",
  "grep '[[.ab.]]' f",
  "grep 'a\\' f",
];

describe.skipIf(!GNU_TOOLS)('grep patterns give the output and status of GNU grep', () => {
  it.each(CASES)('%s', async (command) => {
    const { real, ours } = await bothShells({ f: TEXT, a: ASCII }, command);
    expect(ours).toEqual(real);
  });
});

describe('what needs a backtracking engine under -P', () => {
  it.each(["grep -P 'foo(?=bar)' f", "grep -P '(?!x)foo' f", "grep -P '(o)\\1' f"])('is refused with a reason: %s', async (command) => {
    const { ours } = await bothShells({ f: TEXT }, command);
    expect(ours).toEqual({
      output:
        'grep: -P: lookahead, atomic groups and back-references are not supported here (patterns are matched by RE2, in linear time); -E has back-references\n',
      code: 2,
    });
  });
});
