import type { Definition, RepoIndex } from '../../index/types';
import type { FuncLocInstance } from '../instance-types';
import { localizeInstruction } from '../instructions';
import { maskedDescription, unmaskedDescription } from '../describe';
import { repoSlug, workspacePath, type RepoMeta } from '../repo-meta';
import { createRng } from '../rng';
import { localizationTargets, withoutDocstrings } from './start-state';
import { isPytestTestPath } from '../test-paths';

/**
 * Function localization (hybrid-gym-tasks.md §1): documented Python functions and classes; the episode's workspace
 * has the target's docstring lines deleted; the player gets a description of what it does and writes a docstring.
 */

export type DescriptionMode = 'unmasked' | 'masked';

export interface FuncLocalizeOptions {
  n: number;
  seed: number | string;
  mode: DescriptionMode;
  /**
   * `paper`: the authors' candidate rule (see paperTargets) — a method of a documented class becomes the class, a
   * function nested in a documented function the outer one. `all`: every documented definition.
   */
  selection: 'paper' | 'all';
  /**
   * `authors`: the filters below as set (by default none, as in the authors' `get_docstring.py --mode all_func`).
   * `curated`: also leave out private names and test files and keep at least one body line: this playground's
   * earlier, demo-friendly selection.
   */
  preset: 'authors' | 'curated';
  /** Least number of lines the definition keeps after its docstring is removed (0: a docstring-only body counts). */
  minBodyLines: number;
  /** Leave out test code, decided as pytest's discovery does (isPytestTestPath). */
  excludeTests: boolean;
  /** Leave out names starting with `_` (private and dunder). */
  excludePrivate: boolean;
}

/** The authors' selection: every documented definition of every `*.py` file, tests, private names and docstring-only bodies included. */
export const FUNC_LOCALIZE_DEFAULTS: FuncLocalizeOptions = {
  n: 20,
  seed: 1,
  mode: 'unmasked',
  selection: 'paper',
  preset: 'authors',
  minBodyLines: 0,
  excludeTests: false,
  excludePrivate: false,
};

/** What the `curated` preset turns on, whatever the other options say. */
export const CURATED_FILTERS = { minBodyLines: 1, excludeTests: true, excludePrivate: true } as const;

/** The filters in force: the options, tightened by the curated preset. */
function filters(o: FuncLocalizeOptions): { minBodyLines: number; excludeTests: boolean; excludePrivate: boolean } {
  if (o.preset !== 'curated') return o;
  return { minBodyLines: Math.max(o.minBodyLines, CURATED_FILTERS.minBodyLines), excludeTests: true, excludePrivate: true };
}

function isPrivate(def: Definition): boolean {
  return def.name.startsWith('_');
}

/** `ast.walk` order within a file: breadth-first, then source order (see Definition.astDepth). */
function walkOrder(a: Definition, b: Definition): number {
  return (a.astDepth ?? 0) - (b.astDepth ?? 0) || a.lineStart - b.lineStart || a.id - b.id;
}

/**
 * The authors' candidate → target rule (`get_node_docstring_info(path, [lineno])`): the FIRST documented
 * definition in `ast.walk` order whose 0-based range holds the candidate's 1-based def line. So a method of a
 * documented class becomes the class, a function nested in a documented function becomes the outer one, and a
 * one-line documented definition (its range cannot hold the next line) gives way to whatever holds that line, or
 * to nothing.
 */
function paperTargets(documented: Definition[]): Map<Definition, Definition | null> {
  const ordered = [...documented].sort(walkOrder);
  const out = new Map<Definition, Definition | null>();
  for (const c of ordered) {
    const line = c.lineStart + 1;
    out.set(c, ordered.find((d) => d.lineStart <= line && line <= d.lineEnd) ?? null);
  }
  return out;
}

/**
 * Documented Python definitions per `*.py` file (the authors walk `*.py` only: no `.pyi` stubs), leaving out files
 * tree-sitter could not parse (the authors skipped files `ast.parse` rejects).
 */
