/**
 * What the JS/TS resolver needs from one file beyond the shared index shapes: lexical scopes with their bindings,
 * class members and bases, each call's callee expression, and the module's exports (ESM and CommonJS). Plain data;
 * build.ts hands it from extract to resolve and then drops it.
 */

/** A callee or value expression, reduced to what resolution follows. */
export type JsExpr =
  | { k: 'name'; n: string }
  | { k: 'member'; obj: JsExpr; n: string }
  | { k: 'this' }
  | { k: 'super' }
  | { k: 'require'; spec: string } // require('./m')
  | { k: 'new'; cls: JsExpr } // new C(...) used as a value: an instance of C
  | { k: 'other' };

/** A member of an object literal bound to a name (`const api = { f() {}, g }`, `module.exports = {...}`). */
export type JsMember = { k: 'def'; def: number } | { k: 'name'; n: string } | { k: 'other' };

export type JsBinding =
  | { k: 'def'; def: number }
  /** Index into the file's FileExtraction.imports. */
  | { k: 'import'; index: number }
  /** `const x = new C()`: evaluated in `scope` when looked up. */
  | { k: 'value'; value: JsExpr; scope: number }
  /** `const api = { ... }`: members whose names are looked up from `scope`. */
  | { k: 'object'; members: Map<string, JsMember>; scope: number }
  /** Parameters, destructuring, plain values: it shadows outer names and resolves to nothing. */
  | { k: 'other' };

/**
 * 'method' scopes (methods, class field initialisers, static blocks) give `this` its class; 'arrow' and 'block' scopes
 * are transparent to `this`; a plain 'function' rebinds `this` to something unknown.
 */
export type JsScopeKind = 'module' | 'function' | 'arrow' | 'method' | 'class' | 'block';

export interface JsScope {
  kind: JsScopeKind;
  parent: number | null;
  bindings: Map<string, JsBinding[]>;
  /** For 'method' scopes: the class and whether `this` is the class itself (static members). */
  cls?: number;
  isStatic?: boolean;
}

export interface JsClassMember {
  name: string;
  isStatic: boolean;
  /** The member's definition, null for a plain field or an accessor (calling it does not call a repo function). */
  def: number | null;
}

export interface JsClassFacts {
  /** Scope the class is declared in: where its `extends` expression is evaluated. */
  scope: number;
  base: JsExpr | null;
  members: JsClassMember[];
}

/** What a module exports under one name. */
export type JsExport =
  | { k: 'local'; n: string } // export { a }, export default a, module.exports = a
  | { k: 'def'; def: number } // export function f, exports.f = function () {}
  | { k: 'from'; spec: string; name: string } // export { a as b } from './m', exports.f = require('./m').g
  | { k: 'namespace'; spec: string } // export * as ns from './m', exports.m = require('./m')
  | { k: 'object'; members: Map<string, JsMember> } // export default { ... }, module.exports = { ... }
  | { k: 'other' };

export interface JsCallFacts {
  scope: number;
  callee: JsExpr;
  isNew: boolean;
}

export interface JsFileFacts {
  path: string;
  /** The importer's family decides which of `x.js` / `x.ts` a specifier prefers. */
  typescript: boolean;
  scopes: JsScope[];
  classes: Map<number, JsClassFacts>;
  /** Parallel to FileExtraction.calls. */
  calls: JsCallFacts[];
  exports: Map<string, JsExport>;
  /** `export * from 'spec'` and `module.exports = require('spec')`, in source order. */
  starExports: string[];
  /** True when the file assigns `module.exports` / `exports.x`: importing its default gives the whole module. */
  commonjs: boolean;
}
