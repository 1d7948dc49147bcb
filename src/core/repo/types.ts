/**
 * A repository in memory: text files keyed by POSIX paths relative to the root. Everything downstream (index,
 * tasks, episodes) reads repos through this shape; loaders (src/core/repo/loaders) produce it, idb persists it as is.
 */
export interface RepoFile {
  /** POSIX path relative to the root: no leading `/`, no `.` or `..` segments, no backslashes. */
  path: string;
  text: string;
  /** Size in bytes of the original file. */
  size: number;
}

/** `symlink`: a symbolic link, to a file or a folder, never followed (it may point outside the repo). */
export type SkipReason = 'binary' | 'too-large' | 'not-utf8' | 'repo-limit' | 'ignored-folder' | 'symlink';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  size: number;
}

export type RepoSourceKind = 'sample' | 'zip' | 'folder' | 'github';

export interface RepoSource {
  kind: RepoSourceKind;
  /** What the user picked: a sample id, a zip's file name, a folder name, `owner/name@ref`. */
  label: string;
}

export interface Repo {
  /** Stable id: the storage key. */
  id: string;
  /** Display name, e.g. `json` or `owner/name`. */
  name: string;
  source: RepoSource;
  /** Text files, sorted by path. */
  files: RepoFile[];
  skipped: SkippedFile[];
  /** Total bytes of the kept files. */
  bytes: number;
  /** ms since epoch. */
  createdAt: number;
  /**
   * The folder the files came in, when the source had one: the single top folder stripped from a zip, the picked
   * folder. A root that is itself a Python package is importable under this name (the index's `rootName`).
   */
  rootFolder?: string;
}

export interface RepoLimits {
  /** Largest kept file, bytes. Default 1 MB. */
  maxFileBytes: number;
  /** Largest repo (sum of kept files), bytes. Default 50 MB. */
  maxRepoBytes: number;
  /** Largest total uncompressed size read from an archive before giving up (zip-bomb guard). Default 200 MB. */
  maxArchiveBytes: number;
  /** Most entries read from an archive. Default 100,000. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: RepoLimits = {
  maxFileBytes: 1_000_000,
  maxRepoBytes: 50_000_000,
  maxArchiveBytes: 200_000_000,
  maxEntries: 100_000,
};

/** Errors at the edges are values with a message a user can act on. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a loader is doing, for a progress bar: `done` of `total` units (bytes or files, as `unit` says). */
export interface LoadProgress {
  stage: 'listing' | 'downloading' | 'unpacking' | 'reading';
  done: number;
  total: number;
  unit: 'files' | 'bytes';
}

/** Options every loader takes. */
export interface LoadOptions {
  /** Override some of DEFAULT_LIMITS. */
  limits?: Partial<RepoLimits>;
  onProgress?: (progress: LoadProgress) => void;
  /** Stops the load between files / requests; the result is then an error saying it was cancelled. */
  signal?: AbortSignal;
  /** Clock for `createdAt` and rate-limit messages (tests pin it). */
  now?: () => number;
}
