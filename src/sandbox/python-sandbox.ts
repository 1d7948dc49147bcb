import { EXIT, type ExecOptions, type ExecResult, type FileChange, type FileWrite, type Sandbox } from './types';
import type { HostPort } from './python-protocol';
import type { OutputStream } from './python-core';
import { isPythonProgram, parsePythonCommand, type PythonInvocation } from './python-command';
import { WithStatus } from './status';
import { formatSeconds } from './duration';
import { normaliseWorkspacePath, workspaceSlug } from './workspace-paths';
import { tokenizeCommand } from './command-line';

export interface PythonSandboxOptions {
  /**
   * Starts an engine (a module Worker in the page, a locked-down process in Node). Called lazily, on first use. A
   * port that can interrupt stops a program that runs out of time with a KeyboardInterrupt; with one that cannot,
   * the engine is terminated and restarted on the next run.
   */
  spawn: () => HostPort;
  /** Where Pyodide's files are, as the engine's loader understands it. */
  indexURL: string;
  /**
   * The workspace folder in Python's file system, absolute: best the same root the player sees in the episode's
   * shell (so tracebacks name the paths they know). Default /workspace/<slug of workspaceName>.
   */
  root?: string;
  workspaceName?: string;
  /** How long an interrupted program gets to stop (it may catch KeyboardInterrupt) before the engine is killed. */
  interruptGraceMs?: number;
  /** Time limit when `exec` is not given one. */
  defaultTimeoutMs?: number;
  /** Loading Pyodide taking longer than this is a failure (a stalled download). */
  loadTimeoutMs?: number;
  /** Output kept in the result per stream; streaming callbacks still see everything. */
  maxOutputChars?: number;
}

interface RunningCommand {
  id: number;
  output(stream: OutputStream, text: string): void;
  done(exitCode: number, changes: FileChange[], fatal?: boolean): void;
  died(message: string): void;
}

interface Engine {
  port: HostPort;
  ready: Promise<void>;
  running?: RunningCommand;
}

/**
 * Python in Pyodide behind the Sandbox interface. The host keeps the workspace files it was given (so a restarted
 * engine gets them again), loads the engine on the first run, runs one command at a time, and enforces the time
 * limit: interrupt first when it can, then terminate and restart.
 */
export class PythonSandbox extends WithStatus implements Sandbox {
  readonly kind = 'python' as const;
  readonly label = 'Python (Pyodide)';
  readonly root: string;
  private readonly files = new Map<string, string>();
  private engine: Engine | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private disposed = false;
  /** "Python 3.14.0", shown while ready. */
  private versionDetail: string | undefined;
  /** How long the engine took to load Pyodide, as it measured it (for the status line and the bench). */
  loadMs: number | undefined;

  constructor(private readonly options: PythonSandboxOptions) {
    super({ state: 'idle', detail: 'Python loads on the first run' });
    this.root = absoluteRoot(options.root) ?? `/workspace/${workspaceSlug(options.workspaceName)}`;
  }

  handles(command: string): boolean {
    const t = tokenizeCommand(command.trim());
    return t.ok ? isPythonProgram(t.words[0]) : /^\s*\S*python/.test(command);
  }

  async writeFiles(files: FileWrite[]): Promise<void> {
    const writes: FileWrite[] = [];
    for (const f of files) {
      const path = normaliseWorkspacePath(f.path);
      if (!path) continue;
      this.files.set(path, f.text);
      writes.push({ path, text: f.text });
    }
    this.engine?.port.post({ type: 'files', writes, deletes: [] });
  }

  async deleteFiles(paths: string[]): Promise<void> {
    const deletes = paths.map(normaliseWorkspacePath).filter((p): p is string => !!p);
    for (const p of deletes) this.files.delete(p);
    this.engine?.port.post({ type: 'files', writes: [], deletes });
  }

