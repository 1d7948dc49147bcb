import { beforeAll, describe, expect, it } from 'vitest';
import type { FileExtraction } from '../../../src/core/index/indexer';
import { cleandoc, evaluateStringLiteral } from '../../../src/core/index/python/docstring';
import { extractPython } from '../../../src/core/index/python/extract';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { loadTreeSitterNode } from '../../../src/node/wasm';

let ts: TreeSitter;
beforeAll(async () => {
  ts = await loadTreeSitterNode(['python']);
});

function extract(source: string, path = 'm.py', first = 0): FileExtraction & { hasError: boolean } {
  const tree = ts.parser('python').parse(source)!;
  try {
    const x = extractPython(tree, path, source, first);
    return { ...x, hasError: tree.rootNode.hasError || x.rejected === true };
  } finally {
    tree.delete();
  }
}

const byName = (x: FileExtraction, q: string) => x.definitions.find((d) => d.qualifiedName === q)!;

describe('python definitions', () => {
  const src = [
    '@deco(1)', //                                   0
    '@other', //                                     1
    'async def top(a, b: int = 2, *args, **kw) -> "C":', // 2
    '    """Top.', //                                3
    '', //                                           4
    '        indented', //                           5
    '    """', //                                    6
    '    def inner():', //                           7
    '        def deepest(): pass', //                8
    '        return deepest', //                     9
    '    return inner', //                          10
    '    # a trailing comment is not part of the body', // 11
    '', //                                          12
    'class C(Base, mod.Mixin, metaclass=Meta):', // 13
    '    "a" \'b\'', //                              14
    '    def m(self):', //                          15
    '        pass', //                              16
    '    if True:', //                              17
    '        def cond(self):', //                   18
    '            return (1 +', //                   19
    '                    2)', //                    20
    '', //                                          21
  ].join('\n');

  it('records lines, decorators, qualified names, parents and nesting depth', () => {
    const x = extract(src, 'm.py', 10);
    const top = byName(x, 'top');
    expect(top).toMatchObject({ id: 10, type: 'function', lineStart: 2, lineEnd: 10, decoratorLine: 0, parent: null, isMethod: false, astDepth: 1 });
    expect(top.signature).toBe('async def top(a, b: int = 2, *args, **kw) -> "C"');
    expect(byName(x, 'top.<locals>.inner')).toMatchObject({ lineStart: 7, lineEnd: 9, decoratorLine: 7, parent: 10, astDepth: 2 });
    expect(byName(x, 'top.<locals>.inner.<locals>.deepest')).toMatchObject({ lineStart: 8, lineEnd: 8, astDepth: 3 });
    const c = byName(x, 'C');
    expect(c).toMatchObject({ type: 'class', lineStart: 13, lineEnd: 20, bases: ['Base', 'mod.Mixin'] });
    expect(byName(x, 'C.m')).toMatchObject({ isMethod: true, parent: c.id, astDepth: 2 });
    // A def under `if` in a class body is still a method, one ast level deeper.
    expect(byName(x, 'C.cond')).toMatchObject({ isMethod: true, lineEnd: 20, astDepth: 3 });
  });

  it('reads docstrings like ast.get_docstring (cleandoc, implicit concatenation)', () => {
    const x = extract(src);
    expect(byName(x, 'top').docstring).toEqual({ text: 'Top.\n\nindented', lineStart: 3, lineEnd: 6 });
    expect(byName(x, 'C').docstring).toEqual({ text: 'ab', lineStart: 14, lineEnd: 14 });
    expect(byName(x, 'C.m').docstring).toBeNull();
  });

  it('rejects what Python does not count as a docstring', () => {
    const x = extract(
      [
        'def f1():\n    f"x{1}"',
        'def f2():\n    b"bytes"',
        'def f3():\n    ""',
        'def f4():\n    x = "not first"',
        'def f5():\n    # comment first\n    r"""raw \\n kept"""',
        'def f6():\n    ("paren" "thesised")',
        'def f7():\n    "esc\\taped\\x41\\u00e9"',
      ].join('\n'),
    );
    const doc = (n: string) => byName(x, n).docstring?.text ?? null;
    expect([doc('f1'), doc('f2'), doc('f3'), doc('f4')]).toEqual([null, null, null, null]);
    expect(doc('f5')).toBe('raw \\n kept');
    expect(doc('f6')).toBe('parenthesised');
    // cleandoc expands tabs to 8 columns, as Python does.
    expect(doc('f7')).toBe('esc     aped\x41\u00e9');
  });
});

