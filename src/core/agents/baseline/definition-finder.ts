import { STDLIB_MODULES } from '../../index/python/builtins';
import { baseNames, blockEndLine, enclosingScopes, members, topLevel, type FileOutline, type OutlineEntry } from './outline';
import { bindingsOf, parseAnnotation, parseChain, returnAnnotation, returnExpressions, signature, type NameBinding, type TypeRef } from './python-expr';
import { codeOnly, headerEnd, importBindings, moduleFile, paramNames, type CallSite, type ImportBinding } from './python-text';

/**
 * Where a call goes, worked out from what the baseline has read so far, as a careful person does it: a name is
 * defined in the file or imported (followed through re-exports); `self.m()` is a method of the enclosing class or
 * its bases; for `x.m()` it asks what `x` is — a module, a class, an object made by `C(...)`, a parameter or
 * variable declared `x: C`, an element of something declared `List[C]`, a property's or a function's result (its
 * `-> C`, else what it returns), an attribute the class assigns (`self.x = C(...)`, `self.x: C`), through closures
 * and module-level aliases. What it needs and has not read yet it asks for (`wanted`); the caller reads it and
 * asks again. A call it cannot pin to one definition is left out: a wrong comment costs as much as a missing one.
 */

export type Value =
  | { k: 'module'; path: string }
  | { k: 'class'; def: OutlineEntry }
  | { k: 'instance'; def: OutlineEntry }
  | { k: 'function'; def: OutlineEntry; cls: OutlineEntry | null }
  /** What iterating it hands out. */
  | { k: 'items'; of: Value[] };

/** The text a name is read in: a function (with its enclosing functions), or a module's top level. */
export interface Scope {
  file: string;
  /** Code with strings and comments blanked, and the same text as written (for quoted annotations). */
  code: string;
  raw: string;
  /** The class `self` and `cls` stand for. */
  cls: OutlineEntry | null;
  /** Imports made inside the function. */
  imports: ImportBinding[];
  /** Parameters of the function and the functions around it: calling one is not calling a definition. */
  params: ReadonlySet<string>;
  /** The definition the code belongs to (to find sibling closures), if any. */
  at: OutlineEntry | null;
}

export interface Wanted {
  outlines: Set<string>;
  /** Definitions whose text is needed, by `path:line`. */
  bodies: Map<string, OutlineEntry>;
  /** Attribute assignments to look up: path → attribute names. */
  attributes: Map<string, Set<string>>;
}

const PROPERTY_DECORATORS = new Set(['property', 'cached_property']);
const MAX_DEPTH = 10;

export class DefinitionFinder {
  readonly outlines = new Map<string, FileOutline>();
  /** Definitions' lines as read, from the `def` line to the block's end: `path:line` → lines. */
  readonly bodies = new Map<string, string[]>();
  /** `grep` hits of attribute assignments: `path:name` → [line, text]. */
  readonly attributeLines = new Map<string, [number, string][]>();
  wanted: Wanted = emptyWanted();
  private readonly active = new Set<string>();
  private depth = 0;

  constructor(readonly files: ReadonlySet<string>) {}

  startRound(): void {
    this.wanted = emptyWanted();
  }

  /** The one definition a call lands on, or null. */
  resolveCall(call: CallSite, scope: Scope): OutlineEntry | null {
    if (call.receiver === null) {
      const imported = scope.imports.some((b) => b.local === call.name);
      if (!imported && (scope.params.has(call.name) || bindingsOf(scope.code, call.name).length)) return null;
      const sibling = scope.at ? this.enclosingDefinition(scope.at, call.name) : null;
      return sibling ?? this.gotoName(call.name, scope.file, scope.imports);
    }
    if (call.receiver === 'self' || call.receiver === 'cls' || call.receiver === 'super()') {
      return scope.cls ? this.memberOf(scope.cls, call.name, call.receiver === 'super()') : null;
    }
    if (call.receiverText === null) return null;
    const landings = new Map<string, OutlineEntry>();
    for (const v of this.typeOf(call.receiverText, scope)) {
      const d = v.k === 'module' ? this.gotoName(call.name, v.path, []) : v.k === 'class' || v.k === 'instance' ? this.memberOf(v.def, call.name) : null;
      if (d) landings.set(`${d.path}:${d.line}`, d);
    }
    return landings.size === 1 ? [...landings.values()][0]! : null;
  }

