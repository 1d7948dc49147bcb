import type { FileOutcome, IndexPool } from '../core/index/build';
import { poolHelpers, poolLanguages } from '../core/index/pool-plan';
import type { LanguageId } from '../core/lang/languages';
import type { IndexHelperReply, IndexHelperRequest } from './index.worker';

/** How the page's repo Worker parses a repo in parallel (plain data: the page may post it). */
export interface ParallelOptions {
  /** Helper Workers besides the repo Worker (default: one per core beyond the first, at most MAX_HELPERS). */
  threads?: number;
  /** Below this many lines the repo Worker indexes alone (default DEFAULT_MIN_LINES). */
  minLines?: number;
  /**
   * How files are handed out: `shared`, claimed from a SharedArrayBuffer counter (only when the page is
   * cross-origin isolated), or `messages`, in batches the repo Worker posts. Default: shared when it can be.
   */
  mode?: 'shared' | 'messages';
  /** false: the repo Worker only hands files out and the helpers index them all (the index check's test of them). */
  share?: boolean;
}

/** What the last pooled run used, for the index check page and the bench. */
export interface ParallelRun {
  helpers: number;
  mode: 'shared' | 'messages' | 'none';
  /** Files the helpers indexed (the rest the repo Worker did). */
  helperFiles: number;
}

export const MAX_HELPERS = 4;
/** A helper starts in ~100 ms (its Worker, the runtime and grammars compiled again): worth it on larger repos only. */
export const DEFAULT_MIN_LINES = 6000;

export interface WebIndexPool extends IndexPool {
  /** Helpers these files get (0: index them on the calling thread alone). */
  helpers(files: readonly { text: string }[]): number;
  /**
   * Starts the helpers for these files now, so they load their grammars while the caller loads its own; the
   * `indexFiles` call on the same files uses them.
   */
  prepare(files: { path: string; text: string }[], wanted: LanguageId[] | null): void;
  readonly last: ParallelRun;
}

/** One pooled run: its helpers (started by `prepare` or `indexFiles`), the outcomes landed so far, the files left. */
interface PoolRun {
  files: { path: string; text: string }[];
  outcomes: (FileOutcome | undefined)[];
  /** The next file to hand out: an Int32 shared with the helpers, or a batch cursor of this thread. */
  counter: Int32Array | null;
  claim(): [number, number] | null;
  land(i: number, o: FileOutcome): void;
  finished: Promise<void>;
  workers: Worker[];
}

/**
 * Indexing in parallel with Web Workers, from the repo Worker: each helper (index.worker.ts) and the repo Worker
 * itself parse and extract whole files, and the outcomes come back in file order for buildIndex to put together
 * exactly as a sequential run would (test/e2e/index-pool.e2e.ts compares the two on a sample in Chromium).
 * `onFile` is told of each file done, wherever it was done (progress for the page).
 */
export function webIndexPool(options: ParallelOptions = {}, onFile?: (done: number, total: number, path: string) => void): WebIndexPool {
  const cores = typeof navigator !== 'undefined' ? (navigator.hardwareConcurrency ?? 1) : 1;
  const threads = Math.min(options.threads ?? Math.max(0, cores - 1), MAX_HELPERS);
  const minLines = options.minLines ?? DEFAULT_MIN_LINES;
  const canShare = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
  const shared = options.mode ? options.mode === 'shared' && canShare : canShare;
  let prepared: PoolRun | null = null;
  let last: ParallelRun = { helpers: 0, mode: 'none', helperFiles: 0 };

  const begin = (files: { path: string; text: string }[], wanted: LanguageId[] | null): PoolRun => {
    const n = poolHelpers(files, threads, minLines);
    last = { helpers: n, mode: n ? (shared ? 'shared' : 'messages') : 'none', helperFiles: 0 };
    const counts = last;
    const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
    let done = 0;
    const sab = shared && n ? new SharedArrayBuffer(4) : null;
    // Message batches: small enough that the threads finish together, large enough to keep messages few.
    const batch = Math.max(1, Math.ceil(files.length / ((n + 1) * 6)));
    let nextBatch = 0;
    // Finished once every file has its outcome: a helper still loading its grammars then has nothing left to do.
    let allLanded = () => {};
    let failed = (_e: Error) => {};
    const finished = new Promise<void>((resolve, reject) => {
      allLanded = resolve;
      failed = reject;
    });
    // Until indexFiles awaits it, a failure must not be an unhandled rejection.
    finished.catch(() => undefined);
    const run: PoolRun = {
      files,
      outcomes,
      counter: sab ? new Int32Array(sab) : null,
      claim() {
        if (nextBatch >= files.length) return null;
        const from = nextBatch;
        nextBatch = Math.min(files.length, from + batch);
        return [from, nextBatch];
      },
      land(i, o) {
        outcomes[i] = o;
        onFile?.(++done, files.length, files[i]!.path);
        if (done === files.length) allLanded();
      },
      finished,
      workers: [],
    };
    const languages = poolLanguages(files, wanted);
    for (let h = 0; h < n; h++) {
      const worker = new Worker(new URL('./index.worker.ts', import.meta.url), { type: 'module', name: 'index-helper' });
      run.workers.push(worker);
      const send = (m: IndexHelperRequest) => worker.postMessage(m);
      const more = () => {
        const range = run.claim();
        if (range) send({ kind: 'batch', from: range[0], to: range[1] });
      };
      worker.onmessage = (e: MessageEvent<IndexHelperReply>) => {
        const m = e.data;
        if (m.kind === 'outcomes') {
          counts.helperFiles += m.outcomes.length;
          for (const [i, o] of m.outcomes) run.land(i, o);
          if (!sab) more();
        } else if (m.kind === 'ready') more();
        else if (m.kind === 'error') failed(new Error(`index helper: ${m.message}`));
      };
      worker.onerror = (e) => failed(new Error(`index helper: ${e.message || 'the Worker failed to start'}`));
      send({ kind: 'start', files, languages, wanted, counter: sab });
    }
    return run;
  };

  return {
    get last() {
      return last;
    },
    helpers: (files) => poolHelpers(files, threads, minLines),
    prepare(files, wanted) {
      prepared = begin(files, wanted);
    },
    async indexFiles(files, wanted, here) {
      const run = prepared?.files === files ? prepared : begin(files, wanted);
      prepared = null;
      try {
        if (options.share === false && run.workers.length) {
          // The helpers claim every file.
        } else if (run.counter) {
          // The repo Worker claims files too, from the same counter.
          const next = run.counter;
          for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) run.land(i, here(i));
        } else {
          for (let range = run.claim(); range; range = run.claim()) {
            for (let i = range[0]; i < range[1]; i++) run.land(i, here(i));
            // Lets the helpers' messages in, so each gets its next batch while this thread works on its own.
            await yieldToMessages();
          }
        }
        await run.finished;
      } finally {
        for (const w of run.workers) w.terminate();
      }
      return run.outcomes.map((o, i) => {
        if (!o) throw new Error(`index pool: no outcome for ${files[i]!.path}`);
        return o;
      });
    },
  };
}

/** A macrotask turn without setTimeout's 4 ms clamp. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
