import { WithStatus } from './status';
import type { ExecOptions, ExecResult, FileWrite, Sandbox } from './types';

const READY = 'ls, cat, grep, find, sed -n, ... over the workspace';

/**
 * The seam to the episode engine's shell (src/core/episode/shell): runs one command line over the workspace with
 * the given current directory and reports what it printed. The engine owns parsing, pipes and the commands (ls,
 * grep, sed -n, ...); this adapter only gives it the Sandbox face so the terminal treats every engine alike.
 */
export type ShellRunner = (
  command: string,
  cwd: string,
) => { stdout: string; stderr: string; code: number } | Promise<{ stdout: string; stderr: string; code: number }>;

/**
 * The always-available sandbox: the memory shell works directly on the episode's workspace, so it has no copy of
 * the files to keep in sync (writeFiles/deleteFiles are no-ops) and reports no changes of its own (the shell's
 * commands are read-only; edits go through the editor tools).
 */
export class MemoryShellSandbox extends WithStatus implements Sandbox {
  readonly kind = 'memory' as const;
  readonly label = 'Shell';
  private disposed = false;

  constructor(private readonly run: ShellRunner) {
    super({ state: 'ready', detail: READY });
  }

  handles(): boolean {
    return true;
  }

  async writeFiles(_files: FileWrite[]): Promise<void> {}

  async deleteFiles(_paths: string[]): Promise<void> {}

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const t0 = Date.now();
    if (this.disposed) return { exitCode: 1, stdout: '', stderr: 'the shell was closed\n', timedOut: false, changes: [], durationMs: 0 };
    this.state.set({ state: 'busy', detail: 'running' });
    try {
      const r = await this.run(command, options.cwd ?? '');
      if (r.stdout) options.onStdout?.(r.stdout);
      if (r.stderr) options.onStderr?.(r.stderr);
      return { exitCode: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: false, changes: [], durationMs: Date.now() - t0 };
    } catch (e) {
      // A bug in a command must read as a failed command in the terminal, not take the terminal down.
      const stderr = `${e instanceof Error ? e.message : String(e)}\n`;
      options.onStderr?.(stderr);
      return { exitCode: 1, stdout: '', stderr, timedOut: false, changes: [], durationMs: Date.now() - t0 };
    } finally {
      if (!this.disposed) this.state.set({ state: 'ready', detail: READY });
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.state.set({ state: 'unavailable', detail: 'closed' });
  }
}