  /**
   * Loads Pyodide now (e.g. when the terminal opens) rather than on the first command; `background`: a warm-up
   * the player did not ask for, which the status line says.
   */
  async start(background = false): Promise<void> {
    await this.ensureEngine(background).ready;
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.disposed) return Promise.resolve(immediate(1, 'the Python sandbox was disposed', options));
    const parsed = parsePythonCommand(command);
    if (!parsed.ok) return Promise.resolve(immediate(parsed.exitCode, parsed.error, options));
    const run = this.queue.then(() => this.run(parsed.invocation, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.killEngine();
    this.state.set({ state: 'unavailable', detail: 'closed' });
  }

  private ensureEngine(background = false): Engine {
    if (this.engine) return this.engine;
    if (this.disposed) throw new Error('the Python sandbox was disposed');
    this.state.set({ state: 'starting', detail: background ? 'Warming up Python (Pyodide) in the background…' : 'Loading Python (Pyodide)…', background });
    let port: HostPort;
    try {
      port = this.options.spawn();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.state.set({ state: 'unavailable', detail: `Python could not load: ${why}` });
      throw e;
    }
    const engine: Engine = { port, ready: Promise.resolve() };
    engine.ready = new Promise<void>((resolve, reject) => {
      let loaded = false;
      const fail = (why: string) => {
        if (this.engine === engine) this.killEngine();
        this.state.set({ state: 'unavailable', detail: `Python could not load: ${why}` });
        reject(new Error(why));
      };
      const loadTimer = setTimeout(
        () => fail(`no answer within ${formatSeconds(this.options.loadTimeoutMs ?? 120_000)}`),
        this.options.loadTimeoutMs ?? 120_000,
      );
      port.onMessage((msg) => {
        if (msg.type === 'ready') {
          loaded = true;
          clearTimeout(loadTimer);
          this.versionDetail = msg.version;
          this.loadMs = msg.loadMs;
          this.state.set({ state: 'ready', detail: this.versionDetail });
          resolve();
        } else if (msg.type === 'failed') {
          clearTimeout(loadTimer);
          fail(msg.message);
        } else if (engine.running && msg.id === engine.running.id) {
          if (msg.type === 'output') engine.running.output(msg.stream, msg.text);
          else engine.running.done(msg.exitCode, msg.changes, msg.fatal);
        }
      });
      port.onError((message) => {
        // Events of an engine already let go (terminated on purpose) are not news.
        if (this.engine !== engine) return;
        clearTimeout(loadTimer);
        if (!loaded) return fail(message);
        const running = engine.running;
        if (this.engine === engine) this.killEngine();
        running?.died(message);
      });
    });
    // The promise is awaited by callers; an unobserved rejection here must not crash the page or the process.
    engine.ready.catch(() => undefined);
    this.engine = engine;
    port.post({
      type: 'init',
      indexURL: this.options.indexURL,
      root: this.root,
      files: [...this.files].map(([path, text]) => ({ path, text })),
    });
    return engine;
  }

  private killEngine(): void {
    const engine = this.engine;
    this.engine = null;
    engine?.port.terminate();
    if (!this.disposed && engine) this.state.set({ state: 'idle', detail: 'Python restarts on the next run' });
  }

  private async run(invocation: PythonInvocation, options: ExecOptions): Promise<ExecResult> {
    const t0 = Date.now();
    if (options.signal?.aborted) return immediate(EXIT.interrupted, 'stopped before it started', options);
    let engine: Engine;
    try {
      engine = this.ensureEngine();
      await engine.ready;
    } catch (e) {
      return immediate(1, `Python is unavailable: ${e instanceof Error ? e.message : String(e)}`, options);
    }
    // Stop pressed while Pyodide was loading: the abort event has passed, so it must be checked here.
    if (options.signal?.aborted) return immediate(EXIT.interrupted, 'stopped before it started', options);
    this.state.set({ state: 'busy', detail: 'running' });
    const limit = options.timeoutMs ?? this.options.defaultTimeoutMs ?? 30_000;
    const cap = this.options.maxOutputChars ?? 1_000_000;
    return new Promise<ExecResult>((resolve) => {
      const id = ++this.nextId;
      const out = { stdout: '', stderr: '' };
      let stopReason: 'timeout' | 'abort' | null = null;
      let settled = false;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const emit = (stream: OutputStream, text: string) => {
        if (out[stream].length < cap) out[stream] += text.slice(0, cap - out[stream].length);
        (stream === 'stdout' ? options.onStdout : options.onStderr)?.(text);
      };
      const finish = (exitCode: number, changes: FileChange[], fatal?: boolean) => {
        if (settled) return;
        settled = true;
        // A dead interpreter answers nothing more: the next run starts a new one.
        if (fatal && this.engine === engine) this.killEngine();
        clearTimeout(limitTimer);
        clearTimeout(graceTimer);
        options.signal?.removeEventListener('abort', onAbort);
        if (engine.running?.id === id) engine.running = undefined;
        for (const c of changes) {
          if (c.kind === 'write') this.files.set(c.path, c.text);
          else this.files.delete(c.path);
        }
        if (stopReason) {
          emit('stderr', stopReason === 'timeout' ? `[stopped: the time limit of ${formatSeconds(limit)} was reached]\n` : '[stopped]\n');
        }
        if (this.engine === engine) this.state.set({ state: 'ready', detail: this.versionDetail });
        const code = stopReason === 'timeout' ? EXIT.timedOut : stopReason === 'abort' ? EXIT.interrupted : exitCode;
        resolve({ exitCode: code, ...out, timedOut: stopReason === 'timeout', changes, durationMs: Date.now() - t0 });
      };
      const kill = () => {
        if (settled) return;
        if (this.engine === engine) this.killEngine();
        finish(EXIT.interrupted, []);
      };
      const stop = (reason: 'timeout' | 'abort') => {
        if (settled || stopReason) return;
        stopReason = reason;
        if (engine.port.interrupt) {
          engine.port.interrupt(id);
          graceTimer = setTimeout(kill, this.options.interruptGraceMs ?? 1500);
        } else kill();
      };
      const onAbort = () => stop('abort');
      const limitTimer = setTimeout(() => stop('timeout'), limit);
      options.signal?.addEventListener('abort', onAbort);
      engine.running = {
        id,
        output: emit,
        done: finish,
        died: (message) => {
          emit('stderr', `the Python engine stopped: ${message}\n`);
          finish(1, []);
        },
      };
      engine.port.post({ type: 'exec', id, invocation, cwd: options.cwd });
    });
  }
}

function absoluteRoot(root: string | undefined): string | null {
  if (!root) return null;
  const rel = normaliseWorkspacePath(root);
  return rel ? `/${rel}` : null;
}

/** A result for a command that never reached the engine (usage error, not a Python command, unavailable). */
function immediate(exitCode: number, error: string, options: ExecOptions): ExecResult {
  const stderr = error ? `${error}\n` : '';
  if (stderr) options.onStderr?.(stderr);
  return { exitCode, stdout: '', stderr, timedOut: false, changes: [], durationMs: 0 };
}
