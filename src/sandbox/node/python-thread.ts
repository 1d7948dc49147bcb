import { parentPort } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import { servePythonEngine } from '../python-engine';
import type { PyodideLike } from '../python-core';
import type { HostMessage } from '../python-protocol';

// Node's twin of src/workers/python.worker.ts: the same engine, fed by worker_threads messages.
if (!parentPort) throw new Error('python-thread.ts runs as a worker_thread (see python-node.ts)');
const port = parentPort;
servePythonEngine(
  { post: (m) => port.postMessage(m), onMessage: (h) => port.on('message', (m: HostMessage) => h(m)) },
  async (indexURL) => (await loadPyodide({ indexURL })) as unknown as PyodideLike,
);
