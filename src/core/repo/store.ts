import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { Repo, RepoFile, RepoSource, Result, SkippedFile } from './types';
import { formatBytes } from './units';

/**
 * Saved repos in IndexedDB, so a repo reopens without re-importing. Two object stores: small summaries (what the
 * home screen lists, read without touching any file text) and the contents. A save writes both in ONE transaction:
 * when it fails (storage full, a private window) the transaction is aborted and the repos saved before are
 * exactly as they were.
 */
export interface RepoSummary {
  id: string;
  name: string;
  source: RepoSource;
  fileCount: number;
  /** Bytes of the kept files. */
  bytes: number;
  skippedCount: number;
  createdAt: number;
  rootFolder?: string;
}

interface RepoContents {
  id: string;
  files: RepoFile[];
  skipped: SkippedFile[];
}

interface RepoDB extends DBSchema {
  summaries: { key: string; value: RepoSummary };
  contents: { key: string; value: RepoContents };
}

export interface RepoStore {
  /** Saves (or replaces, same id) a repo; the summary that list() will show. */
  save(repo: Repo): Promise<Result<RepoSummary>>;
  /** Saved repos, newest first, without their files. */
  list(): Promise<Result<RepoSummary[]>>;
  get(id: string): Promise<Result<Repo>>;
  delete(id: string): Promise<Result<true>>;
  close(): void;
}

export const REPO_DB_NAME = 'hybrid-gym-repos';
const VERSION = 1;

const unchanged = 'The repos already saved are unchanged.';

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
}

function describe(e: unknown): string {
  const name = errorName(e);
  const message = e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e) ? String((e as { message: unknown }).message) : String(e);
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}

function unavailable(e: unknown): string {
  return (
    `Saved repos are unavailable: this browser does not allow IndexedDB here (a private window, or site data turned off?) (${describe(e)}). ` +
    'Repos still load and work, but are not kept after the page closes.'
  );
}

export function summarize(repo: Repo): RepoSummary {
  return {
    id: repo.id,
    name: repo.name,
    source: repo.source,
    fileCount: repo.files.length,
    bytes: repo.bytes,
    skippedCount: repo.skipped.length,
    createdAt: repo.createdAt,
    ...(repo.rootFolder !== undefined ? { rootFolder: repo.rootFolder } : {}),
  };
}

const ignore = () => undefined;

/** Runs `work` in one transaction and waits for the commit; on any failure aborts it so nothing is half-written. */
async function atomically<Mode extends IDBTransactionMode>(
  tx: IDBPTransaction<RepoDB, ['summaries', 'contents'], Mode>,
  work: () => Promise<unknown>[],
): Promise<void> {
  const done = tx.done;
  done.catch(ignore);
  try {
    const requests = work();
    for (const r of requests) r.catch(ignore);
    await Promise.all([...requests, done]);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // already aborted or finished: nothing was committed either way
    }
    throw e;
  }
}

class IdbRepoStore implements RepoStore {
  constructor(private readonly db: IDBPDatabase<RepoDB>) {}

  async save(repo: Repo): Promise<Result<RepoSummary>> {
    const summary = summarize(repo);
    try {
      const tx = this.db.transaction(['summaries', 'contents'], 'readwrite');
      await atomically(tx, () => [
        tx.objectStore('summaries').put(summary),
        tx.objectStore('contents').put({ id: repo.id, files: repo.files, skipped: repo.skipped }),
      ]);
      return { ok: true, value: summary };
    } catch (e) {
      if (errorName(e) === 'QuotaExceededError') {
        return {
          ok: false,
          error: `There is not enough storage to save "${repo.name}" (${formatBytes(repo.bytes)}). Delete saved repos you no longer need, or free this site's storage in the browser settings. ${unchanged}`,
        };
      }
      return { ok: false, error: `"${repo.name}" could not be saved (${describe(e)}). ${unchanged}` };
    }
  }

