import * as Comlink from 'comlink';
import type { IndexProgress, RepoIndex } from '../core/index/types';
import type { IndexWorkerApi } from '../workers/index.worker';

/** Indexes in a Web Worker; one Worker per run, terminated at the end, so a cancelled run frees its memory. */
export async function indexInWorker(
  files: { path: string; text: string }[],
  rootName: string | null,
  onProgress: IndexProgress,
): Promise<RepoIndex> {
  const worker = new Worker(new URL('../workers/index.worker.ts', import.meta.url), { type: 'module' });
  try {
    const api = Comlink.wrap<IndexWorkerApi>(worker);
    return await api.index(files, rootName, Comlink.proxy(onProgress));
  } finally {
    worker.terminate();
  }
}
