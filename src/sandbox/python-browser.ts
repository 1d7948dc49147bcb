import { PythonSandbox } from './python-sandbox';
import type { HostPort } from './python-protocol';

/** Python for the page: the engine in a module Worker, Pyodide from the app's `pyodide/` folder. */
export interface BrowserPythonOptions {
  /** Absolute workspace folder inside Python, e.g. the episode's root; or a name for /workspace/<name>. */
  root?: string;
  workspaceName?: string;
  /** Default: `pyodide/` next to the page (public/pyodide in the build). */
  indexURL?: string;
  defaultTimeoutMs?: number;
}

function spawnPythonWorker(): HostPort {
  const worker = new Worker(new URL('../workers/python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
  return {
    post: (m) => worker.postMessage(m),
    onMessage: (h) => worker.addEventListener('message', (e) => h(e.data)),
    onError: (h) =>
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        h(e.message || 'the Python worker failed to start (its script could not load)');
      }),
    terminate: () => worker.terminate(),
  };
}

export function createBrowserPythonSandbox(options: BrowserPythonOptions = {}): PythonSandbox {
  return new PythonSandbox({
    spawn: spawnPythonWorker,
    indexURL: options.indexURL ?? new URL('pyodide/', document.baseURI).href,
    root: options.root,
    workspaceName: options.workspaceName,
    // SharedArrayBuffer can be posted to a Worker only when the page is cross-origin isolated.
    interrupts: globalThis.crossOriginIsolated === true,
    defaultTimeoutMs: options.defaultTimeoutMs,
  });
}
