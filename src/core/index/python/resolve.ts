import type { Resolution } from '../indexer';
import type { CallSite, Definition, FileIndex, ImportBinding } from '../types';
import { PYTHON_BUILTINS, STDLIB_MODULES } from './builtins';
import type { Binding, CallFacts, Expr, FlowStep, FunctionFacts, PythonFileFacts, Scope } from './facts';
import { EXTERNAL, ModuleMap, type ModuleRef } from './modules';

/**
 * A scope-aware resolver that imitates what the authors' builder gets from Jedi: `goto(follow_imports=True)` at the
 * callee's final name, then the builder's acceptance of the landing point (a definition starting on that line, or a
 * definition of the same name in the same file whose range holds that line or whose decorator is within 2 lines).
 *
 * Jedi returns a SET of names whose order Python's hash randomisation decides, and the builder keeps the first one it
 * accepts; so when the landings map to several different definitions (a name bound in both arms of an if/else, a
 * module two sys.path folders provide) the reference result is a coin toss: we report it as ambiguous, no edge.
 */

type Value =
  | { k: 'class'; def: number }
  | { k: 'instance'; def: number }
  | { k: 'function'; def: number; bound: number | null }
  | { k: 'module'; mod: ModuleRef }
  | { k: 'super'; cls: number }
  // Containers, only as far as iteration needs them: what a `for` over them hands out.
  | { k: 'seq'; of: Value[] }
  | { k: 'map'; keys: Value[]; vals: Value[] }
  | { k: 'tuple'; items: Value[][] }
  // What `Type[C]` declares: an annotation holding it holds the class C itself.
  | { k: 'type'; def: number }
  // What calling a `@contextmanager` generator gives: `with` hands out what it yields.
  | { k: 'manager'; enter: Value[]; async: boolean };

type Hit =
  | { k: 'binding'; file: string; scope: number; b: Binding }
  | { k: 'module'; mod: ModuleRef }
  | { k: 'selfattr'; file: string; row: number; name: string; value: Expr | null; method: number };

interface Landing {
  file: string;
  row: number;
  name: string;
}

/** Where a name is looked up: file, innermost scope, position limit, flow path of the use. */
interface Site {
  file: string;
  scope: number;
  row: number;
  col: number;
  flows: FlowStep[];
}

/** `self` / `cls` of a function when it was reached through a class (`C.factory()` binds `cls` to C). */
interface Bound {
  func: number;
  cls: number;
}

const MAX_DEPTH = 24;
/** Jedi's MAX_PARAM_SEARCHES: call sites a dynamic parameter search looks at, divided by its nesting depth. */
const MAX_PARAM_SEARCHES = 20;
/** Decorators (their last dotted part) that make a method read like an attribute. */
const PROPERTY_DECORATORS = new Set(['property', 'cached_property']);
/** Decorators (last dotted part) that turn a generator into a context manager factory. */
const CONTEXT_MANAGER_DECORATORS = new Set(['contextmanager', 'asynccontextmanager']);

export class PythonResolver {
  private modules: ModuleMap;
  private facts: Map<string, PythonFileFacts>;
  private importsByFile = new Map<string, ImportBinding[]>();
  /** By file, then row / name (nested maps: no key string to build per lookup). */
  private defsByRow = new Map<string, Map<number, Definition>>();
  private defsByName = new Map<string, Map<string, Definition[]>>();
  private mroCache = new Map<number, number[]>();
  private inProgress = new Set<string>();
  private depth = 0;

  constructor(
    private definitions: Definition[],
    files: FileIndex[],
    facts: Map<string, PythonFileFacts>,
    rootPackage: string | null = null,
  ) {
    this.facts = facts;
    this.modules = new ModuleMap(
      files.map((f) => f.path),
      rootPackage,
    );
    for (const f of files) {
      this.importsByFile.set(f.path, f.imports);
    }
    // The builder's two indexes, filled in ast.walk order (later entries overwrite the by-line one).
    const ordered = files.flatMap((f) =>
      f.definitionIds.map((id) => definitions[id]!).sort((a, b) => (a.astDepth ?? 0) - (b.astDepth ?? 0) || a.lineStart - b.lineStart),
    );
    for (const d of ordered) {
      let byRow = this.defsByRow.get(d.file);
      if (!byRow) this.defsByRow.set(d.file, (byRow = new Map()));
      byRow.set(d.lineStart, d);
      let byName = this.defsByName.get(d.file);
      if (!byName) this.defsByName.set(d.file, (byName = new Map()));
      const list = byName.get(d.name);
      if (list) list.push(d);
      else byName.set(d.name, [d]);
    }
  }

  resolveCalls(calls: CallSite[]): Resolution[] {
    const indexInFile = new Map<string, number>();
    this.sites = calls.map((call) => {
      const i = indexInFile.get(call.file) ?? 0;
      indexInFile.set(call.file, i + 1);
      return { call, facts: this.facts.get(call.file)?.calls[i] ?? null };
    });
    return this.sites.map((_, n) => {
      this.depth = 0;
      return this.resolveSite(n);
    });
  }

  /** Every call site with its facts, in index order (set by resolveCalls). */
  private sites: { call: CallSite; facts: CallFacts | null }[] = [];

