import { describe, expect, it } from 'vitest';
import { blockEnd, callSites, codeOnly, headerEnd, importBindings, moduleFile, paramNames } from '../../../src/core/agents/baseline/python-text';
import { parseInstruction } from '../../../src/core/agents/baseline/instruction';
import { depSearchInstruction, localizeInstruction } from '../../../src/core/tasks/instructions';

describe("the baseline's reading of Python text", () => {
  const src = [
    '@cache(size=3)',
    'def load(fp, *, cls=None,',
    '         hook=make_hook()):',
    '    """Calls in here: fake(1)."""',
    '    # comment(2)',
    '    x = Decoder(fp)',
    '    s = \'skip(3)\' + f"{shown(4)}"',
    '    self.parse(x).strip()',
    '    super().close()',
    '    return mod.sub.run(x, helper(y))',
    '',
    'def other():',
    '    pass',
  ];

  it('finds the header end, the block end and the calls outside strings and comments', () => {
    expect(headerEnd(src, 1)).toBe(2);
    expect(blockEnd(src, 1)).toBe(9);
    expect(blockEnd(src.slice(0, 8), 1)).toBeNull(); // the block goes on past the lines given
    const calls = callSites(codeOnly(src.slice(3, 10).join('\n')));
    expect(calls).toEqual([
      { name: 'Decoder', receiver: null, receiverText: null },
      { name: 'shown', receiver: null, receiverText: null }, // an f-string field is code
      { name: 'parse', receiver: 'self', receiverText: 'self' },
      { name: 'strip', receiver: '?', receiverText: 'self.parse(x)' },
      { name: 'super', receiver: null, receiverText: null },
      { name: 'close', receiver: 'super()', receiverText: 'super()' },
      { name: 'run', receiver: 'mod.sub', receiverText: 'mod.sub' },
      { name: 'helper', receiver: null, receiverText: null },
    ]);
  });

  it('keeps the fields of f-strings as code, and reads receivers that are calls, subscripts or parenthesized', () => {
    const line = `buf.append(f"{prefix}{'a(' if last else 'b'}{pretty(node)} {{lit(1)}}") + rb'no(2)' + x[0].pop() + (a / b).read()`;
    const code = codeOnly(line);
    expect(code).toHaveLength(line.length);
    expect(callSites(code)).toEqual([
      { name: 'append', receiver: 'buf', receiverText: 'buf' },
      { name: 'pretty', receiver: null, receiverText: null },
      { name: 'pop', receiver: '?', receiverText: 'x[0]' },
      { name: 'read', receiver: '?', receiverText: '(a/b)' },
    ]);
  });

  it('finds a header that ends in a body or a comment, and reads parameter names', () => {
    const lines = [
      '    def joinpath(',
      '        self, other: Union[str, os.PathLike[str]]',
      '    ) -> SimplePath: ...  # pragma: no cover',
      '',
      '    def x(self): pass',
    ];
    expect(headerEnd(lines, 0)).toBe(2);
    expect(blockEnd(lines, 0)).toBe(2);
    const commented = ['def read_text(self, encoding: str = "utf-8") -> str:  # type: ignore[override]', '    return self.locate().read_text()', 'x = 1'];
    expect(blockEnd(commented, 0)).toBe(1);
    expect(paramNames('def f(self, a: Dict[str, int] = {}, *args, b=g(1, 2), **kw) -> None:')).toEqual(['self', 'a', 'args', 'b', 'kw']);
  });

  it('reads import bindings (aliases, relative, parenthesized) and maps modules to repo files', () => {
    const b = importBindings('from .decoder import (JSONDecoder,\n    JSONDecodeError as E)\nimport os.path, json.scanner as sc\nfrom . import tool');
    expect(b).toEqual([
      { local: 'JSONDecoder', module: '.decoder', attr: 'JSONDecoder' },
      { local: 'E', module: '.decoder', attr: 'JSONDecodeError' },
      { local: 'os', module: 'os', attr: null },
      { local: 'sc', module: 'json.scanner', attr: null },
      { local: 'tool', module: '.', attr: 'tool' },
    ]);
    const files = new Set(['json/__init__.py', 'json/decoder.py', 'json/tool.py', 'pkg/sub/__init__.py']);
    expect(moduleFile('.decoder', 'json/__init__.py', files)).toBe('json/decoder.py');
    expect(moduleFile('.', 'json/tool.py', files)).toBe('json/__init__.py');
    expect(moduleFile('json.decoder', 'pkg/sub/__init__.py', files)).toBe('json/decoder.py');
    expect(moduleFile('..sub', 'pkg/sub/__init__.py', files)).toBe('pkg/sub/__init__.py');
    expect(moduleFile('requests', 'json/tool.py', files)).toBeNull();
  });

  it('reads both instructions back: the description and name, or the target, file, line and exact comment', () => {
    const u = parseInstruction(localizeInstruction({ workspace: '/workspace/o__r__1', moduleType: 'class', description: 'Holds `x`.', moduleName: 'Box' }));
    expect(u).toEqual({ task: 'localize', root: '/workspace/o__r__1', kind: 'class', description: 'Holds `x`.', name: 'Box' });
    const m = parseInstruction(localizeInstruction({ workspace: '/workspace/o__r__1', moduleType: 'function', description: 'Does y.' }));
    expect(m).toMatchObject({ name: null, kind: 'function' });
    const d = parseInstruction(depSearchInstruction({ workspace: '/workspace/o__r__1', functionName: 'load', file: 'json/__init__.py', lineStart: 277 }));
    expect(d).toEqual({
      task: 'dependencies',
      root: '/workspace/o__r__1',
      name: 'load',
      file: 'json/__init__.py',
      line: 278,
      comment: '# this function/class is called by the load function',
    });
    expect(parseInstruction('Fix the bug.')).toHaveProperty('error');
  });
});
