import { createRepoLoader } from '../core/repo/loader';
import type { RepoIndex } from '../core/index/types';
import { startRepoWorker } from '../browser/repo-worker-client';
import type { ParallelOptions, ParallelRun } from './index-pool';

/**
 * index-check.html: the page's repo Worker indexing an embedded sample, in parallel or on one thread, for a person
 * ("how many helpers does this browser get?") and for the e2e test and the bench, which compare the two indexes and
 * time them through `window.hgymIndexCheck` in a built app.
 */
export interface IndexCheckRun {
  /** The index as JSON, without its wall time (`stats.ms` is 0). */
  json: string;
  /** From the call to the index: the repo Worker's grammars, its helpers' start and the index. */
  ms: number;
  /** The index alone, as buildIndex timed it (helpers starting while the repo Worker loads its grammars are not in it). */
  indexMs: number;
  parallel: ParallelRun;
  files: number;
}

export interface IndexCheckApi {
  /** Indexes the sample in a fresh repo Worker; `sequential` gives it no helpers. */
  index(sampleId: string, options: ParallelOptions & { sequential?: boolean }): Promise<IndexCheckRun>;
}

declare global {
  interface Window {
    hgymIndexCheck: IndexCheckApi;
  }
}

const root = document.getElementById('check')!;
root.innerHTML = `<h1>Index check</h1><dl id="facts"></dl>`;
const facts = root.querySelector<HTMLDListElement>('#facts')!;
function show(term: string, value: string): void {
  const dt = document.createElement('dt');
  const dd = document.createElement('dd');
  dt.textContent = term;
  dd.textContent = value;
  facts.append(dt, dd);
}
show('Cross-origin isolated', String(crossOriginIsolated));
show('Cores', String(navigator.hardwareConcurrency));

const withoutTime = (ix: RepoIndex) => JSON.stringify({ ...ix, stats: { ...ix.stats, ms: 0 } });

window.hgymIndexCheck = {
  async index(sampleId, options) {
    const repo = await createRepoLoader({ samplesUrl: new URL('samples/', document.baseURI).href }).load({ kind: 'sample', id: sampleId });
    if (!repo.ok) throw new Error(repo.error);
    const files = repo.value.files.map((f) => ({ path: f.path, text: f.text }));
    const worker = startRepoWorker();
    try {
      const { sequential, ...parallel } = options;
      const t0 = performance.now();
      const index = await worker.api.index(files, repo.value.rootFolder ?? null, undefined, sequential ? { threads: 0 } : parallel);
      const ms = Math.round(performance.now() - t0);
      const run = { json: withoutTime(index), ms, indexMs: index.stats.ms, parallel: await worker.api.parallelism(), files: files.length };
      show(`${sampleId}, ${sequential ? 'one thread' : `${run.parallel.helpers} helpers (${run.parallel.mode})`}`, `${ms} ms (index ${index.stats.ms} ms)`);
      return run;
    } finally {
      worker.terminate();
    }
  },
};
