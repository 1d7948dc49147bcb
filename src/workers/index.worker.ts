import { indexFile, POOLED_ID_BASE, type FileOutcome } from '../core/index/build';
import type { LanguageId } from '../core/lang/languages';
import { loadTreeSitter, type TreeSitter } from '../core/lang/treesitter';
import { browserWasmLoader } from '../browser/wasm';

/**
 * One helper of the page's index pool (index-pool.ts), a Worker started by the repo Worker: loads tree-sitter with
 * the repo's grammars, then indexes the files it claims, either from the counter it shares with the other threads
 * (cross-origin isolated pages) or in the batches the repo Worker posts it, and posts each file's outcome back.
 * Outcomes carry ids from POOLED_ID_BASE; buildIndex shifts them into place.
 */
export type IndexHelperRequest =
  | {
      kind: 'start';
      files: { path: string; text: string }[];
      languages: LanguageId[];
      /** null: every language an indexer handles. */
      wanted: LanguageId[] | null;
      /** One Int32, the next file index to claim; null: wait for `batch` messages. */
      counter: SharedArrayBuffer | null;
    }
  | { kind: 'batch'; from: number; to: number };

export type IndexHelperReply = { kind: 'ready' } | { kind: 'outcomes'; outcomes: [number, FileOutcome][] } | { kind: 'error'; message: string };

/** Outcomes per message when claiming from the shared counter. */
const BATCH = 8;

let job: { ts: TreeSitter; files: { path: string; text: string }[]; wanted: ReadonlySet<LanguageId> | null } | null = null;
const post = (m: IndexHelperReply) => self.postMessage(m);

self.onmessage = async (e: MessageEvent<IndexHelperRequest>) => {
  const m = e.data;
  try {
    if (m.kind === 'start') {
      const ts = await loadTreeSitter(browserWasmLoader, m.languages);
      job = { ts, files: m.files, wanted: m.wanted ? new Set(m.wanted) : null };
      if (!m.counter) return post({ kind: 'ready' });
      const next = new Int32Array(m.counter);
      let batch: [number, FileOutcome][] = [];
      for (let i = Atomics.add(next, 0, 1); i < m.files.length; i = Atomics.add(next, 0, 1)) {
        batch.push([i, outcome(i)]);
        if (batch.length === BATCH) {
          post({ kind: 'outcomes', outcomes: batch });
          batch = [];
        }
      }
      post({ kind: 'outcomes', outcomes: batch });
    } else {
      const outcomes: [number, FileOutcome][] = [];
      for (let i = m.from; i < m.to; i++) outcomes.push([i, outcome(i)]);
      post({ kind: 'outcomes', outcomes });
    }
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
};

function outcome(i: number): FileOutcome {
  if (!job) throw new Error('index helper: a batch came before the start');
  const f = job.files[i]!;
  return indexFile(job.ts, f.path, f.text, job.wanted, POOLED_ID_BASE);
}
