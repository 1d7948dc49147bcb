import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { indexFile, POOLED_ID_BASE, type FileOutcome } from '../core/index/build';
import { loadTreeSitter } from '../core/lang/treesitter';
import type { LanguageId } from '../core/lang/languages';

/**
 * One thread of the index pool (index-pool.ts): loads tree-sitter with the repo's languages, then claims files one
 * at a time from the counter it shares with the other threads and posts each file's outcome back, until none are
 * left. Outcomes carry ids from POOLED_ID_BASE; the main thread shifts them into place.
 */
export interface IndexWorkerData {
  wasmDir: string;
  files: { path: string; text: string }[];
  languages: LanguageId[];
  /** null: every language an indexer handles. */
  wanted: LanguageId[] | null;
  /** One Int32: the next file index to claim. */
  counter: SharedArrayBuffer;
}

export type IndexWorkerMessage = { kind: 'outcomes'; outcomes: [number, FileOutcome][] } | { kind: 'done' } | { kind: 'error'; message: string };

const BATCH = 8;

async function run(data: IndexWorkerData): Promise<void> {
  const ts = await loadTreeSitter((name) => readFile(join(data.wasmDir, name)).then((b) => new Uint8Array(b)), data.languages);
  const wanted = data.wanted ? new Set(data.wanted) : null;
  const next = new Int32Array(data.counter);
  let batch: [number, FileOutcome][] = [];
  for (let i = Atomics.add(next, 0, 1); i < data.files.length; i = Atomics.add(next, 0, 1)) {
    const f = data.files[i]!;
    batch.push([i, indexFile(ts, f.path, f.text, wanted, POOLED_ID_BASE)]);
    if (batch.length === BATCH) {
      parentPort!.postMessage({ kind: 'outcomes', outcomes: batch } satisfies IndexWorkerMessage);
      batch = [];
    }
  }
  parentPort!.postMessage({ kind: 'outcomes', outcomes: batch } satisfies IndexWorkerMessage);
  parentPort!.postMessage({ kind: 'done' } satisfies IndexWorkerMessage);
}

run(workerData as IndexWorkerData).catch((err: unknown) => {
  parentPort!.postMessage({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies IndexWorkerMessage);
});
