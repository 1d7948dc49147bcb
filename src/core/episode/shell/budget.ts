/**
 * The time a command line may spend in the shell's own commands. They run synchronously on the caller's thread (the
 * page's main thread in the playground), so a command that walked a huge tree or matched forever would freeze the
 * page: each `WorkspaceShell.run` gets a budget, the shell counts the synchronous part of every command against it,
 * and long-running commands call `check()` between files and lines, which throws `ShellTimeLimit` once it is spent.
 * Time a sandbox program spends elsewhere (a Worker, awaited) is not counted: that has its own timeout.
 */

/** The default: long enough for any grep over a big repository, short enough that the page comes back. */
export const SHELL_TIME_LIMIT_MS = 5000;

/** Thrown by a command that must stop before it is done: the shell prints `NAME: message` and exits with `code`. */
export class CommandStopped extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Status 124, as timeout(1) exits. */
export class ShellTimeLimit extends CommandStopped {
  constructor(readonly limitMs: number) {
    super(
      `stopped after ${limitMs / 1000} s, the time limit of one command line here; narrow it down (a smaller folder, --include=GLOB, a simpler pattern)`,
      124,
    );
  }
}

export class ShellBudget {
  private remaining: number;
  private depth = 0;
  private since = 0;
  private deadline = Infinity;

  constructor(
    readonly limitMs: number = SHELL_TIME_LIMIT_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.remaining = limitMs;
  }

  /** Starts counting (nested calls count once: xargs runs its command inside its own slice). */
  begin(): void {
    if (this.depth++ > 0) return;
    this.since = this.clock();
    this.deadline = this.since + this.remaining;
  }

  end(): void {
    if (--this.depth > 0) return;
    this.remaining -= this.clock() - this.since;
    this.deadline = Infinity;
  }

  /** Throws ShellTimeLimit when the line's time is spent; outside begin/end it never does. */
  check(): void {
    if (this.clock() > this.deadline) throw new ShellTimeLimit(this.limitMs);
  }
}
