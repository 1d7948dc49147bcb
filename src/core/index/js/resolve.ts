import type { Resolution } from '../indexer';
import type { CallSite, Definition, FileIndex, ImportBinding } from '../types';
import type { JsBinding, JsClassFacts, JsScope, JsExport, JsExpr, JsFileFacts, JsMember } from './facts';
import { EXTERNAL, JsModuleMap } from './modules';

/**
 * Resolves JS/TS call sites to repo definitions by following what the code says, without type inference beyond
 * `new C()`: lexical scopes (hoisting included), ESM imports and CommonJS `require` through aliases, re-export
 * chains and `export *`, namespace objects (`ns.f()`), object literals bound to a name, `this.m()` / `super.m()` /
 * `C.staticM()` through repo base classes, and `new C()` to the class. Anything else (globals, builtins, bare package
 * specifiers, parameters, computed members) stays unresolved: no edge rather than a wrong one. When the code itself
 * leaves two repo definitions possible (a name bound twice in one scope, two `export *` sources offering the same
 * name), the call is reported as ambiguous.
 */

type Value =
  | { k: 'def'; def: number }
  | { k: 'module'; file: string }
  | { k: 'instance'; cls: number }
  | { k: 'super'; cls: number; isStatic: boolean }
  | { k: 'object'; file: string; scope: number; members: Map<string, JsMember> };

const AMBIGUOUS = 'ambiguous' as const;
type Outcome = Value | null | typeof AMBIGUOUS;

/** Deep enough for long re-export chains and class hierarchies, small enough to stop a pathological cycle fast. */
const MAX_DEPTH = 64;

export class JsResolver {
  private modules: JsModuleMap;
  private importsByFile = new Map<string, ImportBinding[]>();
  private exportCache = new Map<string, Outcome>();
  private visiting = new Set<string>();
  private depth = 0;

  constructor(
    private definitions: Definition[],
    files: FileIndex[],
    private facts: Map<string, JsFileFacts>,
  ) {
    this.modules = new JsModuleMap(files.map((f) => f.path));
    for (const f of files) this.importsByFile.set(f.path, f.imports);
  }

  resolveCalls(calls: CallSite[]): Resolution[] {
    const indexInFile = new Map<string, number>();
    return calls.map((call) => {
      const i = indexInFile.get(call.file) ?? 0;
      indexInFile.set(call.file, i + 1);
      const site = this.facts.get(call.file)?.calls[i];
      if (!site || call.form === 'other') return { kind: 'unresolved' };
      this.depth = 0;
      let v = site.callee.k === 'super' ? this.superConstructor(call.file, site.scope) : this.evaluate(call.file, site.scope, site.callee);
      if (v !== AMBIGUOUS && v?.k === 'module') v = this.callableModule(v.file);
      if (v === AMBIGUOUS) return { kind: 'ambiguous' };
      if (v?.k === 'def') return { kind: 'resolved', definition: v.def };
      return { kind: 'unresolved' };
    });
  }

  // ------------------------------------------------------------------ expressions and names

  private evaluate(file: string, scope: number, e: JsExpr): Outcome {
    if (++this.depth > MAX_DEPTH) return null;
    try {
      switch (e.k) {
        case 'name':
          return this.lookup(file, scope, e.n);
        case 'member': {
          const obj = this.evaluate(file, scope, e.obj);
          return obj === AMBIGUOUS || obj === null ? obj : this.member(obj, e.n);
        }
        case 'this':
        case 'super': {
          const m = this.methodScope(file, scope);
          if (!m) return null;
          if (e.k === 'super') return { k: 'super', cls: m.cls, isStatic: m.isStatic };
          return m.isStatic ? { k: 'def', def: m.cls } : { k: 'instance', cls: m.cls };
        }
        case 'require': {
          const target = this.moduleFile(file, e.spec);
          return target ? { k: 'module', file: target } : null;
        }
        case 'new': {
          const cls = this.evaluate(file, scope, e.cls);
          if (cls === AMBIGUOUS) return cls;
          return cls?.k === 'def' && this.definitions[cls.def]!.type === 'class' ? { k: 'instance', cls: cls.def } : null;
        }
        default:
          return null;
      }
    } finally {
      this.depth--;
    }
  }