  /** The resolution of call site n (a site being resolved when asked again, from inside, resolves to nothing). */
  private resolveSite(n: number): Resolution {
    const key = `site\0${n}`;
    if (this.inProgress.has(key)) return { kind: 'unresolved' };
    this.inProgress.add(key);
    try {
      return this.resolveSiteInner(n);
    } finally {
      this.inProgress.delete(key);
    }
  }

  private resolveSiteInner(n: number): Resolution {
    const { call, facts } = this.sites[n]!;
    if (!facts || call.form === 'other' || !call.name || PYTHON_BUILTINS.has(call.name)) return { kind: 'unresolved' };
    const site: Site = { file: call.file, scope: facts.scope, row: facts.anchorRow, col: facts.anchorCol, flows: facts.flows };
    let hits: Hit[];
    if (facts.callee.k === 'name') hits = this.gotoName(site, call.name);
    else if (facts.callee.k === 'attr') {
      const objects = this.infer(facts.callee.obj, site, null);
      hits = objects.flatMap((v) => this.attribute(v, call.name));
    } else return { kind: 'unresolved' };
    const accepted = new Set<number>();
    for (const landing of this.landings(hits)) {
      const d = this.accept(landing);
      if (d) accepted.add(d.id);
    }
    if (accepted.size === 1) return { kind: 'resolved', definition: [...accepted][0]! };
    return accepted.size > 1 ? { kind: 'ambiguous' } : { kind: 'unresolved' };
  }

  // ------------------------------------------------------------------ the builder's acceptance of a Jedi landing

  private accept(l: Landing): Definition | null {
    const exact = this.defsByRow.get(l.file)?.get(l.row);
    if (exact) return exact;
    for (const d of this.defsByName.get(l.file)?.get(l.name) ?? []) {
      if (d.lineStart <= l.row && l.row <= d.lineEnd) return d;
      if (Math.abs(l.row - d.decoratorLine) <= 2) return d;
    }
    return null;
  }

  /** goto's answer: follow imports to what they name; everything else lands where the name is bound. */
  private landings(hits: Hit[]): Landing[] {
    const out: Landing[] = [];
    for (const h of this.follow(hits)) {
      if (h.k === 'binding') {
        if (h.b.kind === 'def') {
          const d = this.definitions[h.b.def!]!;
          out.push({ file: d.file, row: d.lineStart, name: d.name });
        } else out.push({ file: h.file, row: h.b.row, name: h.b.name });
      } else if (h.k === 'selfattr') out.push({ file: h.file, row: h.row, name: h.name });
    }
    return out;
  }

  /** Replace import bindings by what they import (Jedi's follow_imports), transitively. */
  private follow(hits: Hit[], seen?: Set<string>): Hit[] {
    if (!hits.some((h) => h.k === 'binding' && h.b.kind === 'import')) return hits;
    const out: Hit[] = [];
    for (const h of hits) {
      if (h.k !== 'binding' || h.b.kind !== 'import') {
        out.push(h);
        continue;
      }
      const key = `${h.file}\0${h.b.importIndex}`;
      seen ??= new Set();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(...this.follow(this.importTargets(h.file, h.b), seen));
    }
    return out;
  }

  private importTargets(file: string, b: Binding): Hit[] {
    const imp = this.importsByFile.get(file)?.[b.importIndex!];
    if (!imp) return [];
    // Jedi's goto returns nothing at all for an import it cannot follow (checked on Jedi 0.20).
    const unresolved: Hit[] = [];
    if (imp.imported === null) {
      // `import a.b.c` binds `a`; `import a.b as c` binds the module a.b.
      const dotted = imp.local === imp.module.split('.')[0] && !imp.module.includes(' ') ? imp.module.split('.')[0]! : imp.module;
      const mods = this.modules.absolute(dotted);
      if (mods === EXTERNAL) return [];
      return mods ? mods.map((mod): Hit => ({ k: 'module', mod })) : unresolved;
    }
    if (/^\.+$/.test(imp.module)) return this.relativeSubmodule(file, imp.module, imp.imported);
    const mods = imp.module.startsWith('.')
      ? this.modules.relative(file, imp.module)
      : (this.ownPackageImport(file, imp.module) ?? this.modules.absolute(imp.module));
    if (mods === EXTERNAL) return [];
    if (!mods || !mods.length) return unresolved;
    const hits = mods.flatMap((mod) => this.moduleMember(mod, imp.imported!, new Set()));
    return hits;
  }

  /**
   * `from email.parser import Parser` written in `email/__init__.py` itself, `email` being a standard-library name:
   * Jedi has that file's module cached under the package name, so the import stays in the repo (checked on Jedi
   * 0.18.2 and 0.20; from a sibling module such as `email/utils.py` it goes to the standard library). Null for
   * any other import.
   */
  private ownPackageImport(file: string, module: string): ModuleRef[] | null {
    if (!file.endsWith('/__init__.py')) return null;
    const dir = file.slice(0, -'/__init__.py'.length);
    const pkg = dir.slice(dir.lastIndexOf('/') + 1);
    const [top, ...rest] = module.split('.');
    if (top !== pkg || !STDLIB_MODULES.has(pkg)) return null;
    let mods = [this.modules.package(dir)];
    for (const part of rest) mods = mods.flatMap((m) => this.modules.child(m.dirs, part));
    return mods;
  }

