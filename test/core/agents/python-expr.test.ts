import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOutlines, enclosingScopes, members, OUTLINE_PATTERN, topLevel } from '../../../src/core/agents/baseline/outline';
import { bindingsOf, parseAnnotation, parseChain, returnAnnotation, returnExpressions, signature } from '../../../src/core/agents/baseline/python-expr';
import { codeOnly } from '../../../src/core/agents/baseline/python-text';
import type { GrepHit } from '../../../src/core/agents/baseline/observations';
import { pythonStdlib } from '../../data';

describe("the baseline's reading of receivers, bindings and annotations", () => {
  it('reads chains of names, attributes and calls, and nothing else', () => {
    expect(parseChain('self.files().joinpath(path)')).toEqual({
      head: 'self',
      steps: [{ k: 'attr', name: 'files' }, { k: 'call' }, { k: 'attr', name: 'joinpath' }, { k: 'call' }],
    });
    expect(parseChain('await asyncio.open_connection(')).toEqual({ head: 'asyncio', steps: [{ k: 'attr', name: 'open_connection' }, { k: 'call' }] });
    expect(parseChain('a or B()')).toBeNull();
    expect(parseChain('x[0].y')).toBeNull();
  });

  it('reads what an annotation declares', () => {
    expect(parseAnnotation('"Traversable"')).toEqual({ k: 'name', dotted: 'Traversable' });
    expect(parseAnnotation('Optional[abc.Reader]')).toEqual({ k: 'name', dotted: 'abc.Reader' });
    expect(parseAnnotation('Handler | None')).toEqual({ k: 'name', dotted: 'Handler' });
    expect(parseAnnotation('Iterator["Traversable"]')).toEqual({ k: 'items', of: { k: 'name', dotted: 'Traversable' } });
    expect(parseAnnotation('Dict[str, Handler]')).toBeNull();
    expect(parseAnnotation('None')).toBeNull();
  });

  it('finds how a name is bound: assignment, annotated parameter, loop, with', () => {
    const raw = [
      'def f(self, reader: "Reader", n=1):',
      '    conn = self.connect(',
      '        host)',
      '    for item in reader.items():',
      '        pass',
      '    names = [e for e in entries if e]',
      '    with Runner(debug=debug, loop=None) as runner:',
      '        return runner.run(main)',
    ].join('\n');
    const code = codeOnly(raw);
    expect(bindingsOf(code, 'conn', raw)).toEqual([{ kind: 'value', text: 'self.connect(\n        host)' }]);
    expect(bindingsOf(code, 'reader', raw)).toEqual([{ kind: 'annotation', text: '"Reader"' }]);
    expect(bindingsOf(code, 'item', raw)).toEqual([{ kind: 'loop', text: 'reader.items()' }]);
    expect(bindingsOf(code, 'e', raw)).toEqual([{ kind: 'loop', text: 'entries' }]);
    expect(bindingsOf(code, 'runner', raw)).toEqual([{ kind: 'with', text: 'Runner(debug=debug, loop=None)' }]);
    expect(returnExpressions(code)).toEqual(['runner.run(main)']);
  });

  it("reads a def's return annotation across lines and past a body on the colon's line", () => {
    const lines = ['    def joinpath(', '        self, other: Union[str, os.PathLike[str]]', '    ) -> SimplePath: ...  # pragma: no cover'];
    expect(returnAnnotation(signature(lines)!)).toBe('SimplePath');
    expect(signature(['    def joinpath(', '        self, other'])).toBeNull();
    expect(returnAnnotation(signature(['def files(self) -> "Traversable":'])!)).toBe('"Traversable"');
    expect(returnAnnotation(signature(['def f(x): return {1: 2}'])!)).toBeNull();
  });
});

describe("the baseline's outline of a real module (Python 3.11's urllib/request.py)", () => {
  const path = 'urllib/request.py';
  const text = readFileSync(`${pythonStdlib()}/urllib/request.py`, 'utf8');
  const re = new RegExp(OUTLINE_PATTERN);
  // What `grep -nE OUTLINE_PATTERN urllib/request.py` shows.
  const hits: GrepHit[] = text.split('\n').flatMap((t, i) => (re.test(t) ? [{ path, line: i + 1, text: t, context: false }] : []));
  const outline = buildOutlines(hits).get(path)!;

  it('takes a class under a module-level `if` as top level, not as a member of the class above it', () => {
    const https = topLevel(outline, 'HTTPSHandler');
    expect(https?.indent).toBe(4);
    expect(enclosingScopes(outline, https!)).toEqual([]);
    const above = outline.entries.filter((e) => e.kind === 'class' && e.indent === 0 && e.line < https!.line).pop()!;
    expect(members(outline, above).map((m) => m.name)).not.toContain('HTTPSHandler');
  });

  it('keeps module-level assignments and decorators', () => {
    expect(outline.assignments.get('_opener')?.[0]).toMatch(/^=\s*None/);
    const decorated = outline.entries.find((e) => e.decorators.length > 0);
    expect(decorated).toBeDefined();
    expect(decorated!.decoratorLine).toBeLessThan(decorated!.line);
  });
});