  /** The innermost scope binding `name`, walking out from `scope`; every binding of it there must agree. */
  private lookup(file: string, scope: number, name: string): Outcome {
    const facts = this.facts.get(file);
    for (let s: number | null = scope; facts && s !== null; s = facts.scopes[s]!.parent) {
      const list = facts.scopes[s]!.bindings.get(name);
      if (list) return agree(list.map((b) => this.binding(file, b)));
    }
    return null; // a global or a builtin
  }

  private binding(file: string, b: JsBinding): Outcome {
    switch (b.k) {
      case 'def':
        return { k: 'def', def: b.def };
      case 'import': {
        const imp = this.importsByFile.get(file)?.[b.index];
        return imp ? this.imported(file, imp) : null;
      }
      case 'value':
        return this.evaluate(file, b.scope, b.value);
      case 'object':
        return { k: 'object', file, scope: b.scope, members: b.members };
      default:
        return null;
    }
  }

  /** `this` and `super` come from the nearest method (arrows and blocks pass through; a plain function hides it). */
  private methodScope(file: string, scope: number): { cls: number; isStatic: boolean } | null {
    const facts = this.facts.get(file);
    for (let s: number | null = scope; facts && s !== null;) {
      const sc: JsScope = facts.scopes[s]!;
      if (sc.kind === 'method') return sc.cls === undefined ? null : { cls: sc.cls, isStatic: sc.isStatic === true };
      if (sc.kind === 'function' || sc.kind === 'module') return null;
      s = sc.parent;
    }
    return null;
  }

  /** `super(...)` in a constructor: the nearest repo base class's own constructor. */
  private superConstructor(file: string, scope: number): Outcome {
    const m = this.methodScope(file, scope);
    if (!m || m.isStatic) return null;
    const base = this.baseOf(m.cls);
    return base === AMBIGUOUS || base === null ? base : this.classMember(base, 'constructor', false);
  }

  // ------------------------------------------------------------------ members

  private member(v: Value, name: string): Outcome {
    switch (v.k) {
      case 'module': {
        const out = this.exportOf(v.file, name);
        if (out !== null || !this.facts.get(v.file)?.commonjs) return out;
        // `module.exports = SomeClass`, then `require('./m').staticMethod()`.
        const whole = this.exportOf(v.file, 'default');
        return whole !== AMBIGUOUS && whole?.k === 'def' ? this.member(whole, name) : null;
      }
      case 'def':
        return this.definitions[v.def]!.type === 'class' ? this.classMember(v.def, name, true) : null;
      case 'instance':
        return this.classMember(v.cls, name, false);
      case 'super': {
        const base = this.baseOf(v.cls);
        return base === AMBIGUOUS || base === null ? base : this.classMember(base, name, v.isStatic);
      }
      case 'object': {
        const m = v.members.get(name);
        if (m?.k === 'def') return { k: 'def', def: m.def };
        return m?.k === 'name' ? this.lookup(v.file, v.scope, m.n) : null;
      }
    }
  }

  /** A method (own, else inherited from repo base classes); a field or accessor of that name stops the search. */
  private classMember(cls: number, name: string, isStatic: boolean): Outcome {
    const seen = new Set<number>();
    for (let c: number | null = cls; c !== null && !seen.has(c);) {
      seen.add(c);
      const facts = this.classFacts(c);
      if (!facts) return null;
      let found: { def: number | null } | null = null;
      for (const m of facts.members) if (m.name === name && m.isStatic === isStatic) found = m; // the last one wins
      if (found) return found.def === null ? null : { k: 'def', def: found.def };
      const base = this.baseOf(c);
      if (base === AMBIGUOUS) return base;
      c = base;
    }
    return null;
  }

  private classFacts(cls: number): JsClassFacts | null {
    const d = this.definitions[cls];
    return (d && this.facts.get(d.file)?.classes.get(cls)) ?? null;
  }