  /**
   * `from . import x` / `from .. import x`. Under the builder's sys.path every folder holding Python files is a
   * sys.path entry, so Jedi sees each module as top-level and rewrites the import into an absolute one from the
   * package's folder path (`pkg.x`), which it then resolves as a submodule through the whole sys.path:
   *   - only a submodule `x` is found; a name defined in the package's `__init__.py` is not (checked, Jedi 0.18.2);
   *   - when the folder path starts with a standard-library name (`email/` holding `from . import utils`), the
   *     interpreter's own module wins, outside the repo. (Jedi gets there through its bundled typeshed stubs, so a
   *     few submodules the stubs lack stay in the repo: docs/jedi-agreement.md counts them; we do not model it.)
   */
  private relativeSubmodule(file: string, dots: string, name: string): Hit[] {
    return this.modules.relative(file, dots).flatMap((pkg): Hit[] => {
      const top = pkg.dirs[0]?.split('/')[0] ?? '';
      if (top && STDLIB_MODULES.has(top)) return [];
      return this.modules.child(pkg.dirs, name).map((mod) => ({ k: 'module', mod }));
    });
  }

  // ------------------------------------------------------------------ names

  /** Jedi's name lookup from a use site: innermost scope up to the module, then star imports. */
  private gotoName(site: Site, name: string): Hit[] {
    const facts = this.facts.get(site.file);
    if (!facts) return [];
    let s: number | null = site.scope;
    let limited = true;
    while (s !== null) {
      const scope: Scope = facts.scopes[s]!;
      if (scope.globals?.has(name)) {
        s = 0;
        limited = false;
        continue;
      }
      // Names of a class body are not visible from its methods.
      if (scope.kind !== 'class' || s === site.scope) {
        let bindings = scope.bindings.get(name);
        if (bindings && limited && scope.kind !== 'comprehension' && !bindings.every((b) => before(b, site)))
          bindings = bindings.filter((b) => before(b, site));
        if (bindings?.length) {
          const chosen = selectByFlow(bindings, site.flows, this.decider(site.file));
          if (chosen.length) return chosen.map((b) => ({ k: 'binding', file: site.file, scope: s!, b }));
        }
      }
      if (scope.kind === 'function' || scope.kind === 'lambda' || scope.kind === 'module') limited = false;
      if (scope.kind === 'module') break;
      s = scope.parent;
    }
    return this.starImports(site.file, name, new Set());
  }

  /**
   * Jedi's `_check_if` on a bare name: a class, function or module is truthy. Anything else stays undecided. The
   * test is looked up at module level of its file (where such guards live).
   */
  private decider(file: string): Decide {
    let decide = this.deciders.get(file);
    if (!decide) this.deciders.set(file, (decide = this.newDecider(file)));
    return decide;
  }

  private deciders = new Map<string, Decide>();

  private newDecider(file: string): Decide {
    return (step) => {
      if (!step.test) return null;
      const key = `if\0${file}\0${step.flow}\0${step.branch}`;
      if (this.inProgress.has(key)) return null;
      this.inProgress.add(key);
      try {
        const values = this.infer(step.test, { file, scope: 0, row: Number.MAX_SAFE_INTEGER, col: 0, flows: [] }, null);
        return values.length > 0 && values.every((v) => v.k === 'class' || v.k === 'function' || v.k === 'module') ? true : null;
      } finally {
        this.inProgress.delete(key);
      }
    };
  }

  private starImports(file: string, name: string, seen: Set<string>): Hit[] {
    const stars = this.facts.get(file)?.scopes[0]?.bindings.get('*') ?? [];
    for (const star of stars) {
      const imp = this.importsByFile.get(file)?.[star.importIndex!];
      if (!imp) continue;
      const mods = imp.module.startsWith('.') ? this.modules.relative(file, imp.module) : this.modules.absolute(imp.module);
      if (!mods || mods === EXTERNAL) continue;
      const hits = mods.flatMap((mod) => (mod.file ? this.moduleMember(mod, name, seen) : []));
      if (hits.length) return hits;
    }
    return [];
  }

  /**
   * A module's attribute: its top-level names, then its submodules, then what it star-imports. Jedi's star-import
   * filter hands over every top-level name of the module: neither `__all__` nor a leading underscore hides one
   * (checked against Jedi 0.20: `from m import *` then `_private()` resolves).
   */
  private moduleMember(mod: ModuleRef, name: string, seen: Set<string>): Hit[] {
    const key = `${mod.file ?? mod.dirs.join('|')}\0${name}`;
    if (seen.has(key)) return [];
    seen.add(key);
    if (mod.file) {
      const facts = this.facts.get(mod.file);
      const bindings = facts?.scopes[0]?.bindings.get(name);
      if (bindings?.length) {
        // A package that imports its own submodule (`from . import engine` in pkg/__init__.py) hands out the
        // submodule: that binding names the very attribute we are resolving, so it is skipped, not followed round.
        const chosen = selectByFlow(bindings, [], this.decider(mod.file)).filter((b) => !this.importsOwnSubmodule(mod.file!, b));
        if (chosen.length) return chosen.map((b) => ({ k: 'binding', file: mod.file!, scope: 0, b }));
      }
    }
    const subs = this.modules.child(mod.dirs, name);
    if (subs.length) return subs.map((m) => ({ k: 'module', mod: m }));
    return mod.file ? this.starImports(mod.file, name, seen) : [];
  }

