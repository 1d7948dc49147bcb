import { bindStore } from './bind';
import { pageStorage } from './db';
import { loadRepoFiles } from './repo-source';
import { pageTreeSitter } from './scorer';
import { createBatchSession } from './sessions/batch';

/** The page's batch runs (src/store/sessions/batch.ts), with the tab's Web Locks, and the Repo screen's hook. */
export type { BatchRow } from './sessions/batch';

export const batchSession = createBatchSession({
  storage: pageStorage,
  repoFiles: loadRepoFiles,
  treeSitter: pageTreeSitter,
  locks: typeof navigator !== 'undefined' ? (navigator.locks ?? null) : null,
});

export const useBatch = bindStore(batchSession);
