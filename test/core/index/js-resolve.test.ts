import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
import type { RepoIndex } from '../../../src/core/index/types';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { calleesOf, resolveCalls, type ResolvedCall } from './js-support';

/**
 * One small repo per call form the JS/TS resolver claims, written by hand; each expected edge follows from the
 * language's own rules (ESM linking, Node's CommonJS interop, class inheritance, lexical scoping).
 */
const REPO: Record<string, string> = {
  'src/util.ts': `/** Adds. */
export function add(a: number, b: number): number {
  return a + b;
}
export const double = (x: number) => add(x, x);
function hidden() {}
export { hidden as exposed };
export function overloaded(a: string): string;
export function overloaded(a: any) { return a; }
`,
  'src/shapes.ts': `import { add } from './util.js';
export abstract class Shape {
  static create(): Shape { return new Circle(); }
  abstract area(): number;
  describe() { return this.area(); }
  protected helper() { return add(1, 2); }
}
@sealed()
export class Circle extends Shape {
  @memo() area() { return this.helper(); }
  constructor() { super(); }
  static unit = () => new Circle();
  get radius() { return 1; }
  twice() { return this.radius() + super.describe() + Circle.create(); }
}
export class Square extends Circle {
  constructor() { super(); }
  spin() { return this.describe() + this.missing(); }
}
function sealed() { return (c: unknown) => c; }
function memo() { return (...a: unknown[]) => a; }
`,
  'src/index.ts': `export * from './util';
export * as shapes from './shapes';
export { Circle as Round } from './shapes';
`,
  'src/app.ts': `import main, { double as twice, exposed } from './index';
import * as lib from './index';
import { Round } from './index';
import type { Shape } from './shapes';
import ext from 'external-pkg';
export function run(x = twice(1)) {
  lib.add(1, 2);
  lib.shapes.Circle.unit();
  new Round();
  exposed();
  ext();
  console.log(x);
  const inner = () => twice(3);
  inner();
  main();
  const c = new Round();
  c.area();
  lib.overloaded('a');
  throw new Error('x');
}
`,
  'lib/cjs.js': `const { add } = require('./math');
const math = require('./math');
const Thing = require('./thing');
function useAll() { add(); math.mul(); new Thing(); Thing.make(); require('./math').mul(); }
module.exports = { useAll, other() { return useAll(); } };
`,
  'lib/math.js': `exports.add = function () {};
module.exports.mul = (a) => a;
`,
  'lib/thing.js': `class Thing { static make() { return new Thing(); } }
module.exports = Thing;
`,
  'lib/esm.mjs': `import cjs from './cjs.js';
import { useAll } from './cjs.js';
import makeThing from './thing.js';
export function go() { cjs.other(); useAll(); new makeThing(); }
`,
  'lib/dir/index.js': `export function fromIndex() {}
`,
  'lib/usedir.js': `import { fromIndex } from './dir';
export function viaDir() { fromIndex(); }
`,
  'lib/scopes.js': `function helper() { return 1; }
function outer() {
  function helper() { return 2; }
  helper();
  { const helper = 5; helper(); }
}
function param(helper) { helper(); }
function usesModule() { helper(); }
var dup = function () {};
var dup = function () {};
function callsDup() { dup(); }
const api = { ping() {}, pong: () => api.ping() };
let mutable = { ping() {} };
function callsApi() { api.pong(); mutable.ping(); }
const spread = { ping() {}, ...other };
function callsSpread() { spread.ping(); }
function withThis() { this.foo(); }
class K {
  m() {
    [1].forEach(() => this.n());
    [1].forEach(function () { this.n(); });
  }
  n() {}
}
function recurse() { recurse(); }
`,
  'lib/cycle-a.js': `export * from './cycle-b.js';
export function a() {}
`,
  'lib/cycle-b.js': `export * from './cycle-a.js';
export function b() {}
`,
  'lib/two-stars.js': `export * from './cycle-a.js';
export * from './dup-a.js';
`,
  'lib/dup-a.js': `export function a() {}
`,
  'lib/use-cycle.js': `import { a, b } from './cycle-a.js';
import * as both from './two-stars.js';
export function useCycle() { a(); b(); both.a(); }
`,
  'ui/App.tsx': `import { add } from '../src/util';
import { Square } from '../src/shapes';
export function App() {
  return <div onClick={() => new Square().spin()}>{add(3, 4)}</div>;
}
`,
  'lib/broken.js': `function ok() { return helperB(); }
function helperB() {}
function bad( {
`,
};

