import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
import { dependencySets } from '../../../src/core/index/dependencies';
import type { RepoIndex } from '../../../src/core/index/types';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { calleesOf, indexTree, readTree, type IndexedTree, type ResolvedCall } from './js-support';
import { TOY_SHOP } from '../../data';

/**
 * The JS/TS index on published sources in node_modules. Every concrete edge below was checked by reading the code
 * it names; the invariants check that nothing resolves somewhere a call could not reach.
 */

const JSDIFF = 'node_modules/diff/libesm';
const ZUSTAND = 'node_modules/zustand/esm';
const MINISEARCH = 'node_modules/minisearch/src';
const XTERM = 'node_modules/@xterm/xterm/src';

let ts: TreeSitter;
beforeAll(async () => {
  ts = await loadTreeSitterNode();
});

/** A call resolves only to a definition of its own final name, unless the name is an import alias / default import. */
function checkNamesMatch(files: { path: string; text: string }[], calls: ResolvedCall[], ix: RepoIndex) {
  const locals = new Map(ix.files.map((f) => [f.path, new Set(f.imports.filter((i) => i.imported !== i.local).map((i) => i.local))]));
  const strays = calls.filter((c) => {
    if (!c.target || c.target.name === c.call.name) return false;
    if (c.call.name === 'super' && c.target.name === 'constructor') return false;
    return !(c.call.form !== 'attribute' && locals.get(c.call.file)?.has(c.call.name));
  });
  expect(files.length).toBeGreaterThan(0);
  expect(strays.map((c) => `${c.call.file}:${c.call.line} ${c.call.callee} -> ${c.target!.qualifiedName}`)).toEqual([]);
}

describe('jsdiff 9 (ESM build with .d.ts files)', () => {
  let files: IndexedTree['files'];
  let ix: RepoIndex;
  let calls: ResolvedCall[];
  beforeAll(async () => {
    ({ files, ix, calls } = await indexTree(ts, JSDIFF));
  });

  it('indexes the .js and .d.ts files; one definition per overloaded declaration', () => {
    expect(ix.stats.files).toBe(files.length);
    expect(ix.files.filter((f) => f.path.endsWith('.d.ts')).length).toBeGreaterThan(15);
    const diffLines = ix.definitions.filter((d) => d.name === 'diffLines').map((d) => `${d.file}:${d.lineStart}`);
    expect(diffLines).toEqual(['diff/line.d.ts:11', 'diff/line.js:35']);
    // `export default function (...): T;` without a body is beyond tree-sitter-typescript 0.23: counted, not fatal.
    expect(ix.files.filter((f) => f.hasError).map((f) => f.path)).toEqual(['util/distance-iterator.d.ts']);
  });

  it('resolves calls across modules through instances of subclasses and super', () => {
    // diffLines calls lineDiff.diff, where `const lineDiff = new LineDiff()` and LineDiff extends the default export
    // of ./base.js, which defines diff().
    expect(calleesOf(ix, 'diff/line.js', 'diffLines')).toEqual(['Diff.diff@diff/base.js']);
    expect(calleesOf(ix, 'diff/line.js', 'diffTrimmedLines')).toEqual(['generateOptions@util/params.js', 'Diff.diff@diff/base.js']);
    expect(calleesOf(ix, 'diff/line.js', 'LineDiff.equals')).toEqual(['Diff.equals@diff/base.js']); // super.equals
    expect(calleesOf(ix, 'diff/base.js', 'Diff.diff')).toEqual([
      'Diff.castInput@diff/base.js',
      'Diff.removeEmpty@diff/base.js',
      'Diff.tokenize@diff/base.js',
      'Diff.diffWithOptionsObj@diff/base.js',
    ]);
    expect(calleesOf(ix, 'patch/apply.js', 'applyPatch')).toEqual(['parsePatch@patch/parse.js', 'applyStructuredPatch@patch/apply.js']);
    // The nested diffLinesResultToPatch is called too, but nested definitions are not dependencies.
    expect(calleesOf(ix, 'patch/create.js', 'structuredPatch')).toEqual(['diffLines@diff/line.js', 'splitLines@patch/create.js']);
    expect(calleesOf(ix, 'patch/create.js', 'createTwoFilesPatch')).toEqual(['structuredPatch@patch/create.js', 'formatPatch@patch/create.js']);
  });

  it('never lands on a declaration file or on a definition of another name', () => {
    expect(calls.filter((c) => c.target?.file.endsWith('.d.ts')).map((c) => c.call.callee)).toEqual([]);
    checkNamesMatch(files, calls, ix);
    expect(ix.stats.resolved).toBe(calls.filter((c) => c.target).length);
    expect(ix.stats.resolved).toBeGreaterThan(150);
    expect(ix.stats.ambiguous).toBe(0);
  });
});