  /** The repo class a class extends, null when it extends nothing or something outside the repo. */
  private baseOf(cls: number): number | null | typeof AMBIGUOUS {
    const facts = this.classFacts(cls);
    if (!facts?.base) return null;
    const v = this.evaluate(this.definitions[cls]!.file, facts.scope, facts.base);
    if (v === AMBIGUOUS) return v;
    return v?.k === 'def' && this.definitions[v.def]!.type === 'class' ? v.def : null;
  }

  // ------------------------------------------------------------------ modules

  private moduleFile(importer: string, spec: string): string | null {
    const hit = this.modules.resolve(importer, spec, this.facts.get(importer)?.typescript ?? false);
    return hit === EXTERNAL || hit === null || !this.facts.has(hit) ? null : hit;
  }

  private imported(file: string, imp: ImportBinding): Outcome {
    const target = this.moduleFile(file, imp.module);
    if (!target) return null;
    if (imp.imported === null) return { k: 'module', file: target };
    const v = this.exportOf(target, imp.imported);
    // Node's interop: the default import of a CommonJS module is its `module.exports`.
    if (v === null && imp.imported === 'default' && this.facts.get(target)!.commonjs) return { k: 'module', file: target };
    return v;
  }

  /** Calling a required module: its `module.exports` when that is a function or class. */
  private callableModule(file: string): Outcome {
    if (!this.facts.get(file)?.commonjs) return null;
    const v = this.exportOf(file, 'default');
    return v !== AMBIGUOUS && v?.k === 'def' ? v : null;
  }

  /** What `file` exports as `name`: its own exports, then (not for `default`) the `export *` sources. */
  private exportOf(file: string, name: string): Outcome {
    const key = `${file}\0${name}`;
    const cached = this.exportCache.get(key);
    if (cached !== undefined) return cached;
    if (this.visiting.has(key)) return null; // an export cycle
    this.visiting.add(key);
    let out: Outcome = null;
    try {
      const facts = this.facts.get(file);
      const own = facts?.exports.get(name);
      if (own) out = this.exported(file, own);
      else if (facts && name !== 'default') {
        const found: Outcome[] = [];
        for (const spec of facts.starExports) {
          const target = this.moduleFile(file, spec);
          const v = target ? this.exportOf(target, name) : null;
          if (v !== null) found.push(v);
        }
        out = found.length ? agree(found) : null;
      }
    } finally {
      this.visiting.delete(key);
    }
    this.exportCache.set(key, out);
    return out;
  }

  private exported(file: string, e: JsExport): Outcome {
    switch (e.k) {
      case 'local':
        return this.lookup(file, 0, e.n);
      case 'def':
        return { k: 'def', def: e.def };
      case 'from': {
        const target = this.moduleFile(file, e.spec);
        if (!target) return null;
        const v = this.exportOf(target, e.name);
        return v === null && e.name === 'default' && this.facts.get(target)!.commonjs ? { k: 'module', file: target } : v;
      }
      case 'namespace': {
        const target = this.moduleFile(file, e.spec);
        return target ? { k: 'module', file: target } : null;
      }
      case 'object':
        return { k: 'object', file, scope: 0, members: e.members };
      default:
        return null;
    }
  }
}

/** One outcome when all agree; ambiguous when they name different things (a wrong edge is worse than none). */
function agree(outcomes: Outcome[]): Outcome {
  const first = outcomes[0] ?? null;
  for (const o of outcomes) if (!same(o, first)) return AMBIGUOUS;
  return first;
}

function same(a: Outcome, b: Outcome): boolean {
  if (a === null || b === null || a === AMBIGUOUS || b === AMBIGUOUS) return a === b;
  switch (a.k) {
    case 'def':
      return b.k === 'def' && a.def === b.def;
    case 'module':
      return b.k === 'module' && a.file === b.file;
    case 'instance':
      return b.k === 'instance' && a.cls === b.cls;
    case 'super':
      return b.k === 'super' && a.cls === b.cls && a.isStatic === b.isStatic;
    case 'object':
      return b.k === 'object' && a.members === b.members;
  }
}
