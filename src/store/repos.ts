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
 * progress and outcome. A failed import shows its message and never touches the saved repos: an imported repo waits
 * in `pendingRepos` until the repo screen has indexed it (repo-session.ts), and is saved, in one transaction, only
 * then. A repo whose indexing fails is never stored half-built.
 */
export const samplesUrl = () => new URL('samples/', document.baseURI).href;

let storePromise: Promise<Result<RepoStore>> | null = null;
export function repoStore(): Promise<Result<RepoStore>> {
  storePromise ??= openRepoStore();
  return storePromise;
}
/** Repos imported while storage was unavailable live here for the session. */
export const unsavedRepos = new Map<string, Repo>();
/** Repos just imported, not yet indexed: saved by `savePending` once their index is built, dropped if it fails. */
export const pendingRepos = new Map<string, Repo>();
/** The import marks of pending repos, removed once saved. */
const importMarks = new Map<string, string>();

export type ImportState =
  | { kind: 'idle' }
  /** This tab was reloaded or closed during an import: nothing of it was saved (a repo is saved in one go, at the end). */
  | { kind: 'interrupted'; what: string }
  | { kind: 'loading'; what: string; progress: LoadProgress | null; abort: AbortController }
  | { kind: 'done'; repo: RepoSummary; note: string | null }
  | { kind: 'error'; message: string };

/**
 * This tab's import in progress, kept across a reload (sessionStorage is the tab's own): so that after a reload the
 * home screen can say that an import did not finish, instead of the repo silently not being there.
 */
const IMPORTING_KEY = 'hgym-importing';

/** Marks an import as under way; returns the mark, for `unmarkImporting` (a newer import's mark is left alone). */
function markImporting(what: string): string {
  const mark = JSON.stringify({ what, at: Date.now(), n: Math.random() });
  try {
    sessionStorage.setItem(IMPORTING_KEY, mark);
  } catch {
    // no session storage (a sandboxed frame, a non-browser runtime): nothing to say after a reload, then
  }
  return mark;
}

/** Set while the page unloads: its downloads fail then, and that import must stay marked as cut short. */
let unloading = false;
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => (unloading = true));
  window.addEventListener('pageshow', () => (unloading = false));
}

function unmarkImporting(mark: string): void {
  if (unloading) return;
  try {
    if (sessionStorage.getItem(IMPORTING_KEY) === mark) sessionStorage.removeItem(IMPORTING_KEY);
  } catch {
    // as above
  }
}

/** The import this tab was doing when it was last reloaded or closed, if it did not get saved; asked once. */
function interruptedImport(saved: RepoSummary[]): string | null {
  try {
    const raw = sessionStorage.getItem(IMPORTING_KEY);
    sessionStorage.removeItem(IMPORTING_KEY);
    if (!raw) return null;
    const { what, at } = JSON.parse(raw) as { what: string; at: number };
    // Saved just before the reload (the mark goes after the save): it did finish.
    return saved.some((r) => r.createdAt >= at) ? null : what;
  } catch {
    return null;
  }
}

interface ReposState {
  samples: SampleInfo[] | null;
  samplesError: string | null;
  saved: RepoSummary[] | null;
  savedError: string | null;
  importing: ImportState;
  refresh(): Promise<void>;
  /**
   * Loads a repo from a source into `pendingRepos`; returns its id, or null when it failed (see `importing`). The
   * repo screen indexes it, then saves it with `savePending`.
   */
  importRepo(request: RepoRequest, what: string): Promise<string | null>;
  /** Saves a pending repo once indexed; returns why storage refused it (it is then kept for the session), or null. */
  savePending(id: string): Promise<string | null>;
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
    set(listed.ok ? { saved: [...[...unsavedRepos.values()].map(summarize), ...listed.value], savedError: null } : { saved: [], savedError: listed.error });
    if (get().importing.kind === 'idle') {
      const what = interruptedImport(listed.ok ? listed.value : []);
      if (what) set({ importing: { kind: 'interrupted', what } });
    }
  },

  async importRepo(request, what) {
    if (get().importing.kind === 'loading') get().cancelImport();
    const abort = new AbortController();
    set({ importing: { kind: 'loading', what, progress: null, abort } });
    // The mark stays until the repo is saved (after its indexing): a reload before then is an import cut short.
    const mark = markImporting(what);
    const id = await importing(request, what, abort).catch((e: unknown) => {
      unmarkImporting(mark);
      throw e;
    });
    if (id === null) unmarkImporting(mark);
    else importMarks.set(id, mark);
    return id;
  },

  async savePending(id) {
    const repo = pendingRepos.get(id);
    if (!repo) return null;
    pendingRepos.delete(id);
    const store = await repoStore();
    const saved = store.ok ? await store.value.save(repo) : store;
    if (!saved.ok) {
      unsavedRepos.set(repo.id, repo);
      noteUnsaved(`repo:${repo.id}`, { group: 'repo', name: `the repo “${repo.name}”` });
    }
    const mark = importMarks.get(id);
    importMarks.delete(id);
    if (mark) unmarkImporting(mark);
    await get().refresh();
    return saved.ok ? null : saved.error;
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

/** An import: load into `pendingRepos` (saved in one transaction by `savePending`, once indexed). */
async function importing(request: RepoRequest, what: string, abort: AbortController): Promise<string | null> {
  const { getState: get, setState: set } = useRepos;
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
  pendingRepos.set(repo.id, repo);
  set({ importing: { kind: 'done', repo: summarize(repo), note: skippedNote } });
  return repo.id;
}
