import type { EnginePort, HostMessage } from './python-protocol';
import { PythonRuntime, type OutputStream, type PyodideLike } from './python-core';

/**
 * Each write of the program (Python writes when it flushes: a line on stderr, `print(..., flush=True)`, a full buffer)
 * is posted at once, because the program runs synchronously and nothing could post a held-back write while it
 * computes: the terminal would not show "started" before a long silence. Only a flood (more than BURST_WRITES writes
 * within FLUSH_MS) is coalesced, up to FLUSH_CHARS, until the next write after the window.
 */
const FLUSH_CHARS = 8192;
const FLUSH_MS = 25;
const BURST_WRITES = 50;

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
    let windowStart = 0;
    let windowWrites = 0;
    const flush = () => {
      if (pending) port.post({ type: 'output', id, stream: pendingStream, text: pending });
      pending = '';
    };
    // The interrupt byte is never cleared here: an interrupt that came while this program waited its turn is for it,
    // and the side that posts programs (InterruptChannel) clears one that came as the previous program ended.
    const emit = (stream: OutputStream, text: string) => {
      if (stream !== pendingStream) flush();
      pendingStream = stream;
      pending += text;
      const now = Date.now();
      if (now - windowStart >= FLUSH_MS) {
        windowStart = now;
        windowWrites = 0;
      }
      windowWrites++;
      if (windowWrites <= BURST_WRITES || pending.length >= FLUSH_CHARS) flush();
    };
    let outcome;
    try {
      outcome = runtime.run({ invocation: msg.invocation, cwd: msg.cwd }, emit);
    } catch (e) {
      emit('stderr', `internal error in the Python sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
      outcome = { exitCode: 1, changes: [] };
    }
    flush();
    port.post({ type: 'done', id, exitCode: outcome.exitCode, changes: outcome.changes, fatal: outcome.fatal });
  };

  port.onMessage((msg) => {
    queue = queue.then(() => handle(msg));
  });
}
