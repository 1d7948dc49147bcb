import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { bundledScript } from '../../node/bundle';
import { PythonSandbox } from '../python-sandbox';
import type { EngineMessage, HostPort } from '../python-protocol';
import type { RelayMessage } from './python-process';

/**
 * Python for the CLI and the tests: the same host and engine as the page, with the engine in a separate Node
 * process under Node's permission model — it may read Pyodide's own folder and its own code, and nothing else: no
 * file writes, no child processes, no native addons, no inspector, no environment (so no API key). Inside it, the
 * thread that runs programs has the network cut off too (python-process.ts). A program can do anything to its
 * interpreter and still not reach the host.
 */
export interface NodePythonOptions {
  /** Absolute workspace folder inside Python, e.g. the episode's root; or a name for /workspace/<name>. */
  root?: string;
  workspaceName?: string;
  /** false: exercise the terminate-and-restart path a page without cross-origin isolation takes. */
  interrupts?: boolean;
  interruptGraceMs?: number;
  defaultTimeoutMs?: number;
}

const require = createRequire(import.meta.url);

/** Pyodide's folder in node_modules: its package has the interpreter and the whole standard library. */
export function nodePyodideIndexURL(): string {
  return `${dirname(require.resolve('pyodide/package.json'))}/`;
}

/**
 * python-process.ts and what it imports, as one CommonJS file: the process under the permission model cannot run
 * tsx (whose compiler is a child process), and may read only the files it is given.
 */
const processBundle = () => bundledScript({ from: import.meta.url, entry: './python-process.ts', prebuilt: 'python-process.cjs', format: 'cjs' });

/** Node 22.13 and 23.5 took the permission model out of experiment and renamed its flag. */
function permissionFlag(): string {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}

/** The flags the Python process runs under: read Pyodide and itself, start its engine thread, nothing more. */
export function pythonProcessArgs(entry: string, pyodideDir: string): string[] {
  return [
    permissionFlag(),
    `--allow-fs-read=${pyodideDir}`,
    `--allow-fs-read=${entry}`,
    '--allow-worker',
    // No `eval` or `new Function` from strings: a program cannot turn text into JavaScript in the engine.
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    entry,
  ];
}

const STDERR_KEPT = 4096;

function spawnPythonProcess(interrupts: boolean): HostPort {
  const entry = processBundle();
  const child = spawn(process.execPath, pythonProcessArgs(entry, dirname(require.resolve('pyodide/package.json'))), {
    // Nothing of the user's environment (API keys, tokens) reaches the sandbox.
    env: {},
    cwd: dirname(entry),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (t: string) => {
    stderr = (stderr + t).slice(-STDERR_KEPT);
  });
  // A finished test or CLI command must not be held open by an idle Python process.
  child.unref();
  child.channel?.unref();
  const send = (m: RelayMessage) => {
    if (child.connected) child.send(m);
  };
  return {
    post: send,
    onMessage: (h) => child.on('message', (m: EngineMessage) => h(m)),
    onError: (h) => {
      child.on('error', (e) => h(e.message));
      child.on('exit', (code, signal) => {
        const why = stderr.trim().split('\n').at(-1);
        h(`the Python process exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`);
      });
    },
    terminate: () => void child.kill('SIGKILL'),
    interrupt: interrupts ? (id) => send({ type: 'interrupt', id }) : undefined,
  };
}

export function createNodePythonSandbox(options: NodePythonOptions = {}): PythonSandbox {
  const interrupts = options.interrupts ?? true;
  return new PythonSandbox({
    spawn: () => spawnPythonProcess(interrupts),
    indexURL: nodePyodideIndexURL(),
    root: options.root,
    workspaceName: options.workspaceName,
    interruptGraceMs: options.interruptGraceMs,
    defaultTimeoutMs: options.defaultTimeoutMs,
  });
}
