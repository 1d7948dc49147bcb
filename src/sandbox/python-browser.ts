import { PythonSandbox } from './python-sandbox';
import { interruptChannel, type EngineMessage, type HostPort } from './python-protocol';

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
  // SharedArrayBuffer can be posted to a Worker only when the page is cross-origin isolated.
  const channel = globalThis.crossOriginIsolated === true ? interruptChannel() : undefined;
  return {
    post: (m) => worker.postMessage(channel ? channel.sent(m) : m),
    interrupt: channel && ((id) => channel.interrupt(id)),
    onMessage: (h) =>
      worker.addEventListener('message', (e: MessageEvent<EngineMessage>) => {
        channel?.received(e.data);
        h(e.data);
      }),
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
    defaultTimeoutMs: options.defaultTimeoutMs,
  });
}
