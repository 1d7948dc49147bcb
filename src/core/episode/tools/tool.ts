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

/**
 * OpenHands' action kinds (the `action` of an episode record's events, which the authors' scripts and viewers read):
 * a shell line, a file shown, a file changed, a thought, the end.
 */
export type OpenHandsActionKind = 'run' | 'read' | 'edit' | 'think' | 'finish';

/** What a typed word (or line) becomes: the call's arguments, or text blocks to ask for first and the arguments built from them. */
export type TypedCall = { args: Record<string, unknown> } | { prompts: string[]; build(blocks: string[]): Record<string, unknown> };

/** A word a person types at a terminal prompt to call the tool: `view PATH [START END]`. */
export interface TypedWord {
  word: string;
  /** The word and its arguments, for the usage message and the help: `view PATH [START END]`. */
  usage: string;
  /** What it does, for the help's line. */
  help: string;
  /**
   * The call, or null when the line does not fit the usage. `rest` is the line after the word as typed; `words` the
   * shell words after it (quotes taken off), null when the line is not one simple command.
   */
  parse(rest: string, words: string[] | null): TypedCall | null;
}

/** A whole typed line as one call (the shell's form): a line no word of any tool takes, or one `claims` picks. */
export interface TypedLine {
  /** Takes only the lines it claims, before the tool without `claims` (the shell) gets the rest. */
  claims?(line: string): boolean;
  args(line: string): Record<string, unknown>;
  /** The line back from a call's arguments (a terminal echoing a model's call). */
  line(args: Record<string, unknown>): string;
  /** The help's first line. */
  help?: string;
}

export interface Tool {
  name: string;
  description: string;
  parameters: ObjectSchema;
  /** Calling it ends the episode (submit). */
  ends?: boolean;
  /**
   * OpenHands' action kind of a call (the episode record's); null, or no `action`, records the tool's name. `read`
   * means the call shows `args.path` (within `view_range`) and `run` that `args.command` is a shell line: the metrics
   * read views from that when a step carries none (a trajectory from another harness).
   */
  action?(args: Record<string, unknown>): OpenHandsActionKind | null;
  /**
   * A call in a few words, for step lists: the shell line, `view PATH`, the start of a thought; '' when the args say
   * nothing. Without it, `describeArgs` (src/core/display/format.ts) guesses from the argument names.
   */
  summarize?(args: Record<string, unknown>): string;
  /** The model's system prompt about it, a line or two (a tool without one is left out of the prompt's list). */
  brief?: readonly string[];
  /** How a person types a call at a terminal prompt (a tool without it is not typed). */
  typed?: { words?: readonly TypedWord[]; line?: TypedLine };
  /** The observation; throw ToolError for a refusal the player should read. */
  run(args: Record<string, unknown>, ctx: ToolContext): string | Promise<string>;
}

/** Where consumers look tools up: an episode's registry, or the standard tools' (`standardTools`). */
export interface ToolLookup {
  get(name: string): Tool | undefined;
  list(): Tool[];
}

/** The facts of a tool called with a command line in `command` (the shell, the sandbox's `run`): its summary and typed line. */
export function commandLineFacts(line: Pick<TypedLine, 'claims' | 'help'>): Pick<Tool, 'summarize' | 'typed'> {
  return {
    summarize: (args) => stringArg(args, 'command') ?? '',
    typed: { line: { ...line, args: (text) => ({ command: text }), line: (args) => String(args.command) } },
  };
}

/** A string argument, or null. */
export function stringArg(args: Record<string, unknown>, name: string): string | null {
  const v = args[name];
  return typeof v === 'string' ? v : null;
}

/** A refused or failed action, worded for the player; the registry turns it into an `ERROR:` observation. */
export class ToolError extends Error {
  override name = 'ToolError';
}
