import * as Comlink from 'comlink';
import type { RepoWorkerApi } from '../workers/repo.worker';

export interface RepoWorker {
  api: Comlink.Remote<RepoWorkerApi>;
  terminate(): void;
}

/** One Worker per open repo; terminating it frees the index's memory. */
export function startRepoWorker(): RepoWorker {
  const worker = new Worker(new URL('../workers/repo.worker.ts', import.meta.url), { type: 'module' });
  return { api: Comlink.wrap<RepoWorkerApi>(worker), terminate: () => worker.terminate() };
}