  /** What an expression may be (several values when its bindings disagree). */
  typeOf(expr: string, scope: Scope): Value[] {
    const chain = parseChain(expr);
    if (!chain) return [];
    return this.guarded(`t\0${scope.file}\0${scope.at?.line ?? 0}\0${scope.code.length}\0${expr}`, () => {
      let values = this.nameValues(chain.head, scope);
      for (const step of chain.steps) {
        values = values.flatMap((v) => (step.k === 'call' ? this.callResult(v) : this.attribute(v, step.name)));
        if (values.length === 0) break;
      }
      return dedupe(values);
    });
  }

  /** Runs `work` unless the same question is already being answered further up (cycles) or the chase is too deep. */
  private guarded(key: string, work: () => Value[]): Value[] {
    if (this.active.has(key) || this.depth > MAX_DEPTH) return [];
    this.active.add(key);
    this.depth++;
    try {
      return work();
    } finally {
      this.active.delete(key);
      this.depth--;
    }
  }

  // ---------------------------------------------------------------- names

  /** A name as Python looks it up from inside the function: its own bindings and imports, then around it. */
  private nameValues(name: string, scope: Scope): Value[] {
    const local = bindingsOf(scope.code, name, scope.raw);
    const localImport = scope.imports.find((b) => b.local === name);
    if (local.length || localImport) {
      const each = local.filter((b) => b.text !== 'None').map((b) => this.bindingValues(b.kind, b.text, scope));
      if (localImport) each.push(this.importValues(localImport, scope.file));
      // Rebound to something it cannot work out (`req = meth(req)`), the name may be anything there: unknown.
      return each.some((v) => v.length === 0) ? [] : each.flat();
    }
    if ((name === 'self' || name === 'cls') && scope.cls) return [{ k: name === 'self' ? 'instance' : 'class', def: scope.cls }];
    if (scope.params.has(name)) return [];
    const sibling = scope.at ? this.enclosingDefinition(scope.at, name) : null;
    if (sibling) return [entryValue(sibling, null)];
    return this.moduleName(name, scope.file, []);
  }

  private bindingValues(kind: NameBinding['kind'], text: string, scope: Scope): Value[] {
    if (kind === 'annotation') return this.annotationValues(parseAnnotation(text), scope.file);
    const values = this.typeOf(text, scope);
    if (kind === 'value') return values;
    if (kind === 'loop') return values.flatMap((v) => (v.k === 'items' ? v.of : []));
    // `with cm as name`: what the manager's __enter__ returns.
    return values.flatMap((v) => {
      if (v.k !== 'instance') return [];
      const enter = this.memberOf(v.def, '__enter__');
      return enter ? this.returnValues(enter, v.def) : [];
    });
  }

  /**
   * The definition a name at the top level of `file` goes to: defined there, or imported (followed through
   * re-exports). A name bound by an assignment (`h = f`) goes to the assignment, not to a definition.
   */
  gotoName(name: string, file: string, extraImports: ImportBinding[], depth = 0): OutlineEntry | null {
    const o = depth > 4 ? null : this.outline(file);
    if (!o) return null;
    const localImport = extraImports.find((b) => b.local === name);
    const def = localImport ? null : topLevel(o, name);
    if (def) return def;
    const b = localImport ?? o.imports.find((i) => i.local === name);
    if (!b || b.attr === null || /^\.+$/.test(b.module)) return null;
    const mod = this.repoModule(b.module, file);
    return mod ? this.gotoName(b.attr, mod, [], depth + 1) : null;
  }

  /** What a name means at the top level of `file`: a definition, an import, or a module-level assignment. */
  moduleName(name: string, file: string, extraImports: ImportBinding[]): Value[] {
    return this.guarded(`m\0${file}\0${name}`, () => this.moduleNameOnce(name, file, extraImports));
  }

  private moduleNameOnce(name: string, file: string, extraImports: ImportBinding[]): Value[] {
    const o = this.outline(file);
    if (!o) return [];
    const localImport = extraImports.find((b) => b.local === name);
    if (localImport) return this.importValues(localImport, file);
    const def = topLevel(o, name);
    if (def) return [entryValue(def, null)];
    const imported = o.imports.find((b) => b.local === name);
    if (imported) return this.importValues(imported, file);
    const assigned = o.assignments.get(name) ?? [];
    const scope = moduleScope(file, assigned.map((rest) => `${name} ${rest}`).join('\n'));
    return assigned.length ? bindingsOf(scope.code, name, scope.raw).flatMap((b) => this.bindingValues(b.kind, b.text, scope)) : [];
  }

