import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { pythonIndentationError } from '../../../src/core/lang/profiles/python-indent';
import { pythonStdlib } from '../../data';

/**
 * The indentation check against CPython itself (Pyodide's, in this process): hand-made cases of every kind of
 * indentation edit, then thousands of random re-indentations of real standard-library files, each compiled by
 * CPython and checked by us.
 */

let py: PyodideInterface;
beforeAll(async () => {
  py = await loadPyodide();
  py.runPython(`
def _indent_verdict(src):
    try:
        compile(src, "<edit>", "exec", dont_inherit=True)
        return ["ok", 0]
    except TabError as e:
        return ["TabError", e.lineno or 0]
    except IndentationError as e:
        kind = "IndentationError" if "unindent does not match" in str(e.msg) else "other"
        return [kind, e.lineno or 0]
    except SyntaxError as e:
        return ["other", e.lineno or 0]
    except (ValueError, MemoryError, RecursionError):
        return ["other", 0]
`);
}, 60_000);

function cpython(src: string): { kind: string; line: number } {
  const fn = py.globals.get('_indent_verdict') as (s: string) => { toJs(): [string, number]; destroy(): void };
  const r = fn(src);
  const [kind, line] = r.toJs();
  r.destroy();
  return { kind, line };
}

function ours(src: string): { kind: string; line: number } {
  const e = pythonIndentationError(src);
  return e ? { kind: e.kind, line: e.line } : { kind: 'ok', line: 0 };
}

const CASES: Record<string, string> = {
  spaces: 'def f():\n    x = 1\n    return x\n',
  tabs: 'def f():\n\tx = 1\n\treturn x\n',
  'one body line re-indented with a tab': 'def f():\n    """Doc."""\n\treturn 1\n',
  'tab after spaces at the same column': 'def f():\n        x = 1\n\treturn x\n',
  'docstring in spaces, body in tabs': 'def f():\n    """Doc."""\n\tx = 1\n',
  'tab-indented file, tab docstring': 'class A:\n\tdef f(self):\n\t\t"""Doc."""\n\t\treturn 1\n',
  'spaces then tab deeper': 'if x:\n    if y:\n    \tz = 1\n',
  'tab then spaces deeper': 'if x:\n\tif y:\n\t    z = 1\n',
  'dedent between levels': 'if x:\n        a = 1\n    b = 2\n',
  'dedent to a tab level in spaces': 'if x:\n\tif y:\n\t\ta = 1\n        b = 2\n',
  'comment line with a tab is not measured': 'def f():\n    x = 1\n\t# a comment\n    return x\n',
  'blank line with a tab is not measured': 'def f():\n    x = 1\n\t\n    return x\n',
  'continuation line in brackets with a tab': 'def f():\n    x = [1,\n\t2]\n    return x\n',
  'backslash continuation with a tab': 'def f():\n    x = 1 + \\\n\t2\n    return x\n',
  'tab inside a triple-quoted string': 'def f():\n    s = """a\n\tb\n"""\n    return s\n',
  'tab inside a triple-quoted f-string field': 'def f():\n    s = f"""{\n\t1}"""\n    return s\n',
  'nested f-string quotes (PEP 701)': 'def f():\n    s = f"{"a" + f"{1}"}"\n\treturn s\n',
  'format spec with a quote fill': 'def f():\n    s = f"{x:\'>10}"\n\treturn s\n',
  'raw string with an escaped quote': 'def f():\n    s = r"\\""\n\treturn s\n',
  'form feed resets the column': 'def f():\n    x = 1\n\f    return x\n',
  'CRLF line ends': 'def f():\r\n    x = 1\r\n\treturn x\r\n',
};

describe('pythonIndentationError agrees with CPython', () => {
  for (const [name, src] of Object.entries(CASES)) {
    it(name, () => {
      const want = cpython(src);
      // The hand-made cases are all tokenizer-level: CPython either accepts them or raises one of the two errors.
      expect(want.kind).not.toBe('other');
      expect(ours(src)).toEqual(want);
    });
  }

  it('the cases cover acceptance and both errors', () => {
    const kinds = new Set(Object.values(CASES).map((s) => cpython(s).kind));
    expect([...kinds].sort()).toEqual(['IndentationError', 'TabError', 'ok']);
  });

  it('on random re-indentations of real standard-library files', () => {
    const dir = pythonStdlib();
    const files = ['json', 'email', 'asyncio', 'unittest']
      .flatMap((pkg) => readdirSync(join(dir, pkg)).map((f) => join(dir, pkg, f)))
      .filter((f) => f.endsWith('.py'))
      .slice(0, 60);
    expect(files.length).toBeGreaterThan(40);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const edits: ((indent: string) => string)[] = [
      (w) => w.replace(/ {8}/, '\t'),
      (w) => w.replace(/ {4}/g, '\t'),
      (w) => `\t${w}`,
      (w) => `${w}\t`,
      (w) => w.replace(/^ {4}/, '\t    '),
      (w) => w.slice(1),
    ];
    const seen = new Map<string, number>();
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (cpython(text).kind !== 'ok') continue;
      const lines = text.split('\n');
      const indented = lines.flatMap((l, i) => (/^ +\S/.test(l) ? [i] : []));
      for (let k = 0; k < 12 && indented.length; k++) {
        const at = indented[rand(indented.length)]!;
        const line = lines[at]!;
        const ws = /^ */.exec(line)![0];
        const edited = [...lines];
        edited[at] = edits[rand(edits.length)]!(ws) + line.slice(ws.length);
        const src = edited.join('\n');
        const want = cpython(src);
        const got = ours(src);
        seen.set(want.kind, (seen.get(want.kind) ?? 0) + 1);
        compared++;
        if (want.kind === 'other') {
          // A parser error came first: CPython stops there, so ours may only report a later line, or nothing.
          if (got.kind !== 'ok') expect(got.line, `${file}:${at + 1}`).toBeGreaterThanOrEqual(want.line);
        } else expect(got, `${file}:${at + 1} ${JSON.stringify(edited[at])}`).toEqual(want);
      }
    }
    expect(compared).toBeGreaterThan(400);
    // Both outcomes occur often enough for the comparison to mean something.
    expect(seen.get('ok') ?? 0).toBeGreaterThan(50);
    expect(seen.get('TabError') ?? 0).toBeGreaterThan(50);
  }, 120_000);
});
