import type { Definition, Dependency, RepoIndex } from './types';

/** One dependency-search ground-truth record, in the authors' shape (keys in this order, lines 0-based). */
export interface DependencyRecord {
  target_function_name: string;
  target_function_file: string;
  target_function_line_start: number;
  target_function_line_end: number;
  dependencies: Dependency[];
  num_dependencies: number;
}

export interface DependencySetOptions {
  /** Keep targets with at least / at most this many dependencies (defaults 1 and 5, the builder's own defaults). */
  minDeps?: number;
  maxDeps?: number;
  /** The authors' folder filter (default true): see passesReferenceFolderFilter. */
  referenceFolderFilter?: boolean;
  /**
   * Leave out files tree-sitter (or the Python 3 check) found broken, as targets and as dependencies (default true):
   * the builder skipped every file `ast.parse` rejects.
   */
  skipFilesWithErrors?: boolean;
}

const SKIPPED_SUBSTRINGS = ['__pycache__', 'node_modules', '.git', 'venv', 'env'];

/**
 * The builder's folder filter, applied to a file's folder: no component may start with '.', and the folder path may
 * not CONTAIN `__pycache__`, `node_modules`, `.git`, `venv` or `env` (so `envs/` and `environment/` vanish too).
 */
export function passesReferenceFolderFilter(path: string): boolean {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (!dir) return true;
  if (dir.split('/').some((part) => part.startsWith('.'))) return false;
  return !SKIPPED_SUBSTRINGS.some((s) => dir.includes(s));
}

/**
 * Folders the builder never walks into for Jedi's sys.path (`_find_python_paths` prunes these exact names and every
 * name starting with '.'); the stricter substring filter above then applies to targets and dependencies.
 */
const PRUNED_FOLDERS: ReadonlySet<string> = new Set(['__pycache__', 'node_modules', 'venv', 'env', '.git']);

/** A folder the builder does not walk into: `hgym deps` reads none of its files, as the builder does. */
export function builderPrunesFolder(name: string): boolean {
  return name.startsWith('.') || PRUNED_FOLDERS.has(name);
}

/** The file lies in no folder the builder prunes (builderPrunesFolder), so the builder's walk reaches it. */
export function inBuilderWalk(path: string): boolean {
  return !path.split('/').slice(0, -1).some(builderPrunesFolder);
}

/**
 * The dependency-search ground truth: every public Python function (methods and nested ones too, never classes)
 * with its direct in-repo callees, in the builder's order (files in index order, functions in `ast.walk` order within
 * a file, dependencies in call-site order).
 */
export function dependencySets(index: RepoIndex, opts: DependencySetOptions = {}): DependencyRecord[] {
  const minDeps = opts.minDeps ?? 1;
  const maxDeps = opts.maxDeps ?? 5;
  const folderFilter = opts.referenceFolderFilter ?? true;
  const skipErrors = opts.skipFilesWithErrors ?? true;
  const usable = new Set<string>();
  for (const f of index.files) {
    if (f.language !== 'python' || !f.path.endsWith('.py')) continue;
    if (folderFilter && !passesReferenceFolderFilter(f.path)) continue;
    if (skipErrors && f.hasError) continue;
    usable.add(f.path);
  }
  const out: DependencyRecord[] = [];
  for (const f of index.files) {
    if (!usable.has(f.path)) continue;
    const defs = f.definitionIds.map((id) => index.definitions[id]!).sort(walkOrder);
    for (const t of defs) {
      if (t.type !== 'function' || t.name.startsWith('_')) continue;
      const dependencies = (index.callees[t.id] ?? [])
        .map((id) => index.definitions[id]!)
        .filter((d) => usable.has(d.file))
        .map(toDependency);
      if (dependencies.length < minDeps || dependencies.length > maxDeps) continue;
      out.push({
        target_function_name: t.name,
        target_function_file: t.file,
        target_function_line_start: t.lineStart,
        target_function_line_end: t.lineEnd,
        dependencies,
        num_dependencies: dependencies.length,
      });
    }
  }
  return out;
}

/** `ast.walk` is breadth-first: shallower definitions first, then source order. */
function walkOrder(a: Definition, b: Definition): number {
  return (a.astDepth ?? 0) - (b.astDepth ?? 0) || a.lineStart - b.lineStart || a.id - b.id;
}

export function toDependency(d: Definition): Dependency {
  return { name: d.name, file_path: d.file, line_start: d.lineStart, line_end: d.lineEnd, type: d.type, decorator_line: d.decoratorLine };
}

/**
 * One record as the authors' builder writes it (`json.dumps`: `", "` and `": "` separators, non-ASCII escaped as
 * \uXXXX), so our output and theirs can be compared byte for byte.
 */
export function formatDependencyRecord(record: DependencyRecord): string {
  return pythonJson(record);
}

function pythonJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`);
  return `{${entries.join(', ')}}`;
}