describe('zustand 5 (ESM .mjs that imports itself by package name)', () => {
  let files: IndexedTree['files'];
  let ix: RepoIndex;
  let calls: ResolvedCall[];
  beforeAll(async () => {
    ({ files, ix, calls } = await indexTree(ts, ZUSTAND));
  });

  it('resolves module-local calls, arrow-function definitions and nested closures', () => {
    expect(calleesOf(ix, 'vanilla.mjs', 'createStore')).toEqual(['createStoreImpl@vanilla.mjs']);
    expect(calleesOf(ix, 'react.mjs', 'createImpl')).toEqual(['useStore@react.mjs']);
    expect(calleesOf(ix, 'middleware.mjs', 'createJSONStorage.<locals>.persistStorage.getItem')).toEqual(['isPromiseLike@middleware.mjs']);
  });

  it("leaves `import { createStore } from 'zustand/vanilla'` external: a bare specifier", () => {
    const viaPackage = calls.filter((c) => c.call.file === 'react.mjs' && c.call.name === 'createStore');
    expect(viaPackage.length).toBeGreaterThan(0);
    expect(viaPackage.every((c) => c.result.kind === 'unresolved')).toBe(true);
    checkNamesMatch(files, calls, ix);
  });

  it('does not follow an object member a later spread may replace', () => {
    // persist's `options = { partialize, merge, ...baseOptions }`: options.merge() may be the caller's own.
    const viaOptions = calls.filter((c) => c.call.file === 'middleware.mjs' && c.call.callee.startsWith('options.'));
    expect(viaOptions.length).toBeGreaterThan(0);
    expect(viaOptions.filter((c) => c.target).map((c) => c.call.callee)).toEqual([]);
  });
});

describe('minisearch (TypeScript sources with a JavaScript test)', () => {
  let files: IndexedTree['files'];
  let ix: RepoIndex;
  let calls: ResolvedCall[];
  beforeAll(async () => {
    ({ files, ix, calls } = await indexTree(ts, MINISEARCH));
  });

  it('resolves default imports, classes across files and extensionless specifiers', () => {
    expect(ix.stats.filesWithErrors).toBe(0);
    const fuzzy = calls.find((c) => c.call.file === 'SearchableMap/SearchableMap.ts' && c.call.name === 'fuzzySearch')!;
    expect(`${fuzzy.target?.qualifiedName}@${fuzzy.target?.file}`).toBe('fuzzySearch@SearchableMap/fuzzySearch.ts'); // import fuzzySearch from './fuzzySearch'
    const trees = calls.filter((c) => c.call.file === 'SearchableMap/SearchableMap.ts' && c.call.form === 'new' && c.call.name === 'TreeIterator');
    expect(trees.length).toBeGreaterThan(1);
    expect(new Set(trees.map((c) => `${c.target?.qualifiedName}@${c.target?.file}`))).toEqual(new Set(['TreeIterator@SearchableMap/TreeIterator.ts']));
  });

  it('follows instances and static members from the JavaScript test into the TypeScript class', () => {
    const test = calls.filter((c) => c.call.file === 'MiniSearch.test.js' && c.target);
    const targets = new Set(test.map((c) => `${c.call.form} ${c.call.name} -> ${c.target!.qualifiedName}@${c.target!.file}`));
    expect(targets).toContain('new MiniSearch -> MiniSearch@MiniSearch.ts');
    expect(targets).toContain('attribute add -> MiniSearch.add@MiniSearch.ts'); // const ms = new MiniSearch(...); ms.add(...)
    expect(targets).toContain('attribute getDefault -> MiniSearch.getDefault@MiniSearch.ts'); // a static method
    checkNamesMatch(files, calls, ix);
  });
});

