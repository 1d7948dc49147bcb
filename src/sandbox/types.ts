/**
 * One interface for every place a command can run: the episode's memory shell, Python in a Pyodide worker, Node in
 * a WebContainer. The terminal, the episode's `run` tool and the CLI talk to this and never to an implementation.
 */

/** Which engine a sandbox is; also what the registry and the UI's status line call it. */
export type SandboxKind = 'memory' | 'python' | 'node';

/**
 * - `idle`: available, nothing loaded yet (Pyodide loads on the first run, off the path to the first episode);
 * - `starting`: loading or booting; `ready`: waiting for a command; `busy`: a command is running;
 * - `unavailable`: cannot run here; `detail` says why in words a user can act on.
 */
export type SandboxState = 'idle' | 'starting' | 'ready' | 'busy' | 'unavailable';

export interface SandboxStatus {
  state: SandboxState;
  /** Human-readable: the reason when unavailable, what is loading when starting, a version when ready. */
  detail?: string;
  /** Starting on its own (a warm-up while the player reads), not for a command the player ran. */
  background?: boolean;
}

/** A file as the workspace holds it: a POSIX path relative to the workspace root, and its text. */
export interface FileWrite {
  path: string;
  text: string;
}

/** What a command did to the files, in workspace paths, so the workspace can take the edit over. */
export type FileChange = { kind: 'write'; path: string; text: string } | { kind: 'delete'; path: string };

export interface ExecOptions {
  /** Wall-clock limit. The command is interrupted (or its engine restarted) when it is reached. */
  timeoutMs?: number;
  /** Working directory relative to the workspace root ('' or '.' is the root). */
  cwd?: string;
  /** Output as it comes, in chunks (not necessarily whole lines). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** The terminal's stop button: aborting stops the command like a time limit does, with exit code 130. */
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the time limit stopped the command. */
  timedOut: boolean;
  /** Files the command created, changed or deleted (empty when the engine could not tell, e.g. after a restart). */
  changes: FileChange[];
  durationMs: number;
}

/** Exit codes shared by the implementations, chosen to match what a POSIX shell would report. */
export const EXIT = {
  /** Bad usage of a command (CPython uses 2 for a usage error or a missing script). */
  usage: 2,
  /** `timeout(1)` reports 124 when it stopped the command. */
  timedOut: 124,
  /** The shell's "command not found". */
  notFound: 127,
  /** 128 + SIGINT: the user stopped it. */
  interrupted: 130,
} as const;

export interface Sandbox {
  readonly kind: SandboxKind;
  /** Short name for the status line, e.g. "Python (Pyodide)". */
  readonly label: string;
  status(): SandboxStatus;
  /** Called on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: SandboxStatus) => void): () => void;
  /** Whether this sandbox runs that command line (`python ...` for Python, `node ...`/`npm ...` for Node). */
  handles(command: string): boolean;
  /** Creates or replaces files (parents are created). Safe to call before the engine has loaded. */
  writeFiles(files: FileWrite[]): Promise<void>;
  deleteFiles(paths: string[]): Promise<void>;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Frees the engine (worker, container). The sandbox cannot be used afterwards. */
  dispose(): Promise<void>;
}

/** What the page (or Node) offers, from which a sandbox is chosen at run time. */
export interface SandboxEnvironment {
  /** `crossOriginIsolated`: SharedArrayBuffer (Python interrupts) and WebContainer need it. */
  crossOriginIsolated: boolean;
  /** `navigator.onLine`: WebContainer loads its runtime from StackBlitz. */
  online: boolean;
  /** Module workers exist (a page or a Worker), or Node's worker_threads. */
  workers: boolean;
  /** The repo's main language, as the index names it ('python', 'javascript', 'typescript'), when known. */
  language?: string;
}
