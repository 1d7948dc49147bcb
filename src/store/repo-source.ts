import { createRepoLoader, describeSkipped, listSamples, resolveLimits, type Repo, type Result } from '../core/repo';
import { pendingRepos, repoStore, samplesUrl, unsavedRepos } from './repos';

export interface LoadedRepo {
  name: string;
  /** `owner/name` for instance ids. */
  repo: string;
  files: { path: string; text: string }[];
  /** The repo folder's own name, when the root is itself a Python package. */
  rootName: string | null;
  /** What the import did not read and why (`2 binary, 1 symbolic link (not followed)`), or null. */
  skippedNote: string | null;
  /** Just imported: saved only once indexed (repos.ts `savePending`). */
  pending: boolean;
}

/** Repo ids: `sample:ID` for an embedded sample; anything else is a saved repo's id. */
export async function loadRepoFiles(repoId: string): Promise<LoadedRepo> {
  let result: Result<Repo>;
  let repoName: string | null = null;
  if (repoId.startsWith('sample:')) {
    const id = repoId.slice('sample:'.length);
    const fetchLike = (u: string, i?: RequestInit) => fetch(u, i);
    const [listed, loaded] = await Promise.all([
      listSamples(fetchLike, samplesUrl()),
      createRepoLoader({ samplesUrl: samplesUrl() }).load({ kind: 'sample', id }),
    ]);
    repoName = listed.ok ? (listed.value.find((s) => s.id === id)?.repo ?? null) : null;
    result = loaded;
  } else if (pendingRepos.has(repoId)) {
    result = { ok: true, value: pendingRepos.get(repoId)! };
  } else if (unsavedRepos.has(repoId)) {
    result = { ok: true, value: unsavedRepos.get(repoId)! };
  } else {
    const store = await repoStore();
    result = store.ok ? await store.value.get(repoId) : store;
  }
  if (!result.ok) throw new Error(result.error);
  const repo = result.value;
  return {
    name: repo.name,
    repo: repoName ?? (repo.source.kind === 'github' ? repo.name : `local/${repo.name}`),
    files: repo.files.map((f) => ({ path: f.path, text: f.text })),
    rootName: repo.rootFolder ?? null,
    skippedNote: repo.skipped.length ? describeSkipped(repo.skipped, resolveLimits()) : null,
    pending: pendingRepos.has(repoId),
  };
}