function documentedByFile(index: RepoIndex): Definition[][] {
  return index.files
    .filter((f) => f.language === 'python' && f.path.endsWith('.py') && !f.hasError)
    .map((f) => f.definitionIds.map((id) => index.definitions[id]!).filter((d) => d.docstring && d.docstring.text.trim()));
}

/** Candidates in a stable order (file, then line): the order ids are numbered in. */
export function localizationCandidates(index: RepoIndex, options: Partial<FuncLocalizeOptions> = {}): Definition[] {
  const o = { ...FUNC_LOCALIZE_DEFAULTS, ...options };
  const f = filters(o);
  const seen = new Set<Definition>();
  const out: Definition[] = [];
  for (const documented of documentedByFile(index)) {
    const targets = o.selection === 'paper' ? paperTargets(documented) : new Map(documented.map((d) => [d, d]));
    for (const target of targets.values()) {
      if (!target || seen.has(target)) continue;
      seen.add(target);
      const doc = target.docstring!;
      // Deleting the docstring's lines must not delete code: skip `def f(): """doc"""` on one line.
      if (doc.lineStart <= target.lineStart) continue;
      if (target.lineEnd - doc.lineEnd < f.minBodyLines) continue;
      if (f.excludeTests && isPytestTestPath(target.file)) continue;
      if (f.excludePrivate && isPrivate(target)) continue;
      out.push(target);
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.lineStart - b.lineStart));
}

/** The file with the target's docstring lines deleted: the episode's starting text for that file (see start-state.ts). */
export function removeDocstring(text: string, instance: FuncLocInstance): string {
  return withoutDocstrings(text, localizationTargets(instance), instance.file_path);
}

export function generateFuncLocalize(index: RepoIndex, meta: RepoMeta, options: Partial<FuncLocalizeOptions> = {}): FuncLocInstance[] {
  const o = { ...FUNC_LOCALIZE_DEFAULTS, ...options };
  const candidates = localizationCandidates(index, o);
  const numbered = candidates.map((def, k) => ({ def, k }));
  const rng = createRng(`func-localize:${meta.baseCommit}:${o.seed}`);
  rng.shuffle(numbered);
  const sameName = new Map<string, number>();
  for (const d of index.definitions) sameName.set(d.name, (sameName.get(d.name) ?? 0) + 1);

  const instances: FuncLocInstance[] = [];
  for (const { def, k } of numbered) {
    if (instances.length >= o.n) break;
    const doc = def.docstring!;
    const description = o.mode === 'masked' ? maskedDescription(def) : unmaskedDescription(def);
    if (!description) continue; // masking left too little to go on
    const instance: FuncLocInstance = {
      instance_id: `${repoSlug(meta)}__fl_${k}`,
      repo: meta.repo,
      base_commit: meta.baseCommit,
      file_path: def.file,
      module_name: def.name,
      module_type: def.type,
      module_line_start: def.lineStart,
      module_line_end: def.lineEnd,
      docstring: doc.text,
      docstring_line_start: doc.lineStart,
      docstring_line_end: doc.lineEnd,
      // As in the authors' masked rows, a masked instance carries no unmasked description to leak the answer.
      ...(o.mode === 'masked' ? { brief_description: description } : { function_description: description }),
      task: 'func-localize',
      language: 'python',
      description_mode: o.mode,
      instruction: localizeInstruction({
        workspace: workspacePath(meta),
        moduleType: def.type,
        description,
        moduleName: o.mode === 'unmasked' ? def.name : undefined,
      }),
      difficulty: {
        repo_files: index.stats.files,
        repo_lines: index.stats.lines,
        same_name_definitions: (sameName.get(def.name) ?? 1) - 1,
        body_lines: def.lineEnd - doc.lineEnd,
        qualified_name: def.qualifiedName,
      },
    };
    instances.push(instance);
  }
  return instances;
}
