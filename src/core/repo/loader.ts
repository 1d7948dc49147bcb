import { resolveLimits } from './build';
import type { FetchLike } from './fetch';
import { loadFolderRepo, type FolderListing } from './folder';
import { loadGitHubRepo } from './github';
import { loadSampleRepo } from './samples';
import type { LoadOptions, Repo, Result } from './types';
import { formatBytes } from './units';
import { loadZipRepo } from './zip';

/**
 * One entry point for every repo source. The UI (or a Worker, or the CLI) builds a request from what the user
 * picked and gets back a Repo or a message to show; nothing here throws, and nothing is stored: the caller saves a
 * successful result (store.ts), so a failed import never touches the repos already saved.
 */
export type RepoRequest =
  /** An embedded sample by its id in public/samples/index.json. */
  | { kind: 'sample'; id: string }
  /** An uploaded zip: a File from an <input> or a drop, or its bytes. */
  | { kind: 'zip'; fileName: string; data: Uint8Array | Blob }
  /** A walked local folder (listDirectoryHandle / listDroppedEntries / listInputFiles). */
  | { kind: 'folder'; listing: FolderListing }
  /** `https://github.com/o/n[/tree/ref]`, `o/n` or `o/n@ref`. */
  | { kind: 'github'; spec: string; token?: string };

export interface RepoLoaderEnv {
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Absolute URL of the folder with the samples' index.json (in a Worker, resolve it against the page first). */
  samplesUrl?: string;
  /** Overrides for tests or a GitHub Enterprise host. */
  githubApi?: string;
  githubRaw?: string;
}

export interface RepoLoader {
  load(request: RepoRequest, options?: LoadOptions): Promise<Result<Repo>>;
}

function defaultFetch(): FetchLike | undefined {
  return typeof fetch === 'function' ? (url, init) => fetch(url, init) : undefined;
}

export function createRepoLoader(env: RepoLoaderEnv = {}): RepoLoader {
  const getFetch = (): FetchLike | undefined => env.fetch ?? defaultFetch();

  const load = async (request: RepoRequest, options: LoadOptions = {}): Promise<Result<Repo>> => {
    switch (request.kind) {
      case 'sample': {
        const f = getFetch();
        if (!f || env.samplesUrl === undefined) return { ok: false, error: 'The samples are not available here (no samples URL configured).' };
        return loadSampleRepo(f, env.samplesUrl, request.id, options);
      }
      case 'zip': {
        const limits = resolveLimits(options.limits);
        const size = request.data instanceof Uint8Array ? request.data.length : request.data.size;
        // A zip never expands to less than its stored entries, so one larger than the expansion limit is refused unread.
        if (size > limits.maxArchiveBytes) {
          return {
            ok: false,
            error: `"${request.fileName}" is ${formatBytes(size)}, more than the ${formatBytes(limits.maxArchiveBytes)} a zip may expand to here.`,
          };
        }
        const bytes = request.data instanceof Uint8Array ? request.data : new Uint8Array(await request.data.arrayBuffer());
        return loadZipRepo(bytes, request.fileName, {}, options);
      }
      case 'folder':
        return loadFolderRepo(request.listing, options);
      case 'github': {
        const f = getFetch();
        if (!f) return { ok: false, error: 'Loading from GitHub needs network access (fetch), which is not available here.' };
        return loadGitHubRepo(request.spec, {
          ...options,
          fetch: f,
          ...(request.token ? { token: request.token } : {}),
          ...(env.githubApi ? { apiBase: env.githubApi } : {}),
          ...(env.githubRaw ? { rawBase: env.githubRaw } : {}),
        });
      }
    }
  };

  return {
    async load(request, options) {
      try {
        return await load(request, options);
      } catch (e) {
        // Loaders return errors as values; this is the net for the unforeseen (e.g. a File that can no longer be read).
        return { ok: false, error: `The repository could not be loaded: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
  };
}
