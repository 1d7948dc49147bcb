import type { WorkspaceShell } from '../shell/shell';
import type { ViewedRange } from '../trajectory';
import type { Workspace } from '../workspace';
import type { WorkspacePaths } from '../workspace-paths';
import type { EditHistory } from './edit-history';
import type { ObjectSchema } from './schema';

/**
 * A tool of the one registry that the terminal, the browser UI, the agents and the docs all use: its name and
 * JSON schema are what a model is given, its `run` is what a button or a typed command triggers, and every call is
 * recorded the same way in the trajectory.
 */

export interface ToolContext {
  workspace: Workspace;
  paths: WorkspacePaths;
  /** The shell (its state holds the current directory, shared with the editor's relative paths). */
  shell: WorkspaceShell;
  history: EditHistory;
  noteView(range: ViewedRange): void;
  noteEdit(path: string): void;
}

export interface Tool {
  name: string;
  description: string;
  parameters: ObjectSchema;
  /** Calling it ends the episode (submit). */
  ends?: boolean;
  /** The observation; throw ToolError for a refusal the player should read. */
  run(args: Record<string, unknown>, ctx: ToolContext): string | Promise<string>;
}

/** A refused or failed action, worded for the player; the registry turns it into an `ERROR:` observation. */
export class ToolError extends Error {
  override name = 'ToolError';
}
