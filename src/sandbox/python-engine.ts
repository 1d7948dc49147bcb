import type { EnginePort, HostMessage } from './python-protocol';
import { PythonRuntime, type OutputStream, type PyodideLike } from './python-core';

/** Output is coalesced: one message per this many characters or milliseconds, whichever comes first. */
const FLUSH_CHARS = 8192;
const FLUSH_MS = 25;

/**
 * The engine side of a Python sandbox, the same in a browser Worker and a Node worker_thread: loads Pyodide on
 * `init`, then applies file messages and runs programs strictly in the order they arrive.
 */
export function servePythonEngine(port: EnginePort, load: (indexURL: string) => Promise<PyodideLike>): void {
  let runtime: PythonRuntime | undefined;
  let interrupt: Uint8Array | undefined;
  let queue: Promise<void> = Promise.resolve();

  const handle = async (msg: HostMessage): Promise<void> => {
    if (msg.type === 'init') {
      const t0 = Date.now();
      try {
        const py = await load(msg.indexURL);
        interrupt = msg.interrupt ? new Uint8Array(msg.interrupt) : undefined;
        runtime = new PythonRuntime(py, msg.root, interrupt);
        runtime.writeFiles(msg.files);
        port.post({ type: 'ready', version: runtime.describe(), loadMs: Date.now() - t0 });
      } catch (e) {
        port.post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    if (!runtime) return;
    if (msg.type === 'files') {
      runtime.deleteFiles(msg.deletes);
      runtime.writeFiles(msg.writes);
      return;
    }
    const id = msg.id;
    let pending = '';
    let pendingStream: OutputStream = 'stdout';
    let lastFlush = Date.now();
    const flush = () => {
      if (pending) port.post({ type: 'output', id, stream: pendingStream, text: pending });
      pending = '';
      lastFlush = Date.now();
    };
    // A stale interrupt (sent as the previous program ended) must not stop this one.
    if (interrupt) interrupt[0] = 0;
    const emit = (stream: OutputStream, text: string) => {
      if (stream !== pendingStream) flush();
      pendingStream = stream;
      pending += text;
      if (pending.length >= FLUSH_CHARS || Date.now() - lastFlush >= FLUSH_MS) flush();
    };
    let outcome;
    try {
      outcome = runtime.run({ invocation: msg.invocation, cwd: msg.cwd }, emit);
    } catch (e) {
      emit('stderr', `internal error in the Python sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
      outcome = { exitCode: 1, changes: [] };
    }
    flush();
    if (interrupt) interrupt[0] = 0;
    port.post({ type: 'done', id, exitCode: outcome.exitCode, changes: outcome.changes });
  };

  port.onMessage((msg) => {
    queue = queue.then(() => handle(msg));
  });
}
