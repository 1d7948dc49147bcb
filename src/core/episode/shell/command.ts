import type { ViewedRange } from '../trajectory';
import type { ShellBudget } from './budget';
import type { Workspace } from '../workspace';
import type { WorkspacePaths } from '../workspace-paths';

/** What every shell command sees: the workspace, its path rules, and the current directory (repo-relative). */
export interface ShellState {
  workspace: Workspace;
  paths: WorkspacePaths;
  cwd: string;
}

export interface CommandInput {
  name: string;
  args: string[];
  /** The previous command's output in a pipe (or a `<` file); null when reading from the terminal. */
  stdin: string | null;
  /** When stdin is lines of one file, line for line (`cat f | ...`, `nl f | ...`): which lines. */
  stdinSource: ViewedRange | null;
  state: ShellState;
  /** The command line's time budget: commands that can run long call `budget.check()` between files and lines. */
  budget: ShellBudget;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  code: number;
  /** File lines this command printed, for the trajectory's "viewed" record. */
  views?: ViewedRange[];
  /** stdout is exactly these file lines, one per line (possibly numbered): passed to the next command in a pipe. */
  lineSource?: ViewedRange;
}

/** A shell command; async so a sandbox can add `python` or `node` that really run. */
export type ShellCommand = (input: CommandInput) => CommandOutput | Promise<CommandOutput>;

export function ok(stdout: string, extra: Partial<CommandOutput> = {}): CommandOutput {
  return { stdout, stderr: '', code: 0, ...extra };
}

export function fail(stderr: string, code = 1): CommandOutput {
  return { stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code };
}

/** A path operand resolved for a command: its repo-relative path, or the error line the command prints. */
export type Operand = { ok: true; rel: string; shown: string } | { ok: false; error: string };

export function resolveOperand(state: ShellState, name: string, arg: string): Operand {
  const r = state.paths.resolve(arg, state.cwd);
  if (!r.ok) return { ok: false, error: `${name}: ${arg}: Permission denied (${r.error})` };
  return { ok: true, rel: r.rel, shown: arg };
}

/** How each tool words a missing file and a folder given as a file (GNU coreutils and sed differ). */
const READ_ERRORS: Record<string, { missing: (arg: string) => string; dir: (arg: string) => string }> = {
  head: { missing: (a) => `head: cannot open '${a}' for reading: No such file or directory`, dir: (a) => `head: error reading '${a}': Is a directory` },
  tail: { missing: (a) => `tail: cannot open '${a}' for reading: No such file or directory`, dir: (a) => `tail: error reading '${a}': Is a directory` },
  sed: { missing: (a) => `sed: can't read ${a}: No such file or directory`, dir: (a) => `sed: read error on ${a}: Is a directory` },
};

/** Reads a file operand the way cat/head/wc do: the text, or the message for a folder or a missing file. */
export function readOperand(state: ShellState, name: string, arg: string): { ok: true; rel: string; text: string } | { ok: false; error: string } {
  const r = resolveOperand(state, name, arg);
  if (!r.ok) return r;
  const text = state.workspace.read(r.rel);
  if (text !== undefined) return { ok: true, rel: r.rel, text };
  const words = READ_ERRORS[name];
  if (state.workspace.isDir(r.rel)) return { ok: false, error: words ? words.dir(arg) : `${name}: ${arg}: Is a directory` };
  return { ok: false, error: words ? words.missing(arg) : `${name}: ${arg}: No such file or directory` };
}

/** Lines of a text without the final newline's empty tail: "a\nb\n" -> ["a", "b"]. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function lineCount(text: string): number {
  return splitLines(text).length;
}
