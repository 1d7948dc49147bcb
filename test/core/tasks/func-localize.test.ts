import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { revealsName } from '../../../src/core/tasks/describe';
import { localizeInstruction } from '../../../src/core/tasks/instructions';
import { generateFuncLocalize, localizationCandidates } from '../../../src/core/tasks/func-localize/generate';
import { localizationTargets, withoutDocstrings } from '../../../src/core/tasks/func-localize/start-state';
import type { RepoMeta } from '../../../src/core/tasks/repo-meta';
import { loadRepo, loadStdlibPackages, PYTHON, STDLIB, stdlibAvailable, TOY_SHOP, type LoadedRepo } from './real-repos';
import { SCORING } from '../../data';

const META: RepoMeta = { repo: 'toy/shop', baseCommit: 'c0ffee'.padEnd(40, '0') };
const FIXTURE_INSTANCE = JSON.parse(readFileSync(resolve(SCORING, 'func-localize.instances.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;

describe('function localization on the toy-shop fixture', () => {
  let repo: LoadedRepo;
  beforeAll(async () => {
    repo = await loadRepo(TOY_SHOP);
  });

  it('gives format_price the same fields as the fixture instance built by the authors (0-based lines of the original file)', () => {
    const all = generateFuncLocalize(repo.index, META, { n: 1000 });
    const fp = all.find((i) => i.module_name === 'format_price')!;
    for (const k of ['file_path', 'module_name', 'module_type', 'module_line_start', 'module_line_end', 'docstring_line_start', 'docstring_line_end']) {
      expect(fp[k as keyof typeof fp], k).toBe(FIXTURE_INSTANCE[k]);
    }
    expect(fp.docstring).toBe('Format an amount as a human-readable price string.\n\nThe amount is shown with two decimals followed by its currency code.');
  });

  it('follows the paper: methods of a documented class become the class; a method of an undocumented class stays itself', () => {
    const names = localizationCandidates(repo.index).map((d) => d.qualifiedName);
    expect(names).toContain('Cart');
    expect(names).toContain('Money');
    expect(names).not.toContain('Cart.total'); // documented, but inside the documented class Cart
    expect(names).not.toContain('Money.add');
    const all = localizationCandidates(repo.index, { selection: 'all' }).map((d) => d.qualifiedName);
    expect(all).toEqual(expect.arrayContaining(['Cart.total', 'Money.add', 'Cart']));
  });

  it('minBodyLines drops a class whose body is only its docstring (deleting it would leave no body)', () => {
    const lax = localizationCandidates(repo.index, { minBodyLines: 0 }).map((d) => d.name);
    const strict = localizationCandidates(repo.index, { minBodyLines: 1 }).map((d) => d.name);
    expect(lax).toContain('CurrencyMismatch');
    expect(strict).not.toContain('CurrencyMismatch');
  });

  it('is deterministic: same repo + seed + options give the same instances; another seed another order', () => {
    const a = generateFuncLocalize(repo.index, META, { n: 5, seed: 7 });
    const b = generateFuncLocalize(repo.index, META, { n: 5, seed: 7 });
    const c = generateFuncLocalize(repo.index, META, { n: 5, seed: 8 });
    expect(a).toEqual(b);
    expect(a.map((i) => i.instance_id)).not.toEqual(c.map((i) => i.instance_id));
    expect(new Set(a.map((i) => i.instance_id)).size).toBe(a.length);
  });

  it('names the target only in the unmasked instruction', () => {
    const [u] = generateFuncLocalize(repo.index, META, { n: 1, seed: 3 });
    const [m] = generateFuncLocalize(repo.index, META, { n: 1, seed: 3, mode: 'masked' });
    expect(u!.instruction).toContain(`Target name: ${u!.module_name}`);
    expect(u!.function_description).toBeTruthy();
    expect(m!.instruction).not.toContain('Target name');
    expect(m!.function_description).toBeUndefined();
    expect(m!.brief_description).toBeTruthy();
  });
});

describe.skipIf(!stdlibAvailable)("function localization on Python 3.11 stdlib packages, checked with CPython's ast", () => {
  let repo: LoadedRepo;
  beforeAll(async () => {
    repo = await loadStdlibPackages(['json', 'email', 'http', 'logging', 'urllib', 'concurrent']);
  }, 60_000);

  /** The authors' candidate pipeline (get_all_func_w_docstrings + get_node_docstring_info) on the same files. */
  const AUTHORS_TARGETS = `
import ast, json, sys
root = sys.argv[1]
out = []
for rel in sys.argv[2:]:
    src = open(root + '/' + rel, encoding='utf-8').read()
    try:
        tree = ast.parse(src)
    except SyntaxError:
        continue
    cands = [n.lineno for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(n)]
    for L in cands:
        for n in ast.walk(tree):
            if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or not ast.get_docstring(n):
                continue
            s, e = n.lineno - 1, n.end_lineno - 1
            d = n.body[0]
            if s <= L <= e:
                out.append([rel, n.name, 'class' if isinstance(n, ast.ClassDef) else 'function', s, e, d.lineno - 1, d.end_lineno - 1, ast.get_docstring(n)])
                break
print(json.dumps(out))
`;

  it("selects exactly the authors' targets (one-line definitions aside), with their lines and cleaned docstrings", () => {
    const ours = localizationCandidates(repo.index);
    const byPkg = new Map<string, string[]>();
    for (const f of repo.files) {
      const pkg = f.path.split('/')[0]!;
      byPkg.set(pkg, [...(byPkg.get(pkg) ?? []), f.path.slice(pkg.length + 1)]);
    }
    const theirs = new Map<string, unknown[]>();
    for (const [pkg, rels] of byPkg) {
      const rows = JSON.parse(execFileSync(PYTHON!, ['-c', AUTHORS_TARGETS, `${STDLIB}/${pkg}`, ...rels], { maxBuffer: 1 << 28 }).toString()) as unknown[][];
      for (const r of rows) {
        const [rel, , , start, , docStart] = r as [string, string, string, number, number, number];
        if (docStart <= start) continue; // a one-line `def f(): """doc"""`: deleting its docstring line would delete code
        theirs.set(`${pkg}/${rel}:${start}`, [`${pkg}/${rel}`, ...r.slice(1)]);
      }
    }
    const mine = new Map(
      ours.map((d) => [
        `${d.file}:${d.lineStart}`,
        [d.file, d.name, d.type, d.lineStart, d.lineEnd, d.docstring!.lineStart, d.docstring!.lineEnd, d.docstring!.text],
      ]),
    );
    expect(mine.size).toBeGreaterThan(300);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [k, v] of mine) expect(v, k).toEqual(theirs.get(k));
  }, 60_000);

  it("every generated instance's start state (docstring lines deleted) still parses with CPython, when the target has a body", () => {
    // A docstring-only body (a target by the authors' rule, so by default) leaves no body: the authors' start state
    // does not parse until a docstring is back. With at least one body line, every start state must.
    const instances = generateFuncLocalize(repo.index, { repo: 'cpython/stdlib', baseCommit: 'a'.repeat(40) }, { n: 150, seed: 11, minBodyLines: 1 });
    expect(instances.length).toBe(150);
    const texts = new Map(repo.files.map((f) => [f.path, f.text]));
    const starts = instances.map((i) => withoutDocstrings(texts.get(i.file_path)!, localizationTargets(i), i.file_path));
    const check = `
import ast, json, sys
bad = []
for i, src in enumerate(json.load(sys.stdin)):
    try:
        ast.parse(src)
    except SyntaxError as e:
        bad.append(i)
print(json.dumps(bad))
`;
    const bad = JSON.parse(execFileSync(PYTHON!, ['-c', check], { input: JSON.stringify(starts), maxBuffer: 1 << 28 }).toString()) as number[];
    expect(bad.map((i) => instances[i]!.instance_id)).toEqual([]);
    // The deleted lines are exactly the docstring: the def line stays, and the next line is the old line after the docstring.
    for (const [k, inst] of instances.entries()) {
      const orig = texts.get(inst.file_path)!.split('\n');
      const start = starts[k]!.split('\n');
      expect(start[inst.module_line_start]).toBe(orig[inst.module_line_start]);
      expect(start[inst.docstring_line_start]).toBe(orig[inst.docstring_line_end + 1]);
    }
  }, 60_000);

  it("respects the options: the authors' selection by default; exclusions, min body lines and the curated preset", () => {
    const meta = { repo: 'x/y', baseCommit: 'b'.repeat(40) };
    const def = generateFuncLocalize(repo.index, meta, { n: 100000 });
    expect(def.some((i) => i.module_name.startsWith('_'))).toBe(true);
    expect(def.some((i) => i.module_line_end === i.docstring_line_end)).toBe(true); // a docstring-only body
    const noPrivate = generateFuncLocalize(repo.index, meta, { n: 100000, excludePrivate: true });
    expect(noPrivate.length).toBeGreaterThan(0);
    expect(noPrivate.every((i) => !i.module_name.startsWith('_'))).toBe(true);
    const long = generateFuncLocalize(repo.index, meta, { n: 100000, minBodyLines: 20 });
    expect(long.length).toBeGreaterThan(0);
    expect(long.length).toBeLessThan(def.length);
    expect(long.every((i) => i.module_line_end - i.docstring_line_end >= 20)).toBe(true);
    expect(long.every((i) => i.difficulty.body_lines >= 20)).toBe(true);
    // The curated preset is the three filters at once, whatever they are set to.
    const curated = generateFuncLocalize(repo.index, meta, { n: 100000, preset: 'curated', excludePrivate: false, minBodyLines: 0 });
    const filtered = generateFuncLocalize(repo.index, meta, { n: 100000, excludePrivate: true, excludeTests: true, minBodyLines: 1 });
    expect(curated).toEqual(filtered);
    expect(curated.length).toBeLessThan(noPrivate.length);
  });

  it('masked descriptions never contain the name or a word part of it, and the instruction does not name it', () => {
    const masked = generateFuncLocalize(repo.index, { repo: 'x/y', baseCommit: 'c'.repeat(40) }, { n: 250, mode: 'masked', seed: 5 });
    expect(masked.length).toBe(250);
    for (const i of masked) {
      expect(revealsName(i.brief_description!, i.module_name), `${i.module_name}: ${i.brief_description}`).toBe(false);
      // The instruction is the fixed template around the description, with no name in it (the template's own words,
      // such as "read", may equal a target's name: they are the same for every target).
      const template = localizeInstruction({ workspace: '/workspace/x', moduleType: i.module_type, description: i.brief_description! });
      expect(i.instruction.replace(/^The repository is at \S+\./, 'The repository is at /workspace/x.')).toBe(template);
      expect(i.description_mode).toBe('masked');
    }
  });

  it('carries difficulty signals: repo size and same-named definitions elsewhere', () => {
    const all = generateFuncLocalize(repo.index, { repo: 'x/y', baseCommit: 'd'.repeat(40) }, { n: 100000 });
    for (const i of all.slice(0, 50)) {
      expect(i.difficulty.repo_lines).toBe(repo.index.stats.lines);
      expect(i.difficulty.same_name_definitions).toBe(repo.index.definitions.filter((d) => d.name === i.module_name).length - 1);
    }
    expect(all.some((i) => i.difficulty.same_name_definitions > 0)).toBe(true);
  });
});