const FILES = Object.entries(REPO).map(([path, text]) => ({ path, text }));

let ts: TreeSitter;
let ix: RepoIndex;
let calls: ResolvedCall[];
beforeAll(async () => {
  ts = await loadTreeSitterNode(['python', 'javascript', 'typescript', 'tsx']);
  ix = await buildIndex(FILES, ts);
  calls = resolveCalls(ts, FILES).calls;
});

/** The resolution of the call at a 1-based line in a file, by the callee text. */
function at(file: string, line: number, callee: string): string {
  const c = calls.find((x) => x.call.file === file && x.call.line === line - 1 && x.call.callee === callee);
  if (!c) throw new Error(`no call ${callee} at ${file}:${line}`);
  return c.target ? `${c.target.qualifiedName}@${c.target.file}:${c.target.lineStart + 1}` : c.result.kind;
}

describe('JS/TS resolver: ESM, TypeScript and re-exports', () => {
  it('follows aliases, export-list renames, `export *` and namespace imports to the original definition', () => {
    expect(calleesOf(ix, 'src/app.ts', 'run')).toEqual([
      'double@src/util.ts', // twice(1) in a default argument, through export * and an import alias
      'add@src/util.ts', // lib.add through the namespace and export *
      'Circle.unit@src/shapes.ts', // lib.shapes.Circle.unit(): export * as, then a static arrow field
      'Circle@src/shapes.ts', // new Round(): export { Circle as Round } from
      'hidden@src/util.ts', // export { hidden as exposed }
      'Circle.area@src/shapes.ts', // const c = new Round(); c.area()
      'overloaded@src/util.ts',
    ]);
    expect(at('src/app.ts', 14, 'inner')).toBe('run.<locals>.inner@src/app.ts:13'); // nested in run: not its dependency
    expect(at('src/app.ts', 11, 'ext')).toBe('unresolved'); // a bare package specifier
    expect(at('src/app.ts', 12, 'console.log')).toBe('unresolved');
    expect(at('src/app.ts', 15, 'main')).toBe('unresolved'); // `export *` does not re-export a default
    expect(at('src/app.ts', 19, 'Error')).toBe('unresolved');
    expect(at('src/app.ts', 18, 'lib.overloaded')).toBe('overloaded@src/util.ts:9'); // the implementation
  });

  it('maps a `.js` specifier in TypeScript to the .ts source and resolves this/super through repo bases', () => {
    expect(at('src/shapes.ts', 6, 'add')).toBe('add@src/util.ts:2');
    expect(at('src/shapes.ts', 3, 'Circle')).toBe('Circle@src/shapes.ts:9'); // a class declared further down
    expect(at('src/shapes.ts', 5, 'this.area')).toBe('Shape.area@src/shapes.ts:4'); // the abstract declaration
    expect(at('src/shapes.ts', 10, 'this.helper')).toBe('Shape.helper@src/shapes.ts:6'); // inherited
    expect(at('src/shapes.ts', 10, 'memo')).toBe('memo@src/shapes.ts:21'); // decorator call
    expect(at('src/shapes.ts', 8, 'sealed')).toBe('sealed@src/shapes.ts:20');
    expect(at('src/shapes.ts', 11, 'super')).toBe('unresolved'); // Shape has no constructor of its own
    expect(at('src/shapes.ts', 17, 'super')).toBe('Circle.constructor@src/shapes.ts:11');
    expect(at('src/shapes.ts', 14, 'this.radius')).toBe('unresolved'); // a getter: calling its value
    expect(at('src/shapes.ts', 14, 'super.describe')).toBe('Shape.describe@src/shapes.ts:5');
    expect(at('src/shapes.ts', 14, 'Circle.create')).toBe('Shape.create@src/shapes.ts:3'); // inherited static
    expect(at('src/shapes.ts', 18, 'this.describe')).toBe('Shape.describe@src/shapes.ts:5'); // two levels up
    expect(at('src/shapes.ts', 18, 'this.missing')).toBe('unresolved');
    expect(calleesOf(ix, 'src/shapes.ts', 'Circle.area')).toEqual(['memo@src/shapes.ts', 'Shape.helper@src/shapes.ts']);
  });

  it('resolves calls in TSX components', () => {
    // The outer call before the calls inside it, as the builder's node visitor orders them.
    expect(calleesOf(ix, 'ui/App.tsx', 'App')).toEqual(['Square.spin@src/shapes.ts', 'Square@src/shapes.ts', 'add@src/util.ts']);
  });

  it('stops at export cycles and reports names two star exports both offer as ambiguous', () => {
    expect(at('lib/use-cycle.js', 3, 'a')).toBe('a@lib/cycle-a.js:2');
    expect(at('lib/use-cycle.js', 3, 'b')).toBe('b@lib/cycle-b.js:2');
    expect(at('lib/use-cycle.js', 3, 'both.a')).toBe('ambiguous');
  });
});

