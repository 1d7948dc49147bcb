import { describeSkipped, resolveLimits, type Repo, type RepoStore, type Result } from '../../core/repo';

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

/** A repo's files by its id; throws the message to show when it cannot be had. */
export type RepoFiles = (repoId: string) => Promise<LoadedRepo>;

export interface RepoSourceEnv {
  /** The saved repos (src/core/repo/store.ts). */
  repoStore(): Promise<Result<RepoStore>>;
  /** An embedded sample by its id, with its `owner/name` when the samples' list names it. */
  sample?(id: string): Promise<{ result: Result<Repo>; repoName: string | null }>;
  /** Repos just imported, not yet indexed (saved once they are). */
  pending?: ReadonlyMap<string, Repo>;
  /** Repos imported while storage was unavailable, kept for the session. */
  unsaved?: ReadonlyMap<string, Repo>;
}

/** Repo ids: `sample:ID` for an embedded sample; anything else is a just-imported, unsaved or saved repo's id. */
export function createRepoSource(env: RepoSourceEnv): RepoFiles {
  const pending = env.pending ?? new Map<string, Repo>();
  const unsaved = env.unsaved ?? new Map<string, Repo>();
  return async (repoId) => {
    let result: Result<Repo>;
    let repoName: string | null = null;
    if (repoId.startsWith('sample:')) {
      const id = repoId.slice('sample:'.length);
      if (!env.sample) throw new Error('The samples are not available here.');
      ({ result, repoName } = await env.sample(id));
    } else if (pending.has(repoId)) {
      result = { ok: true, value: pending.get(repoId)! };
    } else if (unsaved.has(repoId)) {
      result = { ok: true, value: unsaved.get(repoId)! };
    } else {
      const store = await env.repoStore();
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
      pending: pending.has(repoId),
    };
  };
}
