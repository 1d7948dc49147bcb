import type { WebContainer, WebContainerProcess } from '@webcontainer/api';
import { tokenizeCommand } from './command-line';
import { toFileSystemTree } from './fs-tree';
import { WithStatus } from './status';
import { formatSeconds } from './duration';
import { EXIT, type ExecOptions, type ExecResult, type FileChange, type FileWrite, type Sandbox } from './types';
import { normaliseWorkspacePath } from './workspace-paths';

/** Programs this sandbox runs; everything else belongs to another sandbox. */
const PROGRAMS = new Set(['node', 'npm', 'npx']);
/** Folders whose churn (installs, caches) is not the player's work and is not copied back to the workspace. */
const IGNORED = /^(node_modules|\.git|\.npm|\.cache)(\/|$)/;

export interface WebContainerSandboxOptions {
  /** `WebContainer.boot()` never settles offline: give up after this long. Default 20 s. */
  bootTimeoutMs?: number;
  /** What the page offers (default: the page's own `crossOriginIsolated` and `navigator.onLine`). */
  environment?: { crossOriginIsolated: boolean; online: boolean };
  /** Folder name of the workdir inside the container (/home/<name>). */
  workdirName?: string;
  /** Time limit when `exec` is not given one. Default 60 s (npm is slow). */
  defaultTimeoutMs?: number;
  /** After a process exits, how long to wait for the last file-watch events before reading changes back. */
  settleMs?: number;
}

function pageEnvironment(): { crossOriginIsolated: boolean; online: boolean } {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    online: typeof navigator === 'undefined' ? false : navigator.onLine !== false,
  };
}

/** Why WebContainer cannot run here, or null when it may try. */
export function webContainerUnavailableReason(env: { crossOriginIsolated: boolean; online: boolean }): string | null {
  if (!env.crossOriginIsolated) {
    return 'Node is unavailable: the page is not cross-origin isolated (it needs COOP/COEP headers), so WebContainer cannot start';
  }
  if (!env.online) return 'Node is unavailable offline: WebContainer loads its runtime from StackBlitz';
  return null;
}

/**
 * Node and npm in a WebContainer (@webcontainer/api): booted on the first node/npm command, raced against a timeout
 * because boot never settles without a network; the workspace mounted; commands spawned with their output streamed;
 * files they change read back through a recursive watch. Optional by nature (StackBlitz's runtime and terms), so
 * every failure becomes a status that says why, and the terminal falls back to the memory shell.
 */
