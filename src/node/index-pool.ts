import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileOutcome, IndexPool } from '../core/index/build';
import { poolHelpers, poolLanguages } from '../core/index/pool-plan';
import { bundledScript } from './bundle';
import type { IndexWorkerData, IndexWorkerMessage } from './index-worker';
import { WASM_DIR } from './wasm';

export interface NodeIndexPoolOptions {
  /** Worker threads besides the calling one (default: one per core beyond the first). */
  threads?: number;
  /** Below this many lines the files are indexed on the calling thread only (a thread costs ~150 ms to start: below this it would not pay). */
  minLines?: number;
}

const DEFAULT_MIN_LINES = 20000;

/**
 * Indexing in parallel with worker threads: each thread (the caller's included) parses and extracts whole files,
 * claiming the next file from a shared counter, so a slow file never holds the others up; the outcomes come back in
 * file order and buildIndex puts them together exactly as a sequential run would (test/core/index/pool.test.ts).
 */
export function nodeIndexPool(options: NodeIndexPoolOptions = {}): IndexPool {
  const threads = options.threads ?? Math.max(0, availableParallelism() - 1);
  const minLines = options.minLines ?? DEFAULT_MIN_LINES;
  return {
    async indexFiles(files, wanted, here) {
      const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
      const workers = poolHelpers(files, threads, minLines);
      const counter = new SharedArrayBuffer(4);
      const next = new Int32Array(counter);
      const languages = poolLanguages(files, wanted);
      const script = workers ? bundledScript({ from: import.meta.url, entry: './index-worker.ts', prebuilt: 'index-worker.mjs', format: 'esm' }) : '';
      const done = Array.from({ length: workers }, () => {
        const data: IndexWorkerData = { wasmDir: WASM_DIR, files, languages, wanted, counter };
        // No inherited loader flags (tsx in tests): the script is plain JavaScript, and each hook costs startup time.
        const worker = new Worker(script, { workerData: data, execArgv: [] });
        return new Promise<void>((resolve, reject) => {
          worker.on('message', (m: IndexWorkerMessage) => {
            if (m.kind === 'outcomes') for (const [i, o] of m.outcomes) outcomes[i] = o;
            else if (m.kind === 'done') void worker.terminate().then(() => resolve());
            else reject(new Error(`index worker: ${m.message}`));
          });
          worker.on('error', reject);
          worker.on('exit', (code) => code !== 0 && code !== 1 && reject(new Error(`index worker exited with ${code}`)));
        });
      });
      // The calling thread claims files too, from the same counter.
      for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) outcomes[i] = here(i);
      await Promise.all(done);
      return outcomes.map((o, i) => {
        if (!o) throw new Error(`index pool: no outcome for ${files[i]!.path}`);
        return o;
      });
    },
  };
}
