// The repo layer's public API: the UI, Workers and the CLI import from here.
export * from './types';
export {
  buildRepo,
  repoFromBytes,
  entriesFromBytes,
  planEntries,
  resolveLimits,
  RepoInputError,
  type RepoEntry,
  type RepoMeta,
  type BuildOptions,
} from './build';
export { normalizeRepoPath, commonTopFolder, isInIgnoredFolder, compareWalkOrder, IGNORED_FOLDERS } from './paths';
export { classifyContent, type FileContent } from './content';
export { describeSkipped, countSkipped } from './skipped';
export { formatBytes } from './units';
export type { FetchLike, FetchResponseLike } from './fetch';
export { loadFromSource, type RepoEntrySource, type RepoListing } from './source';
export { loadZipRepo, zipSource, type ZipMeta } from './zip';
export { listSamples, loadSampleRepo, type SampleInfo } from './samples';
export { listDirectoryHandle, listDroppedEntries, listInputFiles, loadFolderRepo, folderSource, type FolderListing } from './folder';
export { parseGitHubSpec, formatGitHubSpec, type GitHubSpec } from './github-spec';
export { loadGitHubRepo, githubSource, describeGitHubRefusal, GITHUB_API, GITHUB_RAW, type GitHubLoadOptions } from './github';
export { createRepoLoader, type RepoLoader, type RepoLoaderEnv, type RepoRequest } from './loader';
export { openRepoStore, summarize, REPO_DB_NAME, type RepoStore, type RepoSummary, type RepoStoreOptions } from './store';