  async list(): Promise<Result<RepoSummary[]>> {
    try {
      const all = await this.db.getAll('summaries');
      return { ok: true, value: all.sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? -1 : 1)) };
    } catch (e) {
      return { ok: false, error: `The saved repos could not be listed (${describe(e)}).` };
    }
  }

  async get(id: string): Promise<Result<Repo>> {
    try {
      const tx = this.db.transaction(['summaries', 'contents'], 'readonly');
      const [summary, contents] = await Promise.all([tx.objectStore('summaries').get(id), tx.objectStore('contents').get(id), tx.done]);
      if (!summary || !contents)
        return { ok: false, error: `The repo "${id}" is not stored here: it was deleted (perhaps in another tab), or its import did not finish.` };
      const repo: Repo = {
        id: summary.id,
        name: summary.name,
        source: summary.source,
        files: contents.files,
        skipped: contents.skipped,
        bytes: summary.bytes,
        createdAt: summary.createdAt,
        ...(summary.rootFolder !== undefined ? { rootFolder: summary.rootFolder } : {}),
      };
      return { ok: true, value: repo };
    } catch (e) {
      return { ok: false, error: `The saved repo "${id}" could not be read (${describe(e)}).` };
    }
  }

  async delete(id: string): Promise<Result<true>> {
    try {
      const tx = this.db.transaction(['summaries', 'contents'], 'readwrite');
      await atomically(tx, () => [tx.objectStore('summaries').delete(id), tx.objectStore('contents').delete(id)]);
      return { ok: true, value: true };
    } catch (e) {
      return { ok: false, error: `The saved repo could not be deleted (${describe(e)}).` };
    }
  }

  close(): void {
    this.db.close();
  }
}

export interface RepoStoreOptions {
  /** Default: the global `indexedDB` (tests pass fake-indexeddb's). */
  indexedDB?: IDBFactory;
  name?: string;
  /** How long opening may wait (held up by another tab) before the store is reported unavailable. Default 3 s. */
  openTimeoutMs?: number;
}

class HeldUp extends Error {}

/**
 * Rejects when the open is blocked (another connection, in another tab, does not let a version change or a delete
 * through) or has not settled in `ms`: the page goes on without saved repos instead of waiting for ever. A
 * connection that opens after that is closed again, so that it holds up nothing either.
 */
function heldUp(request: IDBOpenDBRequest, ms: number): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      request.addEventListener('success', () => request.result.close());
      reject(new HeldUp(why));
    };
    const timer = setTimeout(() => fail(`it did not open within ${ms / 1000} s`), ms);
    request.addEventListener('blocked', () => fail('another tab of the playground holds it: close that tab, then reload'));
    request.addEventListener('success', () => clearTimeout(timer));
    request.addEventListener('error', () => clearTimeout(timer));
  });
}

/** Opens (creating on first use) the saved-repo database; an error value when IndexedDB is missing or refused. */
export async function openRepoStore(options: RepoStoreOptions = {}): Promise<Result<RepoStore>> {
  const factory = options.indexedDB ?? (typeof indexedDB !== 'undefined' ? indexedDB : undefined);
  if (!factory) return { ok: false, error: unavailable(new Error('indexedDB is not defined')) };
  try {
    const request = factory.open(options.name ?? REPO_DB_NAME, VERSION);
    request.addEventListener('upgradeneeded', () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('summaries')) db.createObjectStore('summaries', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('contents')) db.createObjectStore('contents', { keyPath: 'id' });
    });
    const db = (await Promise.race([wrap(request), heldUp(request, options.openTimeoutMs ?? 3000)])) as unknown as IDBPDatabase<RepoDB>;
    // Another tab upgrading the schema must not be blocked by this connection.
    db.addEventListener('versionchange', () => db.close());
    return { ok: true, value: new IdbRepoStore(db) };
  } catch (e) {
    if (e instanceof HeldUp) {
      return {
        ok: false,
        error: `Saved repos are unavailable: storage is blocked (${e.message}). Repos still load and work, but are not kept after the page closes.`,
      };
    }
    return { ok: false, error: unavailable(e) };
  }
}