describe('JS/TS resolver: CommonJS', () => {
  it('follows require, destructured require, exports.x, module.exports objects and classes', () => {
    expect(calleesOf(ix, 'lib/cjs.js', 'useAll')).toEqual(['add@lib/math.js', 'mul@lib/math.js', 'Thing@lib/thing.js', 'Thing.make@lib/thing.js']);
    expect(calleesOf(ix, 'lib/cjs.js', 'other')).toEqual(['useAll@lib/cjs.js']);
  });

  it('gives an ESM default import of a CommonJS module its module.exports', () => {
    expect(calleesOf(ix, 'lib/esm.mjs', 'go')).toEqual(['other@lib/cjs.js', 'useAll@lib/cjs.js', 'Thing@lib/thing.js']);
    expect(calleesOf(ix, 'lib/usedir.js', 'viaDir')).toEqual(['fromIndex@lib/dir/index.js']);
  });
});

describe('JS/TS resolver: scopes', () => {
  it('honours nested functions, block scopes and parameters that shadow module names', () => {
    expect(at('lib/scopes.js', 4, 'helper')).toBe('outer.<locals>.helper@lib/scopes.js:3');
    expect(at('lib/scopes.js', 5, 'helper')).toBe('unresolved'); // a block-scoped const
    expect(at('lib/scopes.js', 7, 'helper')).toBe('unresolved'); // a parameter
    expect(at('lib/scopes.js', 8, 'helper')).toBe('helper@lib/scopes.js:1');
    expect(at('lib/scopes.js', 11, 'dup')).toBe('ambiguous');
  });

  it('resolves members of const object literals only while nothing can replace them', () => {
    expect(at('lib/scopes.js', 12, 'api.ping')).toBe('api.ping@lib/scopes.js:12');
    expect(at('lib/scopes.js', 14, 'api.pong')).toBe('api.pong@lib/scopes.js:12');
    expect(at('lib/scopes.js', 14, 'mutable.ping')).toBe('unresolved'); // `let`: may be reassigned
    expect(at('lib/scopes.js', 16, 'spread.ping')).toBe('unresolved'); // the spread may override it
  });

  it('gives `this` its class in methods and arrows, not in plain functions', () => {
    expect(at('lib/scopes.js', 17, 'this.foo')).toBe('unresolved');
    expect(at('lib/scopes.js', 20, 'this.n')).toBe('K.n@lib/scopes.js:23');
    expect(at('lib/scopes.js', 21, 'this.n')).toBe('unresolved');
    expect(calleesOf(ix, 'lib/scopes.js', 'recurse')).toEqual([]); // self-recursion is not a dependency
  });

  it('still resolves in a file tree-sitter cannot parse cleanly, and counts it', () => {
    expect(calleesOf(ix, 'lib/broken.js', 'ok')).toEqual(['helperB@lib/broken.js']);
    expect(ix.files.find((f) => f.path === 'lib/broken.js')!.hasError).toBe(true);
    expect(ix.stats.filesWithErrors).toBe(1);
    expect(ix.stats.ambiguous).toBe(calls.filter((c) => c.result.kind === 'ambiguous').length);
    expect(ix.stats.ambiguous).toBe(2);
  });
});