  /** What an import binds, followed to the module or the definition it names (through re-exports). */
  private importValues(b: ImportBinding, file: string): Value[] {
    if (b.attr === null) {
      const mod = this.repoModule(b.module, file);
      return mod ? [{ k: 'module', path: mod }] : [];
    }
    if (/^\.+$/.test(b.module)) {
      // `from . import x` finds the submodule x only. In a package named like a standard-library one (a copy of
      // `asyncio/`), Python tooling takes `asyncio.x` for the standard library's module, so it is not this repo's.
      const pkg = moduleFile(b.module, file, this.files);
      if (!pkg || STDLIB_MODULES.has(pkg.split('/')[0]!)) return [];
      const sub = moduleFile(`${b.module}${b.attr}`, file, this.files);
      return sub ? [{ k: 'module', path: sub }] : [];
    }
    const mod = this.repoModule(b.module, file);
    if (!mod) return [];
    const named = this.moduleName(b.attr, mod, []);
    if (named.length) return named;
    const sub = moduleFile(`.${b.attr}`, mod.replace(/__init__\.py$/, 'x.py'), this.files);
    return sub ? [{ k: 'module', path: sub }] : [];
  }

  /**
   * The repo file of a module, or null for external ones. An absolute import of a standard-library name counts as
   * the standard library (the instruction excludes it) even when the repo has a folder of that name.
   */
  private repoModule(module: string, file: string): string | null {
    if (!module.startsWith('.') && STDLIB_MODULES.has(module.split('.')[0]!)) return null;
    return moduleFile(module, file, this.files);
  }

  /** A function defined in a function enclosing `at` (a sibling closure): Python looks there before the module. */
  private enclosingDefinition(at: OutlineEntry, name: string): OutlineEntry | null {
    const o = this.outlines.get(at.path);
    if (!o) return null;
    for (const scope of [at, ...enclosingScopes(o, at).reverse()]) {
      if (scope.kind !== 'def') continue;
      const found = members(o, scope).find((e) => e.name === name);
      if (found) return found;
    }
    return null;
  }

  // ---------------------------------------------------------------- attributes and calls

  private attribute(v: Value, name: string): Value[] {
    if (v.k === 'module') {
      const named = this.moduleName(name, v.path, []);
      if (named.length) return named;
      const sub = moduleFile(`.${name}`, v.path.replace(/__init__\.py$/, 'x.py'), this.files);
      return sub ? [{ k: 'module', path: sub }] : [];
    }
    if (v.k !== 'class' && v.k !== 'instance') return [];
    const member = this.memberOf(v.def, name);
    if (member) {
      const property = member.kind === 'def' && member.decorators.some((d) => PROPERTY_DECORATORS.has(d.split('.').pop()!));
      if (property && v.k === 'instance') return this.returnValues(member, v.def);
      return [entryValue(member, v.def)];
    }
    return this.assignedAttribute(v.def, name);
  }

  private callResult(v: Value): Value[] {
    if (v.k === 'class') return [{ k: 'instance', def: v.def }];
    if (v.k === 'function') return this.returnValues(v.def, v.cls);
    return [];
  }

  /** A function's result: its return annotation, else what its `return` statements give. */
  private returnValues(def: OutlineEntry, boundClass: OutlineEntry | null): Value[] {
    const oneLine = signature([def.header]);
    const annotation = oneLine === null ? null : returnAnnotation(oneLine);
    if (annotation) return this.annotationValues(parseAnnotation(annotation), def.path);
    const body = this.body(def);
    if (!body) return [];
    const fromBody = returnAnnotation(signature(body) ?? '');
    if (fromBody) return this.annotationValues(parseAnnotation(fromBody), def.path);
    const o = this.outlines.get(def.path);
    const cls = boundClass ?? (o ? (enclosingScopes(o, def).pop() ?? null) : null);
    const scope = functionScope(def, body, cls?.kind === 'class' ? cls : null);
    const bodyFrom = headerEnd(body, 0) + 1;
    return returnExpressions(scope.code.split('\n').slice(bodyFrom).join('\n')).flatMap((e) => this.typeOf(e, scope));
  }

  private annotationValues(ref: TypeRef | null, file: string): Value[] {
    if (!ref) return [];
    if (ref.k === 'items') return [{ k: 'items', of: this.annotationValues(ref.of, file) }];
    return this.typeOf(ref.dotted, moduleScope(file, '')).flatMap((v): Value[] => (v.k === 'class' ? [{ k: 'instance', def: v.def }] : []));
  }

