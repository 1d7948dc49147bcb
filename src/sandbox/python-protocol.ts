import type { FileChange, FileWrite } from './types';
import type { PythonInvocation } from './python-command';
import type { OutputStream } from './python-core';

/** Messages between a Python sandbox host and its engine thread (a browser module Worker or a Node worker_thread). */
export type HostMessage =
  | {
      type: 'init';
      /** Where pyodide.mjs, pyodide.asm.wasm and python_stdlib.zip are (a URL in the browser, a folder in Node). */
      indexURL: string;
      root: string;
      /** One byte Pyodide polls; the host writes 2 (SIGINT) to stop a program. Absent without SharedArrayBuffer. */
      interrupt?: SharedArrayBuffer;
      files: FileWrite[];
    }
  | { type: 'files'; writes: FileWrite[]; deletes: string[] }
  | { type: 'exec'; id: number; invocation: PythonInvocation; cwd?: string };

export type EngineMessage =
  /** `version` reads like "Python 3.14.0 (Pyodide 314.0.7)". */
  | { type: 'ready'; version: string; loadMs: number }
  | { type: 'failed'; message: string }
  | { type: 'output'; id: number; stream: OutputStream; text: string }
  | { type: 'done'; id: number; exitCode: number; changes: FileChange[]; fatal?: boolean };

/** The two ends a worker of either kind gives the shared code. */
export interface EnginePort {
  post(message: EngineMessage): void;
  onMessage(handler: (message: HostMessage) => void): void;
}

export interface HostPort {
  /** The port fills in `init.interrupt` itself when it has an interrupt channel. */
  post(message: HostMessage): void;
  onMessage(handler: (message: EngineMessage) => void): void;
  /** The worker died (an uncaught error, a failed load of its script). */
  onError(handler: (message: string) => void): void;
  terminate(): void;
  /**
   * Stops program `id` with a KeyboardInterrupt, if it is still the one running. Absent when the engine cannot be
   * interrupted (no SharedArrayBuffer: a page that is not cross-origin isolated); the host then restarts it.
   */
  interrupt?(id: number): void;
}

/**
 * The one byte Pyodide polls for a signal, shared with the engine thread, kept by the side that posts programs to
 * it (the page's port, or the relay thread of the Node process). It knows which program is the engine's: an
 * interrupt meant for one never stops the next, and one sent before its program started still stops it.
 */
export class InterruptChannel {
  readonly buffer = new SharedArrayBuffer(1);
  private readonly flag = new Uint8Array(this.buffer);
  private current: number | undefined;

  /** Program `id` was posted to the engine. */
  posted(id: number): void {
    this.current = id;
  }

  /** Program `id` ended; the engine is idle, so a flag set as it ended can be cleared before the next one. */
  finished(id: number): void {
    if (this.current !== id) return;
    this.current = undefined;
    Atomics.store(this.flag, 0, 0);
  }

  interrupt(id: number): void {
    // 2 is SIGINT: Pyodide raises KeyboardInterrupt at its next check.
    if (this.current === id) Atomics.store(this.flag, 0, 2);
  }

  /** Watches the traffic both ways: wrap the engine's outgoing post and incoming messages with these. */
  sent(m: HostMessage): HostMessage {
    if (m.type === 'exec') this.posted(m.id);
    return m.type === 'init' ? { ...m, interrupt: this.buffer } : m;
  }

  received(m: EngineMessage): void {
    if (m.type === 'done') this.finished(m.id);
  }
}

/** An interrupt channel where SharedArrayBuffer exists (a cross-origin-isolated page, Node). */
export function interruptChannel(): InterruptChannel | undefined {
  return typeof SharedArrayBuffer === 'undefined' ? undefined : new InterruptChannel();
}
