import type { Episode, StepResult } from '../core/episode/episode';
import { parseCommandLine, type SimpleCommand } from '../core/episode/shell/parse';
import type { WorkspaceShell } from '../core/episode/shell/shell';
import { ToolError } from '../core/episode/tools/tool';
import type { Action } from '../core/episode/trajectory';
import type { Workspace } from '../core/episode/workspace';
import { chooseSandboxes, type SandboxChoice, type SandboxPlugin } from './choose';
import { engineForProgram, programsOf, SandboxRouter } from './router';
import { createRunTool, runNotes, RUN_DEFAULT_TIMEOUT_S, RUN_MAX_TIMEOUT_S, type RunReport, type RunRequest } from './run-tool';
import { quoteWord, sandboxCommand } from './shell-bridge';
import { EXIT, type ExecOptions, type ExecResult, type FileChange, type SandboxEnvironment, type SandboxKind, type SandboxStatus } from './types';

/**
 * The sandboxes of one episode, framework-free, for the page's terminal, `hgym play` and the tests. It chooses the
 * engines this environment can run for the repo's language, gives the episode's registry the `run` tool and its shell
 * the `python` / `node` / `npm` commands (so `execute_bash` pipelines reach real programs too), and gives the terminal
 * live output, a stop button and the engines' statuses. Nothing loads until the first program runs (or `preload`).
 */

/** What the session needs of an Episode (after `reset` or `restore`: the workspace and shell exist). */
export type SessionEpisode = Pick<Episode, 'registry' | 'workspace' | 'shell' | 'paths' | 'step'>;

export interface SandboxSessionOptions {
  episode: SessionEpisode;
  /** The engines the app offers (standardPlugins); the memory shell is the episode's own shell and is not used. */
  plugins: readonly SandboxPlugin[];
  environment: SandboxEnvironment;
  defaultTimeoutS?: number;
  maxTimeoutS?: number;
}

export interface EngineStatus {
  kind: SandboxKind;
  label: string;
  status: SandboxStatus;
}

export interface TerminalExecOptions {
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Aborting it stops the program (like `stop()`). */
  signal?: AbortSignal;
  /** Time limit in seconds (the run tool's default otherwise). */
  timeoutS?: number;
  /**
   * Takes the step (default: the episode's `step`). The page passes its store's action so the step is persisted
   * like any other; a null result means the step was not taken.
   */
  step?: (action: Action) => Promise<StepResult | null>;
}

export interface TerminalRun {
  /** The registry call the line became: `run` for a line with a program in it, `execute_bash` otherwise. */
  action: Action;
  result: StepResult | null;
  /** The program's output already went to onStdout/onStderr as it came. */
  streamed: boolean;
  /** What the terminal should print now: the whole observation, or after streamed output only the notes after it. */
  print: string;
}

/** A program's run in progress, through the shell (a line with operators), collecting what its programs did. */
interface ShellRunState {
  deadline: number;
  written: Set<string>;
  deleted: Set<string>;
  timedOut: boolean;
  stopped: boolean;
}

/** The terminal line being run, whose program streams its output live. */
interface LiveLine {
  command: string;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Set by the run when it streamed: the report and the limit, for the notes printed after the output. */
  done?: { report: RunReport; timeoutMs: number };
}

interface Binding {
  workspace: Workspace;
  shell: WorkspaceShell | null;
  router: SandboxRouter;
  off: () => void;
}

/** Output kept per run for the observation (the registry cuts it to its own limits afterwards). */
const MAX_KEPT_OUTPUT = 1_000_000;

export class SandboxSession {
  private readonly episode: SessionEpisode;
  private readonly choice: SandboxChoice;
  private readonly defaultTimeoutMs: number;
  private readonly listeners = new Set<() => void>();
  private readonly fileListeners = new Set<(paths: string[]) => void>();
  private binding: Binding | null = null;
  /** Aborted by stop(); every program takes the current one when it starts, so stop() reaches all that run now. */
  private stopper = new AbortController();
  private shellRun: ShellRunState | null = null;
  private live: LiveLine | null = null;
  private disposed = false;

  constructor(options: SandboxSessionOptions) {
    this.episode = options.episode;
    const engines = options.plugins.filter((p) => p.kind !== 'memory');
    this.choice = chooseSandboxes(engines, options.environment);
    const defaultS = options.defaultTimeoutS ?? RUN_DEFAULT_TIMEOUT_S;
    this.defaultTimeoutMs = defaultS * 1000;
    this.bind();
    const programs = this.choice.available.flatMap((p) => (p.kind === 'python' ? ['python'] : p.kind === 'node' ? ['node', 'npm'] : []));
    this.episode.registry.register(
      createRunTool({
        execute: (request) => this.execute(request),
        programs,
        unavailable: this.choice.unavailable.map((u) => u.reason),
        defaultTimeoutS: defaultS,
        maxTimeoutS: options.maxTimeoutS ?? RUN_MAX_TIMEOUT_S,
        claims: (line) => runsProgram(line),
      }),
    );
  }

