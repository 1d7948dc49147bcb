import { beforeAll, describe, expect, it } from 'vitest';
import { extractJs } from '../../../src/core/index/js/extract';
import { cleanJsdoc } from '../../../src/core/index/js/jsdoc';
import type { LanguageId } from '../../../src/core/lang/languages';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { loadTreeSitterNode } from '../../../src/node/wasm';

let ts: TreeSitter;
beforeAll(async () => {
  ts = await loadTreeSitterNode(['javascript', 'typescript', 'tsx']);
});

function extract(source: string, language: LanguageId = 'typescript', path = 'src/m.ts', firstId = 0) {
  const tree = ts.parser(language).parse(source)!;
  try {
    return { ...extractJs(tree, path, language, source, firstId), hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

const byQualified = (x: ReturnType<typeof extract>, q: string) => {
  const d = x.definitions.find((d) => d.qualifiedName === q);
  if (!d) throw new Error(`no ${q} in ${x.definitions.map((d) => d.qualifiedName).join(', ')}`);
  return d;
};

describe('JS/TS definitions', () => {
  const SOURCE = `/**
 * Adds two numbers.
 *
 *   indented example
 * @param a the first
 */
export async function add(a: number, b = 1): Promise<number> {
  function inner() {
    const deeper = () => 1;
    return deeper();
  }
  return a + b + inner();
}

export const double = (x: number): number =>
  add(x, x);

@sealed({ strict: true })
export class Circle<T> extends Shape<T> implements Drawable {
  static unit = () => new Circle();
  private radius = 1;
  constructor(@Inject() private readonly r: number) {
    super();
  }
  @memo()
  @log
  area(): number {
    return 3 * this.radius;
  }
  static create(): Circle<number> { return new Circle(); }
  get size() { return 1; }
  set size(v: number) {}
  #hidden() {}
  abstract draw(): void;
}

const Anon = class extends Base {
  run() {}
};

namespace Geometry {
  export function area() { return 0; }
}

declare function ambient(a: string): void;
declare function ambient(a: number): void;
function overloaded(a: string): string;
function overloaded(a: number): number;
function overloaded(a: any) { return a; }
`;

  it('finds functions, arrows, classes, methods, fields, nested and namespaced ones with qualified names', () => {
    const x = extract(SOURCE);
    expect(x.definitions.map((d) => [d.qualifiedName, d.type, d.isMethod])).toEqual([
      ['add', 'function', false],
      ['add.<locals>.inner', 'function', false],
      ['add.<locals>.inner.<locals>.deeper', 'function', false],
      ['double', 'function', false],
      ['Circle', 'class', false],
      ['Circle.unit', 'function', true],
      ['Circle.constructor', 'function', true],
      ['Circle.area', 'function', true],
      ['Circle.create', 'function', true],
      ['Circle.size', 'function', true],
      ['Circle.size', 'function', true],
      ['Circle.#hidden', 'function', true],
      ['Circle.draw', 'function', true],
      ['Anon', 'class', false],
      ['Anon.run', 'function', true],
      ['Geometry.area', 'function', false],
      ['ambient', 'function', false],
      ['overloaded', 'function', false],
    ]);
    x.definitions.forEach((d, i) => expect(d.id).toBe(i));
    expect(x.definitions.every((d) => d.language === 'typescript' && d.file === 'src/m.ts')).toBe(true);
    expect(byQualified(x, 'add.<locals>.inner').parent).toBe(byQualified(x, 'add').id);
    expect(byQualified(x, 'Circle.area').parent).toBe(byQualified(x, 'Circle').id);
  });

  it('records 0-based lines: the definition line, the last line, and the first decorator line', () => {
    const x = extract(SOURCE);
    const lines = (q: string) => {
      const d = byQualified(x, q);
      return [d.decoratorLine, d.lineStart, d.lineEnd];
    };
    expect(lines('add')).toEqual([6, 6, 12]);
    expect(lines('double')).toEqual([14, 14, 15]);
    expect(lines('Circle')).toEqual([17, 18, 34]);
    expect(lines('Circle.area')).toEqual([24, 26, 28]);
    expect(lines('Circle.unit')).toEqual([19, 19, 19]);
    expect(lines('Geometry.area')).toEqual([41, 41, 41]);
    // Overload signatures are not definitions: the implementation is.
    expect(lines('overloaded')).toEqual([48, 48, 48]);
    expect(lines('ambient')).toEqual([44, 44, 44]);
  });

  it('gives the header up to the body as the signature, and the bases', () => {
    const x = extract(SOURCE);
    expect(byQualified(x, 'add').signature).toBe('async function add(a: number, b = 1): Promise<number>');
    expect(byQualified(x, 'double').signature).toBe('const double = (x: number): number =>');
    expect(byQualified(x, 'Circle').signature).toBe('class Circle<T> extends Shape<T> implements Drawable');
    expect(byQualified(x, 'Circle').bases).toEqual(['Shape']);
    expect(byQualified(x, 'Circle.area').signature).toBe('area(): number');
    expect(byQualified(x, 'Circle.unit').signature).toBe('static unit = () =>');
    expect(byQualified(x, 'Circle.create').signature).toBe('static create(): Circle<number>');
    expect(byQualified(x, 'Circle.draw').signature).toBe('abstract draw(): void');
    expect(byQualified(x, 'Anon').bases).toEqual(['Base']);
  });

  it('takes the JSDoc block right above as the docstring, margins removed', () => {
    const x = extract(SOURCE);
    expect(byQualified(x, 'add').docstring).toEqual({ text: 'Adds two numbers.\n\n  indented example\n@param a the first', lineStart: 0, lineEnd: 5 });
    expect(byQualified(x, 'double').docstring).toBeNull();
    const y = extract(`/** Not mine: a blank line follows. */

function far() {}
// a line comment is not JSDoc
function plain() {}
/* neither is a block comment */
function block() {}
/** One line. */ function same() {}
class K {
  /**
   * The method.
   */
  @dec()
  m() {}
}
`);
    expect(y.definitions.map((d) => d.docstring?.text ?? null)).toEqual([null, null, null, 'One line.', null, 'The method.']);
    expect(byQualified(y, 'K.m').docstring).toMatchObject({ lineStart: 9, lineEnd: 11 });
    expect(cleanJsdoc('/**\n  * a\n  *\n  * b\n  */')).toBe('a\n\nb');
  });

  it('defines CommonJS exports, object-literal members and property assignments', () => {
    const x = extract(
      `exports.f = function () {};
module.exports.g = async (a) => a;
Foo.prototype.bar = function bar() {};
const api = { ping() {}, pong: () => 1, value: 3 };
module.exports = { h() {}, k: function () {} };
`,
      'javascript',
      'lib/m.js',
    );
    expect(x.definitions.map((d) => [d.name, d.qualifiedName, d.lineStart])).toEqual([
      ['f', 'f', 0],
      ['g', 'g', 1],
      ['bar', 'Foo.prototype.bar', 2],
      ['ping', 'api.ping', 3],
      ['pong', 'api.pong', 3],
      ['h', 'h', 4],
      ['k', 'k', 4],
    ]);
    expect(x.definitions.every((d) => d.language === 'javascript')).toBe(true);
    expect(x.exports).toEqual(['f', 'g', 'h', 'k', 'default']);
    expect(x.facts.commonjs).toBe(true);
  });

  it('numbers definitions from the id it is given', () => {
    const x = extract('function a() { function b() {} }', 'javascript', 'a.js', 40);
    expect(x.definitions.map((d) => [d.id, d.parent])).toEqual([
      [40, null],
      [41, 40],
    ]);
  });

  it('indexes what tree-sitter recovers from a broken file', () => {
    const x = extract('function ok() { return 1; }\nfunction bad( {\nclass Fine { m() {} }\n', 'javascript', 'b.js');
    expect(x.hasError).toBe(true);
    expect(x.definitions.map((d) => d.qualifiedName)).toContain('ok');
  });
});

describe('JS/TS imports and exports', () => {
  it('records ESM imports, TypeScript import-require, side-effect imports and CommonJS require', () => {
    const x = extract(`import d, { a as b, c } from './m.js';
import * as ns from "pkg";
import './side-effect';
import type { T } from './types';
import fs = require('fs');
const r = require('./r');
const { x, y: z } = require('../up/q');
const only = require('./o').member;
function lazy() { const l = require('./lazy'); }
`);
    expect(x.imports.map((i) => [i.local, i.module, i.imported, i.line, i.scope])).toEqual([
      ['d', './m.js', 'default', 0, null],
      ['b', './m.js', 'a', 0, null],
      ['c', './m.js', 'c', 0, null],
      ['ns', 'pkg', null, 1, null],
      ['', './side-effect', null, 2, null],
      ['T', './types', 'T', 3, null],
      ['fs', 'fs', null, 4, null],
      ['r', './r', null, 5, null],
      ['x', '../up/q', 'x', 6, null],
      ['z', '../up/q', 'y', 6, null],
      ['only', './o', 'member', 7, null],
      ['l', './lazy', null, 8, 0],
    ]);
  });

  it('records exports: declarations, lists, aliases, re-exports, stars and defaults', () => {
    const x = extract(`export function f() {}
export const a = 1, { b, c: [d] } = o;
export class C {}
const local = 2;
export { local as renamed, f as default };
export { x as y, default as z } from './other';
export * from './star';
export * as nsx from './ns';
`);
    expect(x.exports).toEqual(['f', 'a', 'b', 'd', 'C', 'renamed', 'default', 'y', 'z', 'nsx']);
    expect(x.facts.starExports).toEqual(['./star']);
    expect(x.facts.exports.get('z')).toEqual({ k: 'from', spec: './other', name: 'default' });
    expect(x.facts.exports.get('nsx')).toEqual({ k: 'namespace', spec: './ns' });
    const anon = extract('export default function () {}\n', 'javascript', 'anon.js');
    expect(anon.definitions.map((d) => d.name)).toEqual(['default']);
    expect(anon.exports).toEqual(['default']);
    expect(extract('const q = 1;\n').exports).toBeNull();
  });
});

describe('JS/TS call sites', () => {
  it('collects calls, method calls, new, throw new, decorator and default-argument calls at the final name', () => {
    const src = `@register(make())
class A extends mixin(B) {
  @track(key()) m(x = fallback()) {
    this.n();
    obj?.deep.call();
    throw new errors.Bad(msg());
  }
}
function g() { return new A; }
fn()();
tag\`t\`;
(cond ? a : b)();
(helper as any)();
`;
    const x = extract(src);
    const A = byQualified(x, 'A').id;
    const m = byQualified(x, 'A.m').id;
    const g = byQualified(x, 'g').id;
    expect(x.calls.map((c) => [c.name, c.form, c.line, c.column, c.enclosing, c.inDecorator])).toEqual([
      ['mixin', 'name', 1, 16, null, false],
      ['register', 'name', 0, 1, A, true],
      ['make', 'name', 0, 10, A, true],
      ['track', 'name', 2, 3, m, true],
      ['key', 'name', 2, 9, m, true],
      ['fallback', 'name', 2, 22, m, false],
      ['n', 'attribute', 3, 9, m, false],
      ['call', 'attribute', 4, 14, m, false],
      ['Bad', 'new', 5, 21, m, false],
      ['msg', 'name', 5, 25, m, false],
      ['A', 'new', 8, 26, g, false],
      ['', 'other', 9, 0, null, false],
      ['fn', 'name', 9, 0, null, false],
      ['tag', 'name', 10, 0, null, false],
      ['', 'other', 11, 0, null, false],
      ['helper', 'name', 12, 1, null, false],
    ]);
    expect(x.calls[8]!.callee).toBe('errors.Bad');
    expect(x.facts.calls.length).toBe(x.calls.length);
  });

  it('parses TSX and attributes calls in JSX expressions to the component', () => {
    const x = extract('export function App() {\n  return <div onClick={() => save()}>{format(1)}</div>;\n}\n', 'tsx', 'ui/App.tsx');
    const app = byQualified(x, 'App');
    expect(app.language).toBe('tsx');
    expect(x.calls.map((c) => [c.name, c.enclosing])).toEqual([
      ['save', app.id],
      ['format', app.id],
    ]);
  });
});
