import { PYTHON_BUILTINS, STDLIB_MODULES } from '../../index/python/builtins';
import type { DependencyTask } from './instruction';
import { parseGrep, parseNumberedView, parsePaths, shellQuote } from './observations';
import { baseNames, buildOutlines, enclosingClass, enclosingScopes, members, OUTLINE_PATTERN, topLevel, type FileOutline, type OutlineEntry } from './outline';
import { absolute, bash, insertAfter, submit, view, type Play } from './play';
import { blockEnd, callSites, codeOnly, headerEnd, importBindings, moduleFile, nestedDefinitions, type CallSite, type ImportBinding } from './python-text';

/**
 * The baseline's dependency search, as a methodical person would do it with grep: read the target, list the names
 * it calls, and find each one's definition — in the same file first, then by following the file's import lines
 * (through re-exports), methods on `self`/`cls` in the enclosing class and its bases, `mod.f()` through imported
 * modules, `x.f()` when `x = SomeClass(...)` in the body. A name it cannot pin down is left out: a wrong comment
 * costs as much as a missing one.
 */

const VIEW_CHUNK = 150;
const MAX_FOLLOW_ROUNDS = 3;

interface Resolver {
  outlines: Map<string, FileOutline>;
  files: Set<string>;
  /** Files whose outline is needed before the calls can be resolved. */
  missing: Set<string>;
  /** Module-level `name = Class(...)` in the target's file: name → class expression. */
  moduleAssignments: Map<string, string>;
}

export function* searchDependencies(task: DependencyTask): Play {
  const target = task.file;
  const abs = (p: string) => absolute(task.root, p);

  // The target file's outline and imports.
  let fb = yield bash(`grep -nE ${shellQuote(OUTLINE_PATTERN)} ${shellQuote(target)}`);
  const outlines = buildOutlines(parseGrep(fb.observation, target));
  const own = outlines.get(target) ?? { path: target, entries: [], imports: [], openImports: [] };
  outlines.set(target, own);
  yield* completeImports(own, abs);
  const entry = own.entries.find((e) => e.line === task.line && e.kind === 'def') ?? own.entries.find((e) => e.line === task.line);
  const from = entry?.decoratorLine ?? task.line;

  // The target's code, decorators included, read in chunks until its block ends.
  const lines = new Map<number, string>();
  let end: number | null = null;
  for (let chunk = 0; chunk < 4 && end === null; chunk++) {
    const a = from + chunk * VIEW_CHUNK;
    fb = yield view(abs(target), [a, a + VIEW_CHUNK - 1]);
    if (fb.error) break;
    const got = parseNumberedView(fb.observation);
    for (const [n, t] of got) lines.set(n, t);
    const seq = sequence(lines, from);
    const defAt = task.line - from;
    const last = blockEnd(seq, defAt);
    if (last !== null) end = from + last;
    else if (got.size < VIEW_CHUNK) end = from + seq.length - 1; // the file ended
  }
  const seq = sequence(lines, from).slice(0, (end ?? from) - from + 1);
  const code = codeOnly(seq.join('\n')).split('\n');
  const defAt = Math.min(task.line - from, Math.max(0, seq.length - 1));
  const bodyFrom = seq.length ? headerEnd(seq, defAt) + 1 : 0;
  // Calls in the decorators and the body count; the parameters' defaults and annotations do not (as the authors').
  const callCode = [...code.slice(0, defAt), ...code.slice(bodyFrom)].join('\n');
  const nested = nestedDefinitions(code.slice(bodyFrom).join('\n'));
  const calls = callSites(callCode).filter((c) => !PYTHON_BUILTINS.has(c.name) && !nested.has(c.name));
  const body = code.join('\n');
  if (calls.length === 0) {
    yield submit('The function calls nothing defined in this repository that I could find.');
    return;
  }
  const localImports = importBindings(codeOnly(seq.slice(bodyFrom).join('\n')));

  // Where modules live.
  fb = yield bash(`find . -name '*.py' -type f`);
  const moduleAssignments = new Map<string, string>();
  const r: Resolver = { outlines, files: new Set(parsePaths(fb.observation)), missing: new Set(), moduleAssignments };

  // Receivers that are neither modules nor classes may be module-level objects: `_default = Encoder(...)`.
  const receivers = [...new Set(calls.map((c) => c.receiver).filter((x): x is string => x !== null && /^[A-Za-z_]\w*$/.test(x) && x !== 'self' && x !== 'cls'))]
    .filter((x) => !own.imports.some((b) => b.local === x) && !topLevel(own, x) && !new RegExp(String.raw`\b${x}\s*=`).test(body));
  if (receivers.length) {
    fb = yield bash(`grep -nE ${shellQuote(String.raw`^(${receivers.join('|')})\s*=`)} ${shellQuote(target)}`);
    for (const h of parseGrep(fb.observation, target)) {
      const m = /^([A-Za-z_]\w*)\s*=\s*([A-Za-z_][\w.]*)\s*\(/.exec(h.text);
      if (m) moduleAssignments.set(m[1]!, m[2]!);
    }
  }

  const found = new Map<string, OutlineEntry>();
  for (let round = 0; round <= MAX_FOLLOW_ROUNDS; round++) {
    r.missing.clear();
    found.clear();
    for (const call of calls) {
      const dep = resolveCall(r, call, { file: target, indent: entry?.indent ?? 0, line: task.line }, localImports, body);
      if (dep) found.set(`${dep.path}:${dep.line}`, dep);
    }
    if (r.missing.size === 0 || round === MAX_FOLLOW_ROUNDS) break;
    const paths = [...r.missing].sort();
    fb = yield bash(`grep -nE ${shellQuote(OUTLINE_PATTERN)} ${paths.map(shellQuote).join(' ')}`);
    const more = buildOutlines(parseGrep(fb.observation, paths.length === 1 ? paths[0] : undefined));
    for (const p of paths) {
      const o = more.get(p) ?? { path: p, entries: [], imports: [], openImports: [] };
      outlines.set(p, o);
      yield* completeImports(o, abs);
    }
  }

  const deps = [...found.values()].filter((d) => !(d.path === target && d.line === task.line));
  if (deps.length === 0) {
    yield submit('None of the calls resolves to a definition in this repository.');
    return;
  }
  // Bottom-up within a file, so each insert leaves the line numbers of the next ones intact.
  deps.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : b.decoratorLine - a.decoratorLine));
  for (const d of deps) {
    yield insertAfter(abs(d.path), d.decoratorLine - 1, `${' '.repeat(d.indent)}${task.comment}`);
  }
  yield submit(`Commented ${deps.length} dependenc${deps.length === 1 ? 'y' : 'ies'}: ${deps.map((d) => d.name).join(', ')}.`);
}

