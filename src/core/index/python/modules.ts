import { STDLIB_MODULES } from './builtins';

/** A module found in the repo: a `.py` file, a package (`__init__.py`), or a namespace package (folders only). */
export interface ModuleRef {
  /** The module's file (a package's `__init__.py`), null for a namespace package. */
  file: string | null;
  /** Folders searched for submodules: a package's folder, or every portion of a namespace package. */
  dirs: string[];
}

/** An import that lands outside the repo (standard library shadowing a repo name). */
export const EXTERNAL = 'external' as const;
export type ModuleLookup = ModuleRef[] | typeof EXTERNAL;

interface Folder {
  modules: Set<string>; // basenames without .py
  subdirs: Set<string>;
}

/**
 * The repo as Jedi's import system sees it in the authors' builder: `sys.path` = the interpreter's own paths, then
 * (`added_sys_path`, in the random order of a Python set) every folder holding `.py` files and all its parents up to
 * the repo root. So `import foo` finds `x/y/foo.py`, and when two folders both offer `foo` the winner depends on that
 * random order: both candidates are returned and the caller treats the call as ambiguous.
 */
export class ModuleMap {
  private folders = new Map<string, Folder>();
  private entries: string[];
  private cache = new Map<string, ModuleLookup | null>();

  /** `rootPackage`: the repo folder's own name when the repo root is itself a package (holds `__init__.py`). */
  constructor(
    pyFiles: Iterable<string>,
    private rootPackage: string | null = null,
  ) {
    const entries = new Set<string>(['']);
    for (const f of pyFiles) {
      if (!f.endsWith('.py')) continue;
      const slash = f.lastIndexOf('/');
      const dir = slash < 0 ? '' : f.slice(0, slash);
      this.folder(dir).modules.add(f.slice(slash + 1, -3));
      // Register the folder chain, and put the folder and its parents on sys.path.
      let d = dir;
      entries.add(d);
      while (d) {
        const up = d.lastIndexOf('/');
        const parent = up < 0 ? '' : d.slice(0, up);
        this.folder(parent).subdirs.add(d.slice(up + 1));
        entries.add(parent);
        d = parent;
      }
    }
    this.entries = [...entries];
    if (rootPackage && !this.folders.get('')?.modules.has('__init__')) this.rootPackage = null;
  }

  private folder(dir: string): Folder {
    let f = this.folders.get(dir);
    if (!f) this.folders.set(dir, (f = { modules: new Set(), subdirs: new Set() }));
    return f;
  }

  /** A child module `name` of the folders `dirs`: packages win over modules inside one folder. */
  child(dirs: string[], name: string): ModuleRef[] {
    const regular: ModuleRef[] = [];
    const portions: string[] = [];
    for (const dir of dirs) {
      const folder = this.folders.get(dir);
      if (!folder) continue;
      const sub = join(dir, name);
      if (folder.subdirs.has(name) && this.folders.get(sub)?.modules.has('__init__')) regular.push({ file: join(sub, '__init__.py'), dirs: [sub] });
      else if (folder.modules.has(name)) regular.push({ file: join(dir, `${name}.py`), dirs: [] });
      else if (folder.subdirs.has(name)) portions.push(sub);
    }
    if (regular.length) return dedupe(regular);
    return portions.length ? [{ file: null, dirs: portions }] : [];
  }

  /** `import a.b.c` / `from a.b import x`: the module `a.b`, EXTERNAL, or null when nothing provides it. */
  absolute(dotted: string): ModuleLookup | null {
    const hit = this.cache.get(dotted);
    if (hit !== undefined) return hit;
    const parts = dotted.split('.');
    let result: ModuleLookup | null;
    if (STDLIB_MODULES.has(parts[0]!)) result = EXTERNAL;
    else {
      let mods = this.child(this.entries, parts[0]!);
      if (this.rootPackage && parts[0] === this.rootPackage) mods = dedupe([...mods, { file: '__init__.py', dirs: [''] }]);
      for (let i = 1; i < parts.length && mods.length; i++) mods = dedupe(mods.flatMap((m) => this.child(m.dirs, parts[i]!)));
      result = mods.length ? mods : null;
    }
    this.cache.set(dotted, result);
    return result;
  }

  /** `from .m import x` / `from .. import y` written in `fromFile`. */
  relative(fromFile: string, module: string): ModuleRef[] {
    const level = module.length - module.replace(/^\.+/, '').length;
    const rest = module.slice(level);
    let dir = dirname(fromFile);
    for (let i = 1; i < level; i++) {
      if (dir === '') return [];
      dir = dirname(dir);
    }
    let mods: ModuleRef[] = [this.package(dir)];
    if (rest) for (const part of rest.split('.')) mods = dedupe(mods.flatMap((m) => this.child(m.dirs, part)));
    return mods;
  }

  /** The package a folder forms (its `__init__.py`, or a namespace package). */
  package(dir: string): ModuleRef {
    const f = this.folders.get(dir);
    return { file: f?.modules.has('__init__') ? join(dir, '__init__.py') : null, dirs: [dir] };
  }
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function dedupe(mods: ModuleRef[]): ModuleRef[] {
  if (mods.length < 2) return mods;
  const seen = new Set<string>();
  return mods.filter((m) => {
    const key = m.file ?? `ns:${m.dirs.join('|')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
