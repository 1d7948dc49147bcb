import type { ExecOptions, ExecResult } from './types';
import type { WorkspaceSync } from './workspace-sync';
import type { ShellRunner } from './memory-shell';

/**
 * Bridges to the episode engine's shell (src/core/episode/shell/shell.ts, `WorkspaceShell`), typed by shape so the
 * sandbox does not import the engine:
 * - `sandboxCommand` is a shell command (`WorkspaceShell.register('python', ...)`) that runs in a sandbox, so the
 *   `run` tool, the terminal and pipelines (`python t.py | grep FAIL`) all reach real Python through one shell;
 * - `runnerForShell` gives the shell to `MemoryShellSandbox`.
 */

/** The shell's CommandInput, as far as this needs it. */
export interface ShellCommandInput {
  name: string;
  args: string[];
  stdin: string | null;
  state: { cwd: string };
}

/** Quotes a word so `tokenizeCommand` gives it back unchanged. */
export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `options` may be a function, read at each call, so a caller can give every run its own time limit and stop signal;
 * `onResult` sees the whole result (the files the program changed), which the shell's output does not carry.
 */
export function sandboxCommand(
  sync: WorkspaceSync,
  options: Omit<ExecOptions, 'cwd'> | (() => Omit<ExecOptions, 'cwd'>) = {},
  onResult?: (result: ExecResult) => void,
) {
  return async (input: ShellCommandInput): Promise<{ stdout: string; stderr: string; code: number }> => {
    if (input.stdin !== null) {
      return { stdout: '', stderr: `${input.name}: reading standard input is not supported in the sandbox\n`, code: 2 };
    }
    const line = [input.name, ...input.args].map(quoteWord).join(' ');
    const given = typeof options === 'function' ? options() : options;
    const r = await sync.exec(line, { ...given, cwd: input.state.cwd });
    onResult?.(r);
    return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode };
  };
}

/** The shell as the memory sandbox's runner; the shell keeps its own cwd (its `cd` changes it), so the given cwd wins. */
export function runnerForShell(shell: { state: { cwd: string }; run(line: string): Promise<{ output: string; code: number }> }): ShellRunner {
  return async (command, cwd) => {
    shell.state.cwd = cwd;
    const r = await shell.run(command);
    return { stdout: r.output, stderr: '', code: r.code };
  };
}