  /** `from . import x` / `from pkg import x` written in pkg/__init__.py itself, x being pkg's submodule. */
  private importsOwnSubmodule(file: string, b: Binding): boolean {
    if (b.kind !== 'import' || !file.endsWith('__init__.py')) return false;
    const imp = this.importsByFile.get(file)?.[b.importIndex!];
    if (!imp || imp.imported !== b.name) return false;
    const mods = imp.module.startsWith('.') ? this.modules.relative(file, imp.module) : this.modules.absolute(imp.module);
    if (!mods || mods === EXTERNAL || !mods.some((m) => m.file === file)) return false;
    return this.modules.child(mods.find((m) => m.file === file)!.dirs, b.name).length > 0;
  }

  // ------------------------------------------------------------------ attributes

  private attribute(v: Value, name: string): Hit[] {
    switch (v.k) {
      case 'module':
        return this.moduleMember(v.mod, name, new Set());
      case 'class':
        // Jedi (0.18 and 0.20) lands outside the repo for any attribute read on an Enum class, except its members.
        if (this.isEnum(v.def)) return [];
        return this.classMember(this.mro(v.def), name);
      case 'instance': {
        const mro = this.mro(v.def);
        for (const c of mro) {
          const attrs = this.facts.get(this.definitions[c]!.file)?.classes.get(c)?.selfAttributes.get(name);
          if (attrs?.length) return attrs.map((a) => ({ k: 'selfattr', file: this.definitions[c]!.file, row: a.row, name, value: a.value, method: a.method }));
        }
        return this.classMember(mro, name);
      }
      case 'super':
        return this.classMember(this.mro(v.cls).slice(1), name);
      default:
        return [];
    }
  }

  private classMember(mro: number[], name: string): Hit[] {
    for (const c of mro) {
      const d = this.definitions[c]!;
      const facts = this.facts.get(d.file);
      const cf = facts?.classes.get(c);
      if (!facts || !cf) continue;
      const bindings = facts.scopes[cf.scope]!.bindings.get(name);
      if (bindings?.length) {
        const chosen = selectByFlow(bindings, [], this.decider(d.file));
        if (chosen.length) return chosen.map((b) => ({ k: 'binding', file: d.file, scope: cf.scope, b }));
      }
    }
    return [];
  }

