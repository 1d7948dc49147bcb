import { createRepoLoader, listSamples } from '../core/repo';
import { pendingRepos, repoStore, samplesUrl, unsavedRepos } from './repos';
import { createRepoSource } from './sessions/repo-source';

export type { LoadedRepo } from './sessions/repo-source';

/** The page's repos by id: the embedded samples (fetched), the imports of this tab, the saved repos. */
export const loadRepoFiles = createRepoSource({
  repoStore,
  async sample(id) {
    const fetchLike = (u: string, i?: RequestInit) => fetch(u, i);
    const [listed, result] = await Promise.all([
      listSamples(fetchLike, samplesUrl()),
      createRepoLoader({ samplesUrl: samplesUrl() }).load({ kind: 'sample', id }),
    ]);
    return { result, repoName: listed.ok ? (listed.value.find((s) => s.id === id)?.repo ?? null) : null };
  },
  pending: pendingRepos,
  unsaved: unsavedRepos,
});
