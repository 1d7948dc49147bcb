import { hash32 } from './rng';

/**
 * The paper's instances name a repository and a commit. Our repos come from samples, zips and folders with no
 * commit, so the commit is a fingerprint of the content: the same files give the same ids everywhere.
 */
export interface RepoMeta {
  /** `owner/name` style; samples use e.g. `cpython/json`. */
  repo: string;
  /** 40 hex chars derived from the content (or a real commit for GitHub repos). */
  baseCommit: string;
}

export function contentFingerprint(files: readonly { path: string; text: string }[]): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts = [0, 1, 2, 3, 4].map((salt) => {
    let h = hash32(`salt${salt}`);
    for (const f of sorted) h = hash32(`${h}:${f.path}:${f.text.length}:${hash32(f.text)}`);
    return h.toString(16).padStart(8, '0');
  });
  return parts.join('');
}

/** `owner__name__commit8`: the paper's workspace folder name and instance-id prefix. */
export function repoSlug(meta: RepoMeta): string {
  return `${meta.repo.replace(/\//g, '__')}__${meta.baseCommit.slice(0, 8)}`;
}

export function workspacePath(meta: RepoMeta): string {
  return `/workspace/${repoSlug(meta)}`;
}