  /** Jedi's (simplified) method resolution order: the class, then each base's order in turn, without repeats. */
  private mro(cls: number): number[] {
    const cached = this.mroCache.get(cls);
    if (cached) return cached;
    const out = [cls];
    this.mroCache.set(cls, out); // a cycle through bad bases stops here
    const d = this.definitions[cls]!;
    const facts = this.facts.get(d.file);
    const cf = facts?.classes.get(cls);
    if (facts && cf) {
      const parentScope = facts.scopes[cf.scope]!.parent ?? 0;
      for (const base of cf.bases) {
        const site: Site = { file: d.file, scope: parentScope, row: d.lineStart, col: 0, flows: [] };
        for (const v of this.infer(base, site, null)) {
          if (v.k !== 'class') continue;
          for (const c of this.mro(v.def)) if (!out.includes(c)) out.push(c);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ light inference

  private infer(e: Expr, site: Site, bound: Bound | null): Value[] {
    if (this.depth > MAX_DEPTH) return [];
    this.depth++;
    try {
      return this.inferInner(e, site, bound);
    } finally {
      this.depth--;
    }
  }

  private inferInner(e: Expr, site: Site, bound: Bound | null): Value[] {
    switch (e.k) {
      case 'name': {
        const at: Site = { file: site.file, scope: site.scope, row: e.row, col: e.col, flows: site.flows };
        return this.follow(this.gotoName(at, e.n)).flatMap((h) => this.valuesOf(h, bound));
      }
      case 'str': {
        const parts = e.s.split('.');
        let expr: Expr = { k: 'name', n: parts[0]!, row: Number.MAX_SAFE_INTEGER, col: 0 };
        for (const p of parts.slice(1)) expr = { k: 'attr', obj: expr, n: p };
        // A string annotation is evaluated as if at module level of its file when not found locally.
        return this.infer(expr, { ...site, row: Number.MAX_SAFE_INTEGER, col: 0 }, bound);
      }
      case 'attr':
        return this.infer(e.obj, site, bound).flatMap((v) => {
          // An Enum's member (`Color.RED`, assigned in its body) is an instance of the Enum.
          if (v.k === 'class' && this.isEnum(v.def)) {
            const hits = this.classMember(this.mro(v.def), e.n);
            return hits.length && hits.every((h) => h.k === 'binding' && h.b.kind === 'assign') ? [{ k: 'instance', def: v.def } as Value] : [];
          }
          return this.follow(this.attribute(v, e.n)).flatMap((h) => this.valuesOf(h, bound, v));
        });
      case 'call': {
        if (e.fn.k === 'name' && e.fn.n === 'super' && !this.gotoName({ ...site, row: e.fn.row, col: e.fn.col }, 'super').length) {
          const cls = this.enclosingClass(site);
          return cls === null ? [] : [{ k: 'super', cls }];
        }
        if (e.fn.k === 'name' && e.fn.n === 'type' && e.args.length === 1) {
          return this.infer(e.args[0]!, site, bound).flatMap((v) => (v.k === 'instance' ? [{ k: 'class', def: v.def } as Value] : []));
        }
        const container = this.containerCall(e, site, bound);
        if (container) return container;
        if (e.args.length >= 1 && this.isIdentityCall(e.fn, site)) return this.infer(e.args[0]!, site, bound);
        return this.infer(e.fn, site, bound).flatMap((v) => this.callResult(v));
      }
      case 'union':
        return e.of.flatMap((x) => this.infer(x, site, bound));
      case 'generic': {
        const of = (x: Expr | undefined) => (x ? this.infer(x, site, bound).flatMap(instanceOf) : []);
        if (e.head === 'map') return [{ k: 'map', keys: of(e.args[0]), vals: of(e.args[1]) }];
        if (e.head === 'tuple') return [{ k: 'tuple', items: e.args.map((a) => of(a)) }];
        return [{ k: 'seq', of: e.args.flatMap((a) => of(a)) }];
      }
      case 'index':
        // An element of an annotated or displayed container: a mapping's value, a sequence's element, a tuple's item.
        return this.infer(e.of, site, bound).flatMap((v): Value[] => {
          if (v.k === 'map') return v.vals;
          if (v.k === 'seq') return v.of;
          if (v.k === 'tuple') return e.i === null ? v.items.flat() : (v.items[e.i] ?? []);
          return [];
        });
      case 'typeof':
        return this.infer(e.of, site, bound).flatMap((v): Value[] => (v.k === 'class' ? [{ k: 'type', def: v.def }] : []));
      case 'unpack': {
        // A display unpacks position by position; an inferred tuple item by item; a sequence into its elements.
        if (e.of.k === 'list') {
          const item = e.of.items.length > e.i ? e.of.items[e.i] : undefined;
          return item ? this.infer(item, site, bound) : [];
        }
        return this.infer(e.of, site, bound).flatMap((v) => (v.k === 'tuple' ? (v.items[e.i] ?? []) : v.k === 'seq' ? v.of : []));
      }
      case 'list':
        return [{ k: 'seq', of: e.items.flatMap((x) => this.infer(x, site, bound)) }];
      case 'iter':
        return elementsOf(this.iterable(this.infer(e.of, site, bound)), e.pick);
      case 'annotated':
        return this.infer(e.of, site, bound).flatMap(instanceOf);
      default:
        return [];
    }
  }

  /** An instance whose class defines `__iter__` iterates as what `__iter__` returns (`-> Iterator[C]`, a generator). */
  private iterable(values: Value[]): Value[] {
    return values.flatMap((v) => {
      if (v.k !== 'instance') return [v];
      return this.follow(this.classMember(this.mro(v.def), '__iter__')).flatMap((h) =>
        this.valuesOf(h, null, v).flatMap((f) => (f.k === 'function' ? this.callResult(f) : [])),
      );
    });
  }

  /** `enumerate(it)`, `d.items()` / `.values()` / `.keys()` on an annotated mapping; null for any other call. */
  private containerCall(e: Extract<Expr, { k: 'call' }>, site: Site, bound: Bound | null): Value[] | null {
    if (e.fn.k === 'name' && e.fn.n === 'enumerate' && e.args.length >= 1 && !this.gotoName({ ...site, row: e.fn.row, col: e.fn.col }, 'enumerate').length) {
      return [{ k: 'seq', of: [{ k: 'tuple', items: [[], elementsOf(this.iterable(this.infer(e.args[0]!, site, bound)), null)] }] }];
    }
    if (e.fn.k !== 'attr' || !DICT_VIEWS.has(e.fn.n)) return null;
    const maps = this.infer(e.fn.obj, site, bound).filter((v): v is Extract<Value, { k: 'map' }> => v.k === 'map');
    if (!maps.length) return null;
    if (e.fn.n === 'keys') return [{ k: 'seq', of: maps.flatMap((m) => m.keys) }];
    if (e.fn.n === 'values') return [{ k: 'seq', of: maps.flatMap((m) => m.vals) }];
    return [{ k: 'seq', of: maps.map((m): Value => ({ k: 'tuple', items: [m.keys, m.vals] })) }];
  }

  /**
   * The dotted standard-library name (`copy.deepcopy`, `enum.IntEnum`) that `e` stands for through `import copy` or
   * `from copy import deepcopy`, else null.
   */
  private stdlibName(e: Expr, site: Site): string | null {
    let local: Extract<Expr, { k: 'name' }>;
    let member: string | null = null;
    if (e.k === 'name') local = e;
    else if (e.k === 'attr' && e.obj.k === 'name') [local, member] = [e.obj, e.n];
    else return null;
    const hits = this.gotoName({ ...site, row: local.row, col: local.col }, local.n);
    if (hits.length !== 1 || hits[0]!.k !== 'binding' || hits[0]!.b.kind !== 'import') return null;
    const imp = this.importsByFile.get(hits[0]!.file)?.[hits[0]!.b.importIndex!];
    if (!imp || this.modules.absolute(imp.module) !== EXTERNAL) return null;
    if (member === null) return imp.imported === null ? null : `${imp.module}.${imp.imported}`;
    return imp.imported === null ? `${imp.module}.${member}` : null;
  }

  /**
   * The callee is a standard-library function whose typeshed signature hands its argument back (`copy.deepcopy`:
   * `(x: _T) -> _T`): Jedi keeps the argument's type.
   */
  private isIdentityCall(fn: Expr, site: Site): boolean {
    const name = this.stdlibName(fn, site);
    return name !== null && IDENTITY_FUNCTIONS.has(name);
  }

  /** The class derives from the standard library's `enum.Enum` (directly or through repo classes). */
  private isEnum(cls: number): boolean {
    const cached = this.enumCache.get(cls);
    if (cached !== undefined) return cached;
    let found = false;
    for (const c of this.mro(cls)) {
      const d = this.definitions[c]!;
      const facts = this.facts.get(d.file);
      const cf = facts?.classes.get(c);
      if (!facts || !cf) continue;
      const site: Site = { file: d.file, scope: facts.scopes[cf.scope]!.parent ?? 0, row: d.lineStart, col: 0, flows: [] };
      if (cf.bases.some((b) => ENUM_BASES.has(this.stdlibName(b, site) ?? ''))) found = true;
    }
    this.enumCache.set(cls, found);
    return found;
  }

  private enumCache = new Map<number, boolean>();

  private enclosingClass(site: Site): number | null {
    const facts = this.facts.get(site.file);
    let s: number | null = site.scope;
    while (s !== null && facts) {
      const scope: Scope = facts.scopes[s]!;
      if (scope.kind === 'class') return scope.def;
      s = scope.parent;
    }
    return null;
  }

  private callResult(v: Value): Value[] {
    if (v.k === 'class') return [{ k: 'instance', def: v.def }];
    if (v.k !== 'function') return [];
    const d = this.definitions[v.def]!;
    const facts = this.facts.get(d.file);
    const ff = facts?.functions.get(v.def);
    if (!facts || !ff) return [];
    const key = `ret\0${v.def}\0${v.bound}`;
    if (this.inProgress.has(key)) return [];
    this.inProgress.add(key);
    try {
      const result = this.functionResult(v, d, ff, facts);
      const manager = ff.decorators.find((x) => CONTEXT_MANAGER_DECORATORS.has(x.split('.').pop()!));
      return manager ? [{ k: 'manager', enter: elementsOf(result, null), async: manager.endsWith('asynccontextmanager') }] : result;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** What calling the function (undecorated) gives: its return annotation, its yields, or its return values. */
  private functionResult(v: Extract<Value, { k: 'function' }>, d: Definition, ff: FunctionFacts, facts: PythonFileFacts): Value[] {
    const funcScope = ff.scope;
    const bound: Bound | null = v.bound === null ? null : { func: v.def, cls: v.bound };
    if (ff.returnAnnotation && v.bound !== null && this.returnsSelfType(d, ff)) return [{ k: 'instance', def: v.bound }];
    if (ff.returnAnnotation) {
      const site: Site = { file: d.file, scope: facts.scopes[funcScope]!.parent ?? 0, row: Number.MAX_SAFE_INTEGER, col: 0, flows: [] };
      return this.infer(ff.returnAnnotation, site, null).flatMap(instanceOf);
    }
    if (ff.isGenerator) {
      const inside: Site = { file: d.file, scope: funcScope, row: d.lineEnd + 1, col: 0, flows: [] };
      return [{ k: 'seq', of: ff.yields.flatMap((y) => this.infer(y, inside, bound)) }];
    }
    const site: Site = { file: d.file, scope: funcScope, row: d.lineEnd + 1, col: 0, flows: [] };
    return ff.returns.flatMap((r) => this.infer(r, site, bound));
  }

  /**
   * `def m(self: T) -> T` (or `cls: Type[T]`) with T a `TypeVar`: Jedi solves T from what the method is called on,
   * so the result is an instance of that class.
   */
  private returnsSelfType(d: Definition, ff: FunctionFacts): boolean {
    const ret = ff.returnAnnotation;
    if (!d.isMethod || ret?.k !== 'name') return false;
    const facts = this.facts.get(d.file)!;
    const first = [...facts.scopes[ff.scope]!.bindings.values()].flat().find((b) => b.kind === 'param' && b.paramIndex === 0);
    const ann = first?.value?.k === 'typeof' ? first.value.of : first?.value;
    if (ann?.k !== 'name' || ann.n !== ret.n) return false;
    const site: Site = { file: d.file, scope: facts.scopes[ff.scope]!.parent ?? 0, row: Number.MAX_SAFE_INTEGER, col: 0, flows: [] };
    const hits = this.gotoName(site, ret.n);
    return (
      hits.length > 0 &&
      hits.every((h) => {
        if (h.k !== 'binding' || h.b.kind !== 'assign' || h.b.value?.k !== 'call') return false;
        const fn = h.b.value.fn;
        return (fn.k === 'name' && fn.n === 'TypeVar') || (fn.k === 'attr' && fn.n === 'TypeVar');
      })
    );
  }

  /** The values a name's binding stands for. `through`: the object an attribute was read from. */
  private valuesOf(h: Hit, bound: Bound | null, through?: Value): Value[] {
    if (h.k === 'module') return [{ k: 'module', mod: h.mod }];
    if (h.k === 'selfattr') {
      if (!h.value) return [];
      const d = this.definitions[h.method]!;
      const facts = this.facts.get(d.file);
      const ff = facts?.functions.get(h.method);
      if (!ff) return [];
      return this.inferOnce(`sa\0${h.file}\0${h.row}\0${h.name}`, h.value, { file: d.file, scope: ff.scope, row: h.row, col: 0, flows: [] }, null);
    }
    if (h.k !== 'binding') return [];
    const b = h.b;
    switch (b.kind) {
      case 'def': {
        const d = this.definitions[b.def!]!;
        if (d.type === 'class') return [{ k: 'class', def: d.id }];
        const viaClass = through && (through.k === 'instance' || through.k === 'class') ? through.def : null;
        // Read on an instance, a property is its getter's result (a later `@x.setter` def keeps the getter).
        const getter = through?.k === 'instance' ? this.propertyGetter(h.file, h.scope, d) : null;
        if (getter !== null) return this.callResult({ k: 'function', def: getter, bound: viaClass });
        return [{ k: 'function', def: d.id, bound: viaClass }];
      }
      case 'assign': {
        const site: Site = { file: h.file, scope: h.scope, row: b.row, col: b.col, flows: b.flows };
        if (b.annotation) return this.inferOnce(`an\0${h.file}\0${b.row}\0${b.col}`, b.annotation, site, bound).flatMap(instanceOf);
        if (!b.value) return [];
        return this.inferOnce(`as\0${h.file}\0${b.row}\0${b.col}`, b.value, site, bound);
      }
      case 'param':
        return this.paramValues(h.file, h.scope, b, bound);
      case 'with':
      case 'asyncwith': {
        if (!b.value) return [];
        const site: Site = { file: h.file, scope: h.scope, row: b.row, col: b.col, flows: b.flows };
        const managers = this.inferOnce(`wi\0${h.file}\0${b.row}\0${b.col}`, b.value, site, bound);
        const enter = b.kind === 'with' ? '__enter__' : '__aenter__';
        return managers.flatMap((m) => {
          if (m.k === 'manager' && m.async === (b.kind === 'asyncwith')) return m.enter;
          if (m.k !== 'instance') return [];
          return this.follow(this.classMember(this.mro(m.def), enter)).flatMap((eh) =>
            this.valuesOf(eh, null, m).flatMap((f) => (f.k === 'function' ? this.callResult(f) : [])),
          );
        });
      }
      default:
        return [];
    }
  }

  /**
   * The getter when `d` is a property (`@property`, `@functools.cached_property`...) or a `@<name>.setter` /
   * `.deleter` redefinition of one in the same class body; else null.
   */
  private propertyGetter(file: string, scope: number, d: Definition): number | null {
    const decorators = (id: number) => this.facts.get(file)?.functions.get(id)?.decorators ?? [];
    const isGetter = (id: number) => decorators(id).some((x) => PROPERTY_DECORATORS.has(x.split('.').pop()!));
    if (isGetter(d.id)) return d.id;
    if (!decorators(d.id).some((x) => x === `${d.name}.setter` || x === `${d.name}.deleter`)) return null;
    const earlier = this.facts.get(file)?.scopes[scope]?.bindings.get(d.name) ?? [];
    const getter = earlier.find((b) => b.kind === 'def' && b.def !== undefined && isGetter(b.def));
    return getter?.def ?? null;
  }

  private inferOnce(key: string, e: Expr, site: Site, bound: Bound | null): Value[] {
    if (this.inProgress.has(key)) return [];
    this.inProgress.add(key);
    try {
      return this.infer(e, site, bound);
    } finally {
      this.inProgress.delete(key);
    }
  }

  private paramValues(file: string, scope: number, b: Binding, bound: Bound | null): Value[] {
    if (b.value) {
      const facts = this.facts.get(file)!;
      const site: Site = { file, scope: facts.scopes[scope]!.parent ?? 0, row: Number.MAX_SAFE_INTEGER, col: 0, flows: [] };
      const declared = this.inferOnce(`pa\0${file}\0${b.row}\0${b.col}`, b.value, site, null).flatMap(instanceOf);
      return declared.length ? declared : this.dynamicParam(b);
    }
    if (b.paramIndex !== 0 || b.paramOf === undefined) return this.dynamicParam(b);
    const func = this.definitions[b.paramOf]!;
    if (!func.isMethod || func.parent === null) return [];
    const decorators = this.facts.get(file)?.functions.get(func.id)?.decorators ?? [];
    if (decorators.includes('staticmethod')) return [];
    const cls = bound && bound.func === func.id ? bound.cls : func.parent;
    return decorators.includes('classmethod') ? [{ k: 'class', def: cls }] : [{ k: 'instance', def: cls }];
  }

  /**
   * Jedi's dynamic parameter search, for a parameter its annotation does not type: the calls of the function by
   * name (of its class, for `__init__`), first in its own module, then in the repo's other files when the name is
   * longer than 3 characters, at most 20 of them (10 when already inside such a search, and so on); at each one
   * that resolves to the function, the argument passed for the parameter. Other modules are searched in an order
   * we do not reproduce, so their calls count only when the whole search fits the limit.
   */
  private dynamicParam(b: Binding): Value[] {
    if (b.paramOf === undefined || b.paramIndex === undefined) return [];
    const func = this.definitions[b.paramOf]!;
    const ff = this.facts.get(func.file)?.functions.get(func.id);
    if (!ff) return [];
    const isInit = func.name === '__init__' && func.isMethod && func.parent !== null;
    const target = isInit ? func.parent! : func.id;
    const name = this.definitions[target]!.name;
    const implicitSelf = func.isMethod && !ff.decorators.includes('staticmethod') ? 1 : 0;
    const position = b.paramIndex - implicitSelf;
    if (position < 0) return [];
    const key = `dyn\0${func.id}`;
    if (this.inProgress.has(key)) return [];
    this.dynamicDepth++;
    this.inProgress.add(key);
    try {
      const limit = Math.floor(MAX_PARAM_SEARCHES / this.dynamicDepth);
      const own = this.callsNamed(name).filter((n) => this.sites[n]!.call.file === func.file);
      const others = name.length > 3 ? this.callsNamed(name).filter((n) => this.sites[n]!.call.file !== func.file) : [];
      const searched = own.length + others.length <= limit ? [...own, ...others] : own.slice(0, limit);
      const out: Value[] = [];
      for (const n of searched) {
        const r = this.resolveSite(n);
        if (r.kind !== 'resolved' || r.definition !== target) continue;
        const facts = this.sites[n]!.facts!;
        const arg = facts.keywords?.get(b.name) ?? facts.args[position];
        if (!arg || arg.k === 'other') continue;
        const at: Site = { file: this.sites[n]!.call.file, scope: facts.scope, row: facts.anchorRow, col: facts.anchorCol, flows: facts.flows };
        out.push(...this.infer(arg, at, null));
      }
      return out;
    } finally {
      this.inProgress.delete(key);
      this.dynamicDepth--;
    }
  }

  private dynamicDepth = 0;
  private byName: Map<string, number[]> | null = null;

  /** Call sites whose callee's final name is `name`, in index order. */
  private callsNamed(name: string): number[] {
    if (!this.byName) {
      this.byName = new Map();
      this.sites.forEach((s, n) => {
        const list = this.byName!.get(s.call.name);
        if (list) list.push(n);
        else this.byName!.set(s.call.name, [n]);
      });
    }
    return this.byName.get(name) ?? [];
  }
}

/** Standard-library functions typed `(x: _T, ...) -> _T` in typeshed. */
const IDENTITY_FUNCTIONS = new Set(['copy.copy', 'copy.deepcopy']);
const ENUM_BASES = new Set(['enum.Enum', 'enum.IntEnum', 'enum.Flag', 'enum.IntFlag', 'enum.StrEnum']);

/** What an annotation names: an instance of a class, a class (`Type[C]`), or a container it describes. */
function instanceOf(v: Value): Value[] {
  if (v.k === 'class') return [{ k: 'instance', def: v.def }];
  if (v.k === 'type') return [{ k: 'class', def: v.def }];
  return v.k === 'seq' || v.k === 'map' || v.k === 'tuple' ? [v] : [];
}

const DICT_VIEWS = new Set(['items', 'keys', 'values']);

/** What iterating these values hands out; `pick`: that item of each tuple element (`for i, x in ...`). */
function elementsOf(values: Value[], pick: number | null): Value[] {
  const elements = values.flatMap((v): Value[] => (v.k === 'seq' ? v.of : v.k === 'map' ? v.keys : v.k === 'tuple' ? v.items.flat() : []));
  if (pick === null) return elements;
  return elements.flatMap((v) => (v.k === 'tuple' ? (v.items[pick] ?? []) : []));
}

/**
 * Jedi's `_check_flows`: from the last binding backwards, keep every binding that may reach the use, and stop at
 * the first that surely does. A binding in another arm of the same `if` cannot reach the use.
 */
export function selectByFlow(bindings: Binding[], useFlows: FlowStep[], decide: Decide = () => null): Binding[] {
  const out: Binding[] = [];
  for (let i = bindings.length - 1; i >= 0; i--) {
    const b = bindings[i]!;
    const r = reachability(b.flows, useFlows, decide);
    if (r === 'unreachable') continue;
    out.push(b);
    if (r === 'reachable') break;
  }
  return out;
}

type Reach = 'reachable' | 'unreachable' | 'unsure';
/** Decides an `if` test the extractor could not (a name that may stand for a class, function or module). */
type Decide = (step: FlowStep) => boolean | null;

/** An if arm's truth: its constant test, else what `decide` makes of a name test, else undecided (null). */
function truthOf(arm: FlowStep, decide: Decide): boolean | null {
  return arm.constant ?? (arm.test ? decide(arm) : null);
}

/** The binding is before the use site (Jedi's position limit). */
function before(b: Binding, site: Site): boolean {
  return b.row < site.row || (b.row === site.row && b.col < site.col);
}

function reachability(bindingFlows: FlowStep[], useFlows: FlowStep[], decide: Decide): Reach {
  let i = 0;
  while (i < bindingFlows.length && i < useFlows.length && bindingFlows[i]!.flow === useFlows[i]!.flow && bindingFlows[i]!.branch === useFlows[i]!.branch) i++;
  if (i === bindingFlows.length) return 'reachable';
  const b = bindingFlows[i]!;
  const u = useFlows[i];
  if (u && u.flow === b.flow) {
    if (b.kind === 'if') return 'unreachable';
    if (b.kind === 'try' && u.branch === 'else' && b.branch === 'except') return 'unreachable';
  }
  let result: Reach = 'reachable';
  for (let j = i; j < bindingFlows.length; j++) {
    const step = bindingFlows[j]!;
    if (step.kind !== 'if') {
      result = 'unsure';
      continue;
    }
    if (step.branch === 'else') {
      // Jedi checks the arms' tests in order until one is not false, then inverts that verdict.
      let verdict: boolean | null = false;
      for (const arm of step.arms ?? []) {
        verdict = truthOf(arm, decide);
        if (verdict !== false) break;
      }
      if (verdict === true) return 'unreachable';
      if (verdict === null) result = 'unsure';
      continue;
    }
    const truth = truthOf(step, decide);
    if (truth === false) return 'unreachable';
    else if (truth !== true) result = 'unsure';
  }
  return result;
}
