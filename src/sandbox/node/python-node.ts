import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { PythonSandbox } from '../python-sandbox';
import type { HostPort } from '../python-protocol';

/**
 * Python for the CLI and the tests: the same host and engine as the page, with the engine in a worker_thread (which
 * has SharedArrayBuffer, so a program out of time is interrupted like in a cross-origin-isolated page) and Pyodide
 * loaded from node_modules.
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
 * The thread's entry is TypeScript; the thread registers tsx's loader first (the CLI and the tests run under tsx or
 * vitest, which do not extend to new threads). Resolved from this file, not the working directory.
 */
function spawnPythonThread(): HostPort {
  const tsxApi = require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const entry = new URL('./python-thread.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(`file://${tsxApi}`)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true });
  // A finished test or CLI command must not be held open by an idle Python thread.
  worker.unref();
  return {
    post: (m) => worker.postMessage(m),
    onMessage: (h) => worker.on('message', h),
    onError: (h) => {
      worker.on('error', (e) => h(e.message));
      worker.on('exit', (code) => h(`the Python thread exited (code ${code})`));
    },
    terminate: () => void worker.terminate(),
  };
}

export function createNodePythonSandbox(options: NodePythonOptions = {}): PythonSandbox {
  return new PythonSandbox({
    spawn: spawnPythonThread,
    indexURL: nodePyodideIndexURL(),
    root: options.root,
    workspaceName: options.workspaceName,
    interrupts: options.interrupts ?? true,
    interruptGraceMs: options.interruptGraceMs,
    defaultTimeoutMs: options.defaultTimeoutMs,
  });
}
