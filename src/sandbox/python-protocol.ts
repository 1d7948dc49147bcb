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
  | { type: 'done'; id: number; exitCode: number; changes: FileChange[] };

/** The two ends a worker of either kind gives the shared code. */
export interface EnginePort {
  post(message: EngineMessage): void;
  onMessage(handler: (message: HostMessage) => void): void;
}

export interface HostPort {
  post(message: HostMessage): void;
  onMessage(handler: (message: EngineMessage) => void): void;
  /** The worker died (an uncaught error, a failed load of its script). */
  onError(handler: (message: string) => void): void;
  terminate(): void;
}
