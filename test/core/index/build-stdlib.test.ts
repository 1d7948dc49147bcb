import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
import type { Definition, RepoIndex } from '../../../src/core/index/types';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { PYTHON, pythonStdlib } from '../../data';

/**
 * Cross-check against CPython's own `ast` on real code (Debian's Python 3.11 sources): every definition's
 * lineno / end_lineno / decorator line / ast.get_docstring, in ast.walk order, must equal ours.
 */
const LIB = pythonStdlib();
const PACKAGES = ['json', 'email', 'http', 'logging', 'asyncio', 'importlib'];
const available = PYTHON !== undefined;
if (!available) console.warn("skipping the index check against CPython's ast: no python3 on this machine");

const AST_DUMP = `
import ast, json, sys
out = {}
for path in sys.argv[2:]:
    src = open(path, encoding='utf-8').read()
    tree = ast.parse(src)
    rows = []
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            rows.append([n.name, n.lineno - 1, n.end_lineno - 1,
                         (n.decorator_list[0].lineno - 1) if n.decorator_list else n.lineno - 1,
                         ast.get_docstring(n) or None])
    out[path[len(sys.argv[1]) + 1:]] = rows
print(json.dumps(out))
`;

type Row = [string, number, number, number, string | null];

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== '__pycache__') out.push(...pyFiles(p));
    } else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

describe.skipIf(!available)(`index of ${LIB} packages vs CPython ast (skipped when ${LIB} or python3 is missing)`, () => {
  let expected: Record<string, Row[]>;
  let index: RepoIndex;
  let paths: string[];

  beforeAll(async () => {
    paths = PACKAGES.flatMap((p) => (existsSync(join(LIB, p)) ? pyFiles(join(LIB, p)) : []));
    expected = JSON.parse(execFileSync(PYTHON!, ['-c', AST_DUMP, LIB, ...paths], { maxBuffer: 256 << 20 }).toString('utf8'));
    const files = paths.map((p) => ({ path: relative(LIB, p), text: readFileSync(p, 'utf8') }));
    index = await buildIndex(files, await loadTreeSitterNode(['python']));
  }, 60_000);

  it('indexes every file without parse errors', () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(index.stats.files).toBe(paths.length);
    expect(index.files.filter((f) => f.hasError).map((f) => f.path)).toEqual([]);
  });

  it('has exactly the definitions of ast.walk, with the same lines, decorator lines and docstrings', () => {
    let compared = 0;
    for (const file of index.files) {
      const ours = file.definitionIds
        .map((id) => index.definitions[id]!)
        .sort((a, b) => a.astDepth! - b.astDepth! || a.lineStart - b.lineStart)
        .map((d: Definition): Row => [d.name, d.lineStart, d.lineEnd, d.decoratorLine, d.docstring?.text ?? null]);
      expect(ours, file.path).toEqual(expected[file.path]);
      compared += ours.length;
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('keeps every definition inside its file and its docstring inside the definition', () => {
    for (const file of index.files) {
      for (const id of file.definitionIds) {
        const d = index.definitions[id]!;
        expect(d.decoratorLine).toBeLessThanOrEqual(d.lineStart);
        expect(d.lineEnd).toBeGreaterThanOrEqual(d.lineStart);
        expect(d.lineEnd).toBeLessThan(file.lines);
        if (d.docstring) {
          expect(d.docstring.lineStart).toBeGreaterThan(d.lineStart - 1);
          expect(d.docstring.lineEnd).toBeLessThanOrEqual(d.lineEnd);
        }
        if (d.parent !== null) {
          const p = index.definitions[d.parent]!;
          expect(p.lineStart <= d.lineStart && d.lineEnd <= p.lineEnd).toBe(true);
        }
      }
    }
  });
});