/** Reads the rest of import statements grep showed only the first line of (`from x import (`). */
function* completeImports(o: FileOutline, abs: (p: string) => string): Play {
  if (o.openImports.length === 0) return;
  const first = o.openImports[0]!;
  const last = o.openImports[o.openImports.length - 1]!;
  const fb = yield view(abs(o.path), [first, last + 30]);
  const text = [...parseNumberedView(fb.observation).values()].join('\n');
  o.imports.push(...importBindings(text));
}

function sequence(lines: Map<number, string>, from: number): string[] {
  const out: string[] = [];
  for (let n = from; lines.has(n); n++) out.push(lines.get(n)!);
  return out;
}

interface Where {
  file: string;
  indent: number;
  line: number;
}

function outlineOf(r: Resolver, path: string): FileOutline | null {
  const o = r.outlines.get(path);
  if (!o) r.missing.add(path);
  return o ?? null;
}

/** The definition a name means at the top level of `file`: defined there, or imported (followed to its module). */
function resolveName(r: Resolver, name: string, file: string, extraImports: ImportBinding[] = [], depth = 0): OutlineEntry | null {
  if (depth > 4) return null;
  const o = outlineOf(r, file);
  if (!o) return null;
  const binding = [...extraImports, ...o.imports].find((b) => b.local === name);
  const local = topLevel(o, name);
  // A local import in the body shadows the module's names; otherwise a definition in the file wins.
  if (local && !extraImports.some((b) => b.local === name)) return local;
  if (!binding || binding.attr === null) return local;
  const mod = inRepoModule(r, binding.module, file);
  if (!mod) return null;
  return resolveName(r, binding.attr, mod, [], depth + 1);
}

