import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { servePythonEngine } from '../python-engine';
import type { PyodideLike } from '../python-core';
import { interruptChannel, type EngineMessage, type HostMessage } from '../python-protocol';
import { allowConstantsBinding, lockDownEngineThread } from './process-lockdown';

/**
 * The Python process of the command line and the tests, bundled to one file by python-node.ts and run under Node's
 * permission model. Its main thread is a relay: it owns the interrupt byte and passes messages between the host (over
 * IPC) and the engine thread, which loads Pyodide and runs programs (so the relay is free to interrupt them).
 */
export type RelayMessage = HostMessage | { type: 'interrupt'; id: number };

function relay(): void {
  const send = (m: EngineMessage) => process.send?.(m);
  const channel = interruptChannel();
  // The same file, as the engine thread.
  const engine = new Worker(__filename);
  engine.on('message', (m: EngineMessage) => {
    channel?.received(m);
    send(m);
  });
  engine.on('error', (e) => {
    process.stderr.write(`the Python engine thread failed: ${e.message}\n`);
    process.exit(1);
  });
  engine.on('exit', (code) => process.exit(code || 1));
  process.on('message', (m: RelayMessage) => {
    if (m.type === 'interrupt') channel?.interrupt(m.id);
    else engine.postMessage(channel ? channel.sent(m) : m);
  });
  // The host is gone (a finished command, a killed test run): so is the sandbox.
  process.on('disconnect', () => process.exit(0));
}

function engineThread(): void {
  const port = parentPort!;
  allowConstantsBinding();
  servePythonEngine({ post: (m) => port.postMessage(m), onMessage: (h) => port.on('message', (m: HostMessage) => h(m)) }, async (indexURL) => {
    const { loadPyodide } = (await import(pathToFileURL(`${indexURL}pyodide.mjs`).href)) as {
      loadPyodide(options: { indexURL: string }): Promise<unknown>;
    };
    const py = (await loadPyodide({ indexURL })) as PyodideLike;
    lockDownEngineThread();
    return py;
  });
}

if (isMainThread) relay();
else engineThread();