describe('python string literals and cleandoc', () => {
  it('evaluates prefixes and escapes', () => {
    expect(evaluateStringLiteral("'a\\'b'")).toBe("a'b");
    expect(evaluateStringLiteral('U"\\101\\n"')).toBe('A\n');
    expect(evaluateStringLiteral('Rb"x"')).toBeNull();
    expect(evaluateStringLiteral('"line\\\ncontinued"')).toBe('linecontinued');
    expect(evaluateStringLiteral('"\\q"')).toBe('\\q');
  });
  it('cleans like inspect.cleandoc', () => {
    expect(cleandoc('  First\n      second\n    third\n\n')).toBe('First\n  second\nthird');
    expect(cleandoc('\n\tTabbed\n')).toBe('Tabbed');
  });
});

describe('python imports and __all__', () => {
  it('binds every import form, at module and function level', () => {
    const x = extract(
      [
        'import a.b', //                    0
        'import a.b as c, d', //            1
        'from . import x', //               2
        'from ..m import y as z, w', //     3
        'from m import *', //               4
        'try:', //                          5
        '    from fast import speed', //    6
        'except ImportError:', //           7
        '    from slow import speed', //    8
        'def f():', //                      9
        '    from pkg.sub import g', //    10
        '__all__ = ["f", \'speed\']', //   11
        '__all__ += ("z",)', //            12
      ].join('\n'),
    );
    const rows = x.imports.map((i) => [i.local, i.module, i.imported, i.line, i.scope]);
    expect(rows).toEqual([
      ['a', 'a.b', null, 0, null],
      ['c', 'a.b', null, 1, null],
      ['d', 'd', null, 1, null],
      ['x', '.', 'x', 2, null],
      ['z', '..m', 'y', 3, null],
      ['w', '..m', 'w', 3, null],
      ['*', 'm', '*', 4, null],
      ['speed', 'fast', 'speed', 6, null],
      ['speed', 'slow', 'speed', 8, null],
      ['g', 'pkg.sub', 'g', 10, 0],
    ]);
    expect(x.exports).toEqual(['f', 'speed', 'z']);
  });
});

describe('python call sites', () => {
  it('records the final name position, the form, the enclosing definition and decorator calls', () => {
    const x = extract(
      [
        '@register(make())', //                        0
        'def target(x=default()):', //                  1
        '    f(a.b.c(), key=g())', //                  2
        '    obj.method().other()', //                  3
        '    get()()', //                               4
        '    items[0]()', //                            5
        '    lam = lambda: h()', //                     6
        '    return [k(i) for i in range(3)]', //       7
        'top_level()', //                               8
      ].join('\n'),
    );
    const rows = x.calls.map((c) => [c.name, c.form, c.line, c.column, c.enclosing, c.inDecorator]);
    // Order: Python's ast.NodeVisitor (a def's args, body, then decorators; a call's args before its keywords).
    expect(rows).toEqual([
      ['default', 'name', 1, 13, null, false],
      ['f', 'name', 2, 4, 0, false],
      ['c', 'attribute', 2, 10, 0, false],
      ['g', 'name', 2, 19, 0, false],
      ['other', 'attribute', 3, 17, 0, false],
      ['method', 'attribute', 3, 8, 0, false],
      ['', 'other', 4, 4, 0, false],
      ['get', 'name', 4, 4, 0, false],
      ['', 'other', 5, 4, 0, false],
      ['h', 'name', 6, 18, 0, false],
      ['k', 'name', 7, 12, 0, false],
      ['range', 'name', 7, 26, 0, false],
      ['register', 'name', 0, 1, 0, true],
      ['make', 'name', 0, 10, 0, true],
      ['top_level', 'name', 8, 0, null, false],
    ]);
    expect(x.calls[4]!.callee).toBe('obj.method().other');
  });

  it('visits a conditional expression test first and dict keys before values, like ast', () => {
    const x = extract('def t():\n    a() if b() else c()\n    {k1(): v1(), k2(): v2()}\n');
    expect(x.calls.map((c) => c.name)).toEqual(['b', 'a', 'c', 'k1', 'k2', 'v1', 'v2']);
  });
});

describe('files Python rejects', () => {
  it('indexes what tree-sitter recovers from a syntax error and marks the file', () => {
    const x = extract('def ok():\n    return helper()\n\ndef broken(:\n    pass\n\nclass After:\n    def m(self):\n        pass\n');
    expect(x.hasError).toBe(true);
    expect(x.definitions.map((d) => d.qualifiedName)).toContain('ok');
    expect(x.definitions.map((d) => d.qualifiedName)).toContain('After.m');
    expect(x.calls.map((c) => c.name)).toContain('helper');
  });

  it('marks Python 2 print statements, which CPython 3 rejects', () => {
    expect(extract('def f():\n    print "hi"\n').hasError).toBe(true);
    expect(extract('def f():\n    print("hi")\n').hasError).toBe(false);
  });
});
