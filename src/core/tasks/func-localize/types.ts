import type { LanguageId } from '../../lang/languages';
import type { LocalizationTarget } from './start-state';

/** Function-localization instances (hybrid-gym-reference.md §9): 0-based lines of the ORIGINAL file. */

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

/**
 * A localization instance as read from a file: ours, or an authors' row (no `task`, `instruction`, `difficulty`; a
 * multi-target row lists its targets in `functions`).
 */
export type FuncLocRow = Pick<FuncLocInstance, 'instance_id' | 'repo' | 'base_commit' | 'file_path' | 'module_name' | 'module_line_start' | 'module_line_end'> &
  Partial<Omit<FuncLocInstance, 'instance_id' | 'repo' | 'base_commit' | 'file_path' | 'module_name' | 'module_line_start' | 'module_line_end'>> & {
    functions?: LocalizationTarget[];
  };