/** A function defined in a function enclosing the target (a sibling closure): Python looks there before the module. */
function enclosingScopeDefinition(o: FileOutline, where: Where, name: string): OutlineEntry | null {
  for (const scope of enclosingScopes(o, where).reverse()) {
    if (scope.kind !== 'def') continue;
    const found = members(o, scope).find((e) => e.name === name);
    if (found) return found;
  }
  return null;
}

/** The module file a name is bound to (`import a.b as m`, `from pkg import mod`), or null. */
function moduleOf(r: Resolver, name: string, file: string, extraImports: ImportBinding[]): string | null {
  const o = r.outlines.get(file);
  const binding = [...extraImports, ...(o?.imports ?? [])].find((b) => b.local === name);
  if (!binding) return null;
  if (binding.attr === null) return inRepoModule(r, binding.module, file);
  return inRepoModule(r, `${binding.module}${binding.module.endsWith('.') ? '' : '.'}${binding.attr}`, file);
}

/**
 * The repo file of a module, or null for external ones. An absolute import of a standard-library name counts as
 * the standard library (the instruction excludes it) even when the repo has a folder of that name.
 */
function inRepoModule(r: Resolver, module: string, file: string): string | null {
  if (!module.startsWith('.') && STDLIB_MODULES.has(module.split('.')[0]!)) return null;
  return moduleFile(module, file, r.files);
}

/** A method of a class or of its bases (the first found, in base order). */
function methodOf(r: Resolver, cls: OutlineEntry, name: string, skipOwn = false, depth = 0): OutlineEntry | null {
  if (depth > 4) return null;
  const o = outlineOf(r, cls.path);
  if (!o) return null;
  if (!skipOwn) {
    const m = members(o, cls).find((e) => e.name === name);
    if (m) return m;
  }
  for (const base of baseNames(cls)) {
    const b = classNamed(r, base, cls.path, []);
    if (b) {
      const m = methodOf(r, b, name, false, depth + 1);
      if (m) return m;
    }
  }
  return null;
}

/** The class a (possibly dotted) name means in `file`. */
function classNamed(r: Resolver, expr: string, file: string, extraImports: ImportBinding[]): OutlineEntry | null {
  const parts = expr.split('.');
  if (parts.length === 1) {
    const d = resolveName(r, expr, file, extraImports);
    return d?.kind === 'class' ? d : null;
  }
  const mod = moduleOf(r, parts[0]!, file, extraImports);
  if (!mod || parts.length !== 2) return null;
  const d = resolveName(r, parts[1]!, mod);
  return d?.kind === 'class' ? d : null;
}

function resolveCall(r: Resolver, call: CallSite, where: Where, localImports: ImportBinding[], code: string): OutlineEntry | null {
  const own = r.outlines.get(where.file)!;
  if (call.receiver === null) return enclosingScopeDefinition(own, where, call.name) ?? resolveName(r, call.name, where.file, localImports);
  if (call.receiver === 'self' || call.receiver === 'cls' || call.receiver === 'super()') {
    const cls = enclosingClass(own, where);
    return cls ? methodOf(r, cls, call.name, call.receiver === 'super()') : null;
  }
  if (call.receiver === '?') return null;
  const recv = call.receiver;
  // mod.f() / pkg.mod.f()
  const head = recv.split('.')[0]!;
  const mod = moduleOf(r, head, where.file, localImports);
  if (mod) {
    let file: string | null = mod;
    for (const part of recv.split('.').slice(1)) file = file ? moduleFile(`.${part}`, file.replace(/__init__\.py$/, 'x.py'), r.files) : null;
    if (file) {
      const d = resolveName(r, call.name, file);
      if (d) return d;
    }
    const cls = classNamed(r, recv, where.file, localImports);
    return cls ? methodOf(r, cls, call.name) : null;
  }
  // Cls.method() on a class name, or x.method() with `x = Cls(...)` in the body.
  const cls = classNamed(r, recv, where.file, localImports);
  if (cls) return methodOf(r, cls, call.name);
  if (!recv.includes('.')) {
    const assigned = new RegExp(String.raw`\b${recv}\s*=\s*([A-Za-z_][\w.]*)\s*\(`).exec(code)?.[1] ?? r.moduleAssignments.get(recv);
    const ac = assigned ? classNamed(r, assigned, where.file, localImports) : null;
    if (ac) return methodOf(r, ac, call.name);
  }
  return null;
}
