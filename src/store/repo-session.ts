import { proxy } from 'comlink';
import { startRepoWorker } from '../browser/repo-worker-client';
import { bindStore } from './bind';
import { pageStorage } from './db';
import { loadRepoFiles } from './repo-source';
import { pendingRepos, useRepos } from './repos';
import { createRepoSession } from './sessions/repo';

/** The page's Repo-screen session (src/store/sessions/repo.ts): the repo indexed in a Worker, imports saved once indexed. */
export type { RepoPhase } from './sessions/repo';
export { DEFAULT_GENERATOR, generatorOptions, shareable, shareSettings, shareTask, type GeneratorSettings, type StoredInstance } from './sessions/instances';

export const repoSession = createRepoSession({
  storage: pageStorage,
  repoFiles: loadRepoFiles,
  startIndexer() {
    const w = startRepoWorker();
    return {
      // Comlink proxies the callback: progress comes back while the Worker parses.
      index: (files, rootName, onProgress) => w.api.index(files, rootName, proxy(onProgress)),
      generate: (meta, request) => w.api.generate(meta, request),
      terminate: () => w.terminate(),
    };
  },
  imports: { save: (repoId) => useRepos.getState().savePending(repoId), drop: (repoId) => void pendingRepos.delete(repoId) },
});

export const useRepoSession = bindStore(repoSession);
