import { create } from 'zustand';
import {
  createRepoLoader,
  describeSkipped,
  listSamples,
  openRepoStore,
  resolveLimits,
  summarize,
  type LoadProgress,
  type Repo,
  type RepoRequest,
  type RepoStore,
  type RepoSummary,
  type Result,
  type SampleInfo,
} from '../core/repo';
import { noteUnsaved } from './db';

/**
 * The home screen's state: embedded samples, saved repos, and one import at a time (zip, folder, GitHub) with its
 * progress and outcome. A failed import shows its message and never touches the saved repos (the store saves in
 * one transaction, and only a successful load is saved).
 */
export const samplesUrl = () => new URL('samples/', document.baseURI).href;

let storePromise: Promise<Result<RepoStore>> | null = null;
export function repoStore(): Promise<Result<RepoStore>> {
  storePromise ??= openRepoStore();
  return storePromise;
}
/** Repos imported while storage was unavailable live here for the session. */
export const unsavedRepos = new Map<string, Repo>();

export type ImportState =
  | { kind: 'idle' }
  | { kind: 'loading'; what: string; progress: LoadProgress | null; abort: AbortController }
  | { kind: 'done'; repo: RepoSummary; note: string | null }
  | { kind: 'error'; message: string };

interface ReposState {
  samples: SampleInfo[] | null;
  samplesError: string | null;
  saved: RepoSummary[] | null;
  savedError: string | null;
  importing: ImportState;
  refresh(): Promise<void>;
  /** Loads a repo from a source and saves it; returns its id, or null when it failed (see `importing`). */
  importRepo(request: RepoRequest, what: string): Promise<string | null>;
  cancelImport(): void;
  remove(id: string): Promise<void>;
}

export const useRepos = create<ReposState>((set, get) => ({
  samples: null,
  samplesError: null,
  saved: null,
  savedError: null,
  importing: { kind: 'idle' },

  async refresh() {
    const [samples, store] = await Promise.all([listSamples((u, i) => fetch(u, i), samplesUrl()), repoStore()]);
    set(samples.ok ? { samples: samples.value, samplesError: null } : { samples: [], samplesError: samples.error });
    if (!store.ok) {
      set({ saved: [...unsavedRepos.values()].map(summarize), savedError: store.error });
      return;
    }
    const listed = await store.value.list();
    set(
      listed.ok
        ? { saved: [...[...unsavedRepos.values()].map(summarize), ...listed.value], savedError: null }
        : { saved: [], savedError: listed.error },
    );
  },

  async importRepo(request, what) {
    get().importing.kind === 'loading' && get().cancelImport();
    const abort = new AbortController();
    set({ importing: { kind: 'loading', what, progress: null, abort } });
    const loaded = await createRepoLoader({ samplesUrl: samplesUrl() }).load(request, {
      signal: abort.signal,
      onProgress: (progress) => {
        const cur = get().importing;
        if (cur.kind === 'loading' && cur.abort === abort) set({ importing: { ...cur, progress } });
      },
    });
    if (!loaded.ok) {
      set({ importing: { kind: 'error', message: loaded.error } });
      return null;
    }
    const repo = loaded.value;
    const skippedNote = repo.skipped.length ? describeSkipped(repo.skipped, resolveLimits()) : null;
    const store = await repoStore();
    const saved = store.ok ? await store.value.save(repo) : store;
    if (!saved.ok) {
      unsavedRepos.set(repo.id, repo);
      noteUnsaved(`repo:${repo.id}`, { group: 'repo', name: `the repo “${repo.name}”` });
      set({ importing: { kind: 'done', repo: summarize(repo), note: [saved.error, skippedNote].filter(Boolean).join(' ') } });
    } else {
      set({ importing: { kind: 'done', repo: saved.value, note: skippedNote } });
    }
    await get().refresh();
    return repo.id;
  },

  cancelImport() {
    const cur = get().importing;
    if (cur.kind === 'loading') cur.abort.abort();
    set({ importing: { kind: 'idle' } });
  },

  async remove(id) {
    unsavedRepos.delete(id);
    noteUnsaved(`repo:${id}`, null);
    const store = await repoStore();
    if (store.ok) {
      const r = await store.value.delete(id);
      if (!r.ok) set({ savedError: r.error });
    }
    await get().refresh();
  },
}));