  /** A member (method or nested class) of a class or of its bases, the first found in base order. */
  memberOf(cls: OutlineEntry, name: string, skipOwn = false, depth = 0): OutlineEntry | null {
    if (depth > 4) return null;
    const o = this.outline(cls.path);
    if (!o) return null;
    if (!skipOwn) {
      const m = members(o, cls).find((e) => e.name === name);
      if (m) return m;
    }
    for (const base of this.bases(cls)) {
      const m = this.memberOf(base, name, false, depth + 1);
      if (m) return m;
    }
    return null;
  }

  private bases(cls: OutlineEntry): OutlineEntry[] {
    return baseNames(cls).flatMap((b) => this.typeOf(b, moduleScope(cls.path, '')).flatMap((v) => (v.k === 'class' ? [v.def] : [])));
  }

  /**
   * An attribute the class (or a base) assigns: `self.x = C(...)` / `self.x: C` in a method, or `x = C` in the
   * class body. A value assigned from a local variable is read in the method that assigns it.
   */
  private assignedAttribute(cls: OutlineEntry, name: string, depth = 0): Value[] {
    if (depth > 4) return [];
    const o = this.outline(cls.path);
    const hits = this.attributeLines.get(`${cls.path}:${name}`);
    if (!o) return [];
    if (!hits) {
      (this.wanted.attributes.get(cls.path) ?? this.wanted.attributes.set(cls.path, new Set()).get(cls.path)!).add(name);
      return [];
    }
    const inside = members(o, cls);
    const end = blockEndLine(o, cls);
    const memberIndent = inside[0]?.indent ?? cls.indent + 4;
    const out: Value[] = [];
    for (const [line, raw] of hits) {
      if (line <= cls.line || line >= end) continue;
      const text = codeOnly(raw);
      const m = new RegExp(String.raw`^(\s*)(self\.)?${name}\s*(?::\s*([^=]+?))?\s*(?:=\s*(.*))?$`).exec(text);
      if (!m || (!m[2] && m[1]!.length !== memberIndent)) continue;
      if (m[3]) {
        const at = m[0].indexOf(m[3]);
        out.push(...this.annotationValues(parseAnnotation(raw.slice(at, at + m[3].length)), cls.path));
        continue;
      }
      const rhs = m[4]?.trim() ?? '';
      if (rhs === '' || rhs === 'None') continue;
      const method = m[2] ? [...inside].reverse().find((e) => e.kind === 'def' && e.line < line) : undefined;
      let values = this.typeOf(rhs, { ...moduleScope(cls.path, ''), cls });
      const body = !values.length && method ? this.body(method) : null;
      if (body) values = this.typeOf(rhs, functionScope(method!, body, cls));
      out.push(...values);
    }
    if (out.length) return out;
    return this.bases(cls).flatMap((b) => this.assignedAttribute(b, name, depth + 1));
  }

  // ---------------------------------------------------------------- what has been read

  private outline(path: string): FileOutline | null {
    const o = this.outlines.get(path);
    if (!o) this.wanted.outlines.add(path);
    return o ?? null;
  }

  private body(def: OutlineEntry): string[] | null {
    const key = `${def.path}:${def.line}`;
    const b = this.bodies.get(key);
    if (!b) this.wanted.bodies.set(key, def);
    return b ?? null;
  }
}

export function moduleScope(file: string, raw: string): Scope {
  return { file, code: codeOnly(raw), raw, cls: null, imports: [], params: new Set(), at: null };
}

/** The scope of a function read from its lines (`def` line first). */
function functionScope(def: OutlineEntry, lines: string[], cls: OutlineEntry | null): Scope {
  const raw = lines.join('\n');
  const code = codeOnly(raw);
  return { file: def.path, code, raw, cls, imports: importBindings(code), params: new Set(paramNames(code)), at: def };
}

function emptyWanted(): Wanted {
  return { outlines: new Set(), bodies: new Map(), attributes: new Map() };
}

function entryValue(e: OutlineEntry, cls: OutlineEntry | null): Value {
  return e.kind === 'class' ? { k: 'class', def: e } : { k: 'function', def: e, cls };
}

function dedupe(values: Value[]): Value[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    if (v.k === 'items') return true;
    const key = v.k === 'module' ? `m:${v.path}` : `${v.k}:${v.def.path}:${v.def.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