  /**
   * Every engine's status for the status line, unavailable ones with their reason. A Python sandbox is `idle` until
   * its first run.
   */
  statuses(): EngineStatus[] {
    return this.binding?.router.statuses() ?? [];
  }

  /** Calls back on any status change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls back with the workspace paths a program wrote or deleted (a `run` step notes them as its edits; a program
   * run inside an `execute_bash` line changes files too, and this is how an editor learns of it).
   */
  onFilesChanged(listener: (paths: string[]) => void): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  /** The registry call a terminal line becomes: `run` when a program of an engine appears in it, else `execute_bash`. */
  actionFor(line: string, timeoutS?: number): Action {
    const command = line.trim();
    if (!runsProgram(command)) return { tool: 'execute_bash', args: { command } };
    return { tool: 'run', args: timeoutS === undefined ? { command } : { command, timeout: timeoutS } };
  }

  /**
   * Runs a terminal line as a step of the episode (so it is in the trajectory), with a program's output streamed to
   * onStdout/onStderr as it comes.
   */
  async exec(line: string, options: TerminalExecOptions = {}): Promise<TerminalRun> {
    const action = this.actionFor(line, options.timeoutS);
    const live: LiveLine = { command: String(action.args.command), onStdout: options.onStdout, onStderr: options.onStderr };
    if (action.tool === 'run') this.live = live;
    const onAbort = () => this.stop();
    options.signal?.addEventListener('abort', onAbort);
    let result: StepResult | null;
    try {
      result = await (options.step ?? ((a: Action) => this.episode.step(a)))(action);
    } finally {
      if (this.live === live) this.live = null;
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (!result) return { action, result, streamed: false, print: '' };
    if (!live.done || result.info.error) return { action, result, streamed: false, print: result.observation };
    // The output is on screen already: print what the observation has after it (how it ended, files, step limit).
    const { report, timeoutMs } = live.done;
    const notes = runNotes(report, timeoutMs).join('\n');
    const at = result.observation.lastIndexOf(notes);
    let print = at >= 0 ? result.observation.slice(at) : notes;
    if (report.exitCode === 0 && !report.timedOut) print = print.replace(/^\[The command completed with exit code 0\.\]\n?/, '');
    return { action, result, streamed: true, print };
  }

  /** Stops every program running now (the terminal's stop button); they end with exit code 130. */
  stop(): void {
    this.stopper.abort();
    this.stopper = new AbortController();
  }

  /**
   * Loads Python now (e.g. when the terminal opens, or as a warm-up: `background`) instead of on the first run;
   * resolves when it is ready or failed.
   */
  async preload(background = false): Promise<void> {
    const router = this.bind().router;
    for (const s of router.sandboxes) {
      const starter = s as unknown as { start?: (background?: boolean) => Promise<unknown> };
      if (s.kind !== 'python' || typeof starter.start !== 'function') continue;
      await router.syncFor(s)?.push();
      await starter.start(background).catch(() => undefined);
    }
  }

  /**
   * Binds to the episode's current workspace and shell. The constructor does it; call it again after the episode's
   * `reset`/`restore` (which make a new workspace and shell) — `run` also re-binds by itself.
   */
  attach(): void {
    this.bind();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.stop();
    const b = this.binding;
    this.binding = null;
    if (!b) return;
    b.off();
    const closed = () => ({ stdout: '', stderr: 'the sandbox was closed: programs cannot run in this episode any more\n', code: 127 });
    if (b.shell) for (const kind of ['python', 'node'] as const) for (const name of programsOf(kind)) b.shell.register(name, closed);
    await b.router.dispose();
    this.emit();
    this.listeners.clear();
    this.fileListeners.clear();
  }

  private bind(): Binding {
    if (this.disposed) throw new ToolError('The sandbox session was closed: programs cannot run in this episode any more.');
    const workspace = this.episode.workspace;
    let b = this.binding;
    if (!b || b.workspace !== workspace) {
      if (b) {
        b.off();
        void b.router.dispose();
      }
      // The engines copy this workspace's files and root; a new episode state gets engines of its own.
      const router = new SandboxRouter(this.choice, workspace);
      b = this.binding = { workspace, shell: null, router, off: router.subscribe(() => this.emit()) };
      this.emit();
    }
    const shell = this.episode.shell;
    if (b.shell !== shell) {
      this.registerCommands(shell, b.router);
      b.shell = shell;
    }
    return b;
  }

  /** `python`, `node`, `npm`... as commands of the episode's shell: in the engine, or a reason it cannot run here. */
  private registerCommands(shell: WorkspaceShell, router: SandboxRouter): void {
    for (const { plugin, reason } of this.choice.unavailable) {
      for (const name of programsOf(plugin.kind)) shell.register(name, () => ({ stdout: '', stderr: `${reason}\n`, code: EXIT.notFound }));
    }
    for (const sandbox of router.sandboxes) {
      const sync = router.syncFor(sandbox);
      if (!sync) continue;
      const command = sandboxCommand(
        sync,
        () => this.invocationOptions(),
        (r) => this.noteShellResult(r),
      );
      for (const name of programsOf(sandbox.kind)) shell.register(name, command);
    }
  }

  /** The run tool's executor. */
  private async execute({ command, timeoutMs, ctx }: RunRequest): Promise<RunReport> {
    const b = this.bind();
    const parsed = parseCommandLine(command);
    if (!parsed.ok) throw new ToolError(parsed.error);
    const commands = simpleCommands(parsed.items);
    if (!commands.some((c) => engineForProgram(c.words[0]?.text ?? ''))) {
      const first = commands[0]?.words[0]?.text ?? command;
      throw new ToolError(
        `run executes programs (python${this.choice.available.some((p) => p.kind === 'node') ? ', node, npm' : ''}); ` +
          `\`${first}\` is a shell command: use execute_bash for it.`,
      );
    }
    const only = parsed.items.length === 1 && commands.length === 1 ? commands[0]! : null;
    // One plain program: straight to its engine, with output streamed. Anything else goes through the shell.
    if (only && only.redirects.length === 0 && only.words.every((w) => w.glob === null)) {
      return this.runProgram(b.router, only.words.map((w) => quoteWord(w.text)).join(' '), command, timeoutMs, ctx.shell.state.cwd);
    }
    return this.runThroughShell(ctx.shell, command, timeoutMs);
  }

  private async runProgram(router: SandboxRouter, line: string, command: string, timeoutMs: number, cwd: string): Promise<RunReport> {
    const route = router.route(line);
    if ('reason' in route) throw new ToolError(route.reason);
    const live = this.live?.command === command ? this.live : null;
    let output = '';
    const keep = (chunk: string) => {
      if (output.length < MAX_KEPT_OUTPUT) output += chunk.slice(0, MAX_KEPT_OUTPUT - output.length);
    };
    const signal = this.stopper.signal;
    const options: ExecOptions = {
      cwd,
      timeoutMs,
      signal,
      onStdout: (c) => {
        keep(c);
        live?.onStdout?.(c);
      },
      onStderr: (c) => {
        keep(c);
        live?.onStderr?.(c);
      },
    };
    const r = await router.exec(line, options);
    const report: RunReport = {
      output,
      exitCode: r.exitCode,
      timedOut: r.timedOut,
      stopped: !r.timedOut && r.exitCode === EXIT.interrupted && signal.aborted,
      ...splitChanges(r.changes),
    };
    if (live) live.done = { report, timeoutMs };
    this.announce(r.changes);
    return report;
  }

  private async runThroughShell(shell: WorkspaceShell, command: string, timeoutMs: number): Promise<RunReport> {
    const state: ShellRunState = { deadline: Date.now() + timeoutMs, written: new Set(), deleted: new Set(), timedOut: false, stopped: false };
    this.shellRun = state;
    try {
      const r = await shell.run(command);
      return {
        output: r.output,
        exitCode: r.code,
        timedOut: state.timedOut,
        stopped: state.stopped,
        written: [...state.written].sort(),
        deleted: [...state.deleted].sort(),
        views: r.views,
      };
    } finally {
      this.shellRun = null;
    }
  }

  /** Options for a program the shell starts: the run's remaining time (or the default), and the stop signal. */
  private invocationOptions(): Omit<ExecOptions, 'cwd'> {
    const run = this.shellRun;
    const timeoutMs = run ? Math.max(1, run.deadline - Date.now()) : this.defaultTimeoutMs;
    return { timeoutMs, signal: this.stopper.signal };
  }

  private noteShellResult(r: ExecResult): void {
    const run = this.shellRun;
    if (run) {
      run.timedOut ||= r.timedOut;
      run.stopped ||= !r.timedOut && r.exitCode === EXIT.interrupted;
      for (const c of r.changes) {
        (c.kind === 'write' ? run.deleted : run.written).delete(c.path);
        (c.kind === 'write' ? run.written : run.deleted).add(c.path);
      }
    }
    this.announce(r.changes);
  }

  private announce(changes: FileChange[]): void {
    if (!changes.length) return;
    const paths = changes.map((c) => c.path);
    for (const l of [...this.fileListeners]) l(paths);
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** A program of an engine appears in the line (so the terminal's line is a `run`). */
function runsProgram(line: string): boolean {
  const parsed = parseCommandLine(line);
  return parsed.ok && simpleCommands(parsed.items).some((c) => engineForProgram(c.words[0]?.text ?? ''));
}

function simpleCommands(items: { pipeline: SimpleCommand[] }[]): SimpleCommand[] {
  return items.flatMap((i) => i.pipeline);
}

function splitChanges(changes: FileChange[]): { written: string[]; deleted: string[] } {
  return {
    written: changes.filter((c) => c.kind === 'write').map((c) => c.path),
    deleted: changes.filter((c) => c.kind === 'delete').map((c) => c.path),
  };
}
