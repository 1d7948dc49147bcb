import { servePythonEngine } from '../sandbox/python-engine';
import type { PyodideLike } from '../sandbox/python-core';
import type { HostMessage } from '../sandbox/python-protocol';
import { lockDownWorkerScope } from '../sandbox/engine-lockdown';

/**
 * The Python engine in a module Worker. Pyodide's loader is imported from the served folder (public/pyodide, copied
 * from the pinned package), not bundled, so the loader and its wasm and stdlib always come from the same release.
 */
// The project's lib is DOM, not WebWorker: the two members used here, typed by hand.
const scope = self as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<HostMessage>) => void) | null };

servePythonEngine(
  {
    post: (m) => scope.postMessage(m),
    onMessage: (h) => {
      scope.onmessage = (e: MessageEvent<HostMessage>) => h(e.data);
    },
  },
  async (indexURL) => {
    const mod = (await import(/* @vite-ignore */ new URL('pyodide.mjs', indexURL).href)) as {
      loadPyodide(options: { indexURL: string }): Promise<unknown>;
    };
    const py = (await mod.loadPyodide({ indexURL })) as PyodideLike;
    // Pyodide's own files are in: from here on, the scope programs run in has no storage and no network.
    lockDownWorkerScope(self);
    return py;
  },
);