export class WebContainerSandbox extends WithStatus implements Sandbox {
  readonly kind = 'node' as const;
  readonly label = 'Node (WebContainer)';
  private readonly files = new Map<string, string>();
  private container: WebContainer | null = null;
  private booting: Promise<WebContainer> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: WebContainerSandboxOptions = {}) {
    const reason = webContainerUnavailableReason(options.environment ?? pageEnvironment());
    super(reason ? { state: 'unavailable', detail: reason } : { state: 'idle', detail: 'Node boots on the first node or npm command' });
  }

  handles(command: string): boolean {
    const t = tokenizeCommand(command.trim());
    return t.ok && PROGRAMS.has(t.words[0] ?? '');
  }

  async writeFiles(files: FileWrite[]): Promise<void> {
    const wc = this.container;
    for (const f of files) {
      const path = normaliseWorkspacePath(f.path);
      if (!path) continue;
      this.files.set(path, f.text);
      if (wc) {
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        if (dir) await wc.fs.mkdir(dir, { recursive: true });
        await wc.fs.writeFile(path, f.text);
      }
    }
  }

  async deleteFiles(paths: string[]): Promise<void> {
    for (const p of paths) {
      const path = normaliseWorkspacePath(p);
      if (!path) continue;
      this.files.delete(path);
      await this.container?.fs.rm(path, { force: true });
    }
  }

  /** Boots now (and mounts the files) instead of on the first command. Resolves false when it cannot. */
  async start(): Promise<boolean> {
    try {
      await this.boot();
      return true;
    } catch {
      return false;
    }
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const run = this.queue.then(() => this.run(command, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.container?.teardown();
    this.container = null;
    this.state.set({ state: 'unavailable', detail: 'closed' });
  }

  private boot(): Promise<WebContainer> {
    if (this.container) return Promise.resolve(this.container);
    if (this.booting) return this.booting;
    const current = this.state.get();
    if (current.state === 'unavailable') return Promise.reject(new Error(current.detail));
    const limit = this.options.bootTimeoutMs ?? 20_000;
    this.state.set({ state: 'starting', detail: 'Booting WebContainer…' });
    this.booting = (async () => {
      const { WebContainer } = await import('@webcontainer/api');
      let timer: ReturnType<typeof setTimeout> | undefined;
      let gaveUp = false;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          gaveUp = true;
          reject(new Error(`WebContainer did not boot within ${formatSeconds(limit)} (is StackBlitz reachable?)`));
        }, limit);
      });
      const booting = WebContainer.boot({ coep: 'credentialless', workdirName: this.options.workdirName ?? 'workspace' });
      // A boot that completes after we gave up still holds the page's only instance: release it.
      booting.then(
        (wc) => {
          if (gaveUp || this.disposed) wc.teardown();
        },
        () => undefined,
      );
      try {
        const wc = await Promise.race([booting, timeout]);
        if (this.disposed) throw new Error('closed');
        const { tree } = toFileSystemTree([...this.files].map(([path, text]) => ({ path, text })));
        await wc.mount(tree);
        this.container = wc;
        this.state.set({ state: 'ready', detail: 'Node (WebContainer)' });
        return wc;
      } finally {
        clearTimeout(timer);
      }
    })();
    this.booting.catch((e: unknown) => {
      // WebContainer allows one boot per page, and a stalled one never settles: no retry, a status that says why.
      if (!this.disposed) this.state.set({ state: 'unavailable', detail: `Node is unavailable: ${e instanceof Error ? e.message : String(e)}` });
    });
    return this.booting;
  }

  private async run(command: string, options: ExecOptions): Promise<ExecResult> {
    const t0 = Date.now();
    const result = (exitCode: number, stdout: string, stderr: string, timedOut = false, changes: FileChange[] = []): ExecResult => ({
      exitCode,
      stdout,
      stderr,
      timedOut,
      changes,
      durationMs: Date.now() - t0,
    });
    const fail = (exitCode: number, message: string) => {
      options.onStderr?.(`${message}\n`);
      return result(exitCode, '', `${message}\n`);
    };
    const t = tokenizeCommand(command.trim());
    if (!t.ok) return fail(EXIT.usage, t.error);
    const [program, ...args] = t.words;
    if (!program) return result(0, '', '');
    if (!PROGRAMS.has(program)) return fail(EXIT.notFound, `${program}: command not found (this sandbox runs node, npm and npx)`);
    let wc: WebContainer;
    try {
      wc = await this.boot();
    } catch (e) {
      return fail(1, e instanceof Error ? e.message : String(e));
    }
    const cwd = normaliseWorkspacePath(options.cwd ?? '');
    if (cwd === null) return fail(EXIT.usage, `cd: ${options.cwd}: outside the workspace`);
    this.state.set({ state: 'busy', detail: `running ${program}` });
    const touched = new Set<string>();
    const watcher = wc.fs.watch('.', { recursive: true }, (_event, filename) => {
      const name = typeof filename === 'string' ? filename : new TextDecoder().decode(filename);
      const path = normaliseWorkspacePath(name);
      if (path && !IGNORED.test(path)) touched.add(path);
    });
    let stdout = '';
    let timedOut = false;
    let aborted = false;
    let process: WebContainerProcess | undefined;
    const limit = options.timeoutMs ?? this.options.defaultTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      timedOut = true;
      process?.kill();
    }, limit);
    const onAbort = () => {
      aborted = true;
      process?.kill();
    };
    options.signal?.addEventListener('abort', onAbort);
    try {
      process = await wc.spawn(program, args, cwd ? { cwd } : {});
      if (timedOut || aborted) process.kill();
      // The terminal's output interleaves the process's stdout and stderr (it is a pty): all of it is stdout here.
      const piping = process.output.pipeTo(
        new WritableStream<string>({
          write(chunk) {
            stdout += chunk;
            options.onStdout?.(chunk);
          },
        }),
      );
      const exitCode = await process.exit;
      await piping.catch(() => undefined);
      await new Promise((r) => setTimeout(r, this.options.settleMs ?? 100));
      const changes = await this.readBack(wc, touched);
      let stderr = '';
      if (timedOut || aborted) {
        stderr = timedOut ? `[stopped: the time limit of ${formatSeconds(limit)} was reached]\n` : '[stopped]\n';
        options.onStderr?.(stderr);
      }
      return result(timedOut ? EXIT.timedOut : aborted ? EXIT.interrupted : exitCode, stdout, stderr, timedOut, changes);
    } catch (e) {
      return fail(1, `${program}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      watcher.close();
      if (!this.disposed) this.state.set({ state: 'ready', detail: 'Node (WebContainer)' });
    }
  }

  /** The touched paths that are files now and differ from what we hold, and the held files that are gone. */
  private async readBack(wc: WebContainer, touched: Set<string>): Promise<FileChange[]> {
    const changes: FileChange[] = [];
    const candidates = new Set<string>();
    for (const path of touched) {
      candidates.add(path);
      // A removed or renamed folder reports only its own name: check the files we hold under it.
      for (const held of this.files.keys()) if (held.startsWith(`${path}/`)) candidates.add(held);
    }
    for (const path of [...candidates].sort()) {
      let text: string | null;
      try {
        text = await wc.fs.readFile(path, 'utf-8');
      } catch {
        text = null; // gone, or a folder
      }
      const held = this.files.get(path);
      if (text !== null && text !== held) {
        this.files.set(path, text);
        changes.push({ kind: 'write', path, text });
      } else if (text === null && held !== undefined) {
        this.files.delete(path);
        changes.push({ kind: 'delete', path });
      }
    }
    return changes;
  }
}
