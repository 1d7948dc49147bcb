import type { DependencyRecord } from '../index/dependencies';
import type { LanguageId } from '../lang/languages';

/**
 * Task instances: the paper's dataset fields with the paper's meaning (hybrid-gym-reference.md §9), plus ours
 * (`task`, `language`, `instruction`, `difficulty`). Line numbers are 0-based lines of the ORIGINAL file.
 * Plain JSON: instances are written as JSONL, stored in IndexedDB and posted between Workers as they are.
 */

export type TaskKind = 'func-localize' | 'dep-search';

export interface FuncLocDifficulty {
  repo_files: number;
  repo_lines: number;
  /** Other definitions in the repo with the target's name. */
  same_name_definitions: number;
  /** Lines the definition keeps once its docstring is removed. */
  body_lines: number;
  qualified_name: string;
}

export interface FuncLocInstance {
  instance_id: string;
  repo: string;
  base_commit: string;
  file_path: string;
  module_name: string;
  module_type: 'function' | 'class';
  module_line_start: number;
  module_line_end: number;
  /** The removed docstring's text (cleaned), kept for the answer reveal and for description writers. */
  docstring?: string;
  docstring_line_start: number;
  docstring_line_end: number;
  function_description?: string;
  /** The masked description (the paper's `brief_description`). */
  brief_description?: string;
  description?: string;
  // Ours:
  task: 'func-localize';
  language: LanguageId;
  description_mode: 'unmasked' | 'masked' | 'llm';
  instruction: string;
  difficulty: FuncLocDifficulty;
}

export interface DepDifficulty {
  repo_files: number;
  repo_lines: number;
  same_name_definitions: number;
  num_dependencies: number;
  /** Dependencies defined outside the target's file. */
  cross_file_dependencies: number;
}

/** The builder's record (target, its dependencies) with the instance's identity, plus ours. */
export interface DepInstance extends DependencyRecord {
  instance_id: string;
  repo: string;
  base_commit: string;
  // Ours:
  task: 'dep-search';
  language: LanguageId;
  instruction: string;
  difficulty: DepDifficulty;
}

export type TaskInstance = FuncLocInstance | DepInstance;

/**
 * An instance read from a file may come from the authors' dataset, without our fields: `taskOf` tells the task from
 * the paper's own fields.
 */
export function taskOf(instance: Record<string, unknown>): TaskKind | null {
  if (instance.task === 'func-localize' || instance.task === 'dep-search') return instance.task;
  if (typeof instance.target_function_name === 'string' && Array.isArray(instance.dependencies)) return 'dep-search';
  if (typeof instance.module_name === 'string' && typeof instance.file_path === 'string') return 'func-localize';
  return null;
}
