import type { DependencyRecord } from '../../index/dependencies';
import type { LanguageId } from '../../lang/languages';

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

/** A dependency-search instance as read from a file: ours, or an authors' row (the builder's record and an id). */
export type DepRow = Pick<DepInstance, 'instance_id' | 'repo' | 'base_commit' | keyof DependencyRecord> &
  Partial<Omit<DepInstance, 'instance_id' | 'repo' | 'base_commit' | keyof DependencyRecord>>;
