import type { Definition, RepoIndex } from '../index/types';
import type { FuncLocInstance } from './instance-types';
import { localizeInstruction } from './instructions';
import { maskedDescription, unmaskedDescription } from './describe';
import { repoSlug, workspacePath, type RepoMeta } from './repo-meta';
import { createRng } from './rng';
import { isTestPath } from './test-paths';

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
   * `paper`: the authors' candidate rule — a documented definition nested in another documented one resolves to the
   * outermost documented one (a method of a documented class becomes the class). `all`: every documented definition.
   */
  selection: 'paper' | 'all';
  /** Least number of lines the definition keeps after its docstring is removed. */
  minBodyLines: number;
  includeTests: boolean;
  includePrivate: boolean;
}

export const FUNC_LOCALIZE_DEFAULTS: FuncLocalizeOptions = {
  n: 20,
  seed: 1,
  mode: 'unmasked',
  selection: 'paper',
  minBodyLines: 1,
  includeTests: false,
  includePrivate: false,
};

function isPrivate(def: Definition): boolean {
  return def.name.startsWith('_');
}

/** Outermost documented ancestor-or-self whose range holds the candidate's (1-based) def line, as the authors' lookup. */
function paperTarget(def: Definition, defs: Definition[]): Definition {
  const line = def.lineStart + 1;
  let chosen: Definition | null = null;
  for (let p: Definition | null = def; p; p = p.parent === null ? null : defs[p.parent]) {
    if (p.docstring && p.lineStart <= line && line <= p.lineEnd) chosen = p;
  }
  return chosen ?? def;
}

/** Candidates in a stable order (file, then line): the order ids are numbered in. */
export function localizationCandidates(index: RepoIndex, options: Partial<FuncLocalizeOptions> = {}): Definition[] {
  const o = { ...FUNC_LOCALIZE_DEFAULTS, ...options };
  const seen = new Set<number>();
  const out: Definition[] = [];
  for (const def of index.definitions) {
    if (def.language !== 'python' || !def.docstring || !def.docstring.text.trim()) continue;
    const target = o.selection === 'paper' ? paperTarget(def, index.definitions) : def;
    if (seen.has(target.id)) continue;
    seen.add(target.id);
    const doc = target.docstring!;
    const bodyLines = target.lineEnd - doc.lineEnd;
    if (bodyLines < o.minBodyLines) continue;
    if (!o.includeTests && isTestPath(target.file)) continue;
    if (!o.includePrivate && isPrivate(target)) continue;
    out.push(target);
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.lineStart - b.lineStart));
}

/** The file with the target's docstring lines deleted: the episode's starting text for that file. */
export function removeDocstring(text: string, instance: Pick<FuncLocInstance, 'docstring_line_start' | 'docstring_line_end'>): string {
  const lines = text.split('\n');
  lines.splice(instance.docstring_line_start, instance.docstring_line_end - instance.docstring_line_start + 1);
  return lines.join('\n');
}

export function generateFuncLocalize(
  index: RepoIndex,
  meta: RepoMeta,
  options: Partial<FuncLocalizeOptions> = {},
): FuncLocInstance[] {
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
      function_description: o.mode === 'unmasked' ? description : unmaskedDescription(def),
      ...(o.mode === 'masked' ? { brief_description: description } : {}),
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