describe('xterm.js sources (TypeScript with decorators, namespaces, path aliases)', () => {
  let files: IndexedTree['files'];
  let ix: RepoIndex;
  let calls: ResolvedCall[];
  beforeAll(async () => {
    ({ files, ix, calls } = await indexTree(ts, XTERM));
  }, 60_000);

  it('parses every file and resolves this.m() inside classes', () => {
    expect(ix.stats.files).toBeGreaterThan(100);
    expect(ix.stats.filesWithErrors).toBe(0);
    const target = calls.find((c) => c.call.file === 'browser/AccessibilityManager.ts' && c.call.callee === 'this._refreshRowsDimensions')!;
    expect(target.target?.qualifiedName).toBe('AccessibilityManager._refreshRowsDimensions');
    checkNamesMatch(files, calls, ix);
  });

  it('resolves a function merged with a namespace of the same name to the implementation, not an overload', () => {
    const merged = calls.filter((c) => c.call.file === 'vs/base/common/observableInternal/utils.ts' && c.call.name === 'observableFromEvent');
    expect(merged.length).toBe(3);
    expect(merged.map((c) => c.target && `${c.target.file}:${c.target.lineStart}`)).toEqual(Array(3).fill('vs/base/common/observableInternal/utils.ts:66'));
  });

  it("leaves tsconfig path aliases ('vs/base/common/lifecycle') unresolved rather than guessing", () => {
    // AccessibilityManager extends Disposable imported through a path alias: this._register() is not followed.
    const register = calls.filter((c) => c.call.file === 'browser/AccessibilityManager.ts' && c.call.callee === 'this._register');
    expect(register.length).toBeGreaterThan(3);
    expect(register.every((c) => c.result.kind === 'unresolved')).toBe(true);
  });
});

describe.skipIf(!existsSync(TOY_SHOP))('a mixed Python + JavaScript repo', () => {
  it('gives the Python definitions and dependency sets unchanged', async () => {
    const python = readTree(TOY_SHOP, (p) => p.endsWith('.py'));
    const js = readTree(JSDIFF).map((f) => ({ path: `web/vendor/${f.path}`, text: f.text }));
    const alone = await buildIndex(python, ts, { rootName: 'toy-shop' });
    const mixed = await buildIndex([...python, ...js], ts, { rootName: 'toy-shop' });
    const pythonEdges = (ix: RepoIndex) =>
      ix.definitions
        .filter((d) => d.language === 'python')
        .map((d) => [d.file, d.qualifiedName, d.lineStart, ix.callees[d.id]!.map((c) => `${ix.definitions[c]!.file}:${ix.definitions[c]!.lineStart}`)]);
    expect(pythonEdges(alone).length).toBeGreaterThan(10);
    expect(pythonEdges(mixed)).toEqual(pythonEdges(alone));
    expect(dependencySets(mixed)).toEqual(dependencySets(alone));
    expect(mixed.stats.files).toBe(python.length + js.length);
    // JS edges still exist inside the vendored folder.
    expect(calleesOf(mixed, 'web/vendor/diff/line.js', 'diffLines')).toEqual(['Diff.diff@web/vendor/diff/base.js']);
  });

  it('skips JS files when only the Python grammar is loaded', async () => {
    const pythonOnly = await loadTreeSitterNode(['python']);
    const ix = await buildIndex(
      [
        { path: 'a.py', text: 'def f():\n    return 1\n' },
        { path: 'b.js', text: 'function g() {}\n' },
      ],
      pythonOnly,
    );
    expect(ix.stats).toMatchObject({ files: 1, filesSkipped: 1, definitions: 1 });
  });
});
