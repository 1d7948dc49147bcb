import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * Persistence of what the playground makes (instances, episodes, settings) in IndexedDB, separate from the repos'
 * own database (src/core/repo/store.ts). When IndexedDB is unavailable (private windows, blocked storage, another
 * tab holding it) or full, play goes on in memory and the storage's `status` says so, and names what was not saved,
 * so the UI can show a banner; nothing in memory is dropped, and leaving the page while something is unsaved asks.
 *
 * `createPlayStorage` makes one over any IndexedDB factory: the sessions take it (tests pass fake-indexeddb's), the
 * page's own is src/store/db.ts's `pageStorage`.
 */

export type Collection = 'instances' | 'episodes' | 'settings';

interface PlayDb extends DBSchema {
  instances: { key: string; value: { key: string; repoId: string; [k: string]: unknown }; indexes: { byRepo: string } };
  episodes: { key: string; value: { id: string; repoId: string; updatedAt: number; [k: string]: unknown }; indexes: { byRepo: string } };
  settings: { key: string; value: { key: string; value: unknown } };
}

export type StorageStatus = { kind: 'ok' } | { kind: 'unavailable'; reason: string } | { kind: 'full'; reason: string };

/**
 * Something kept in this tab only. `name` names it ("the episode on json: foo (3 steps)"); without a name it is
 * counted with the others of its `group` ("12 generated tasks").
 */
export interface Unsaved {
  group: string;
  name?: string;
}

export interface StorageState {
  status: StorageStatus;
  unsaved: Record<string, Unsaved>;
}

export interface PlayStorage {
  /** Whether storage works, and what is kept in this tab only. */
  readonly status: StoreApi<StorageState>;
  /**
   * Writes a record; when storage is full or unavailable it stays in memory, the status says why and the record is
   * listed as not saved under `what` (by default counted in its collection's group; `false`: not listed, e.g. the
   * clock, which its episode covers). Never throws.
   */
  put<T extends Record<string, unknown>>(collection: Collection, value: T, what?: Unsaved | false): Promise<boolean>;
  /** Writes records in one transaction: all of them are stored, or (storage full, the page closing) none. */
  putAll<T extends Record<string, unknown>>(collection: Collection, values: T[]): Promise<boolean>;
  /**
   * Writes a record at once, in this task, and asks for the commit straight away: for a page being hidden or closed,
   * which may not run another task (an ordinary put goes through a promise first). Best effort, never throws.
   */
  putNow<T extends Record<string, unknown>>(collection: Collection, value: T): void;
  get<T>(collection: Collection, key: string): Promise<T | undefined>;
  list<T>(collection: Collection, repoId?: string): Promise<T[]>;
  remove(collection: Collection, key: string): Promise<void>;
  getSetting<T>(key: string, fallback: T): Promise<T>;
  putSetting(key: string, value: unknown, what?: Unsaved | false): Promise<void>;
  /** Marks something as kept in this tab only (`null`: saved now), for the banner; any store may name what it lost. */
  noteUnsaved(id: string, what: Unsaved | null): void;
}

export interface PlayStorageOptions {
  /** Default: the global `indexedDB` when there is one (tests pass fake-indexeddb's); `null`: none. */
  indexedDB?: IDBFactory | null;
  /** Default `hgym-play`. */
  name?: string;
  /** How long opening the database may take before the page goes on without it (another tab can hold it up). */
  openTimeoutMs?: number;
}

const OPEN_TIMEOUT_MS = 3000;
const DB_NAME = 'hgym-play';

function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

const keyOf = (collection: Collection, value: Record<string, unknown>) => String(collection === 'episodes' ? value.id : value.key);

const GROUPS: Record<Collection, string> = { instances: 'generated task', episodes: 'episode', settings: 'setting' };

/** Opens the database as idb's `openDB` does, on the given factory; `on` gets its blocked, blocking and close events. */
function openPlayDb(factory: IDBFactory, name: string, on: { blocked(): void; blocking(): void; terminated(): void }): Promise<IDBPDatabase<PlayDb>> {
  const request = factory.open(name, 1);
  request.addEventListener('upgradeneeded', () => {
    const d = request.result;
    d.createObjectStore('instances', { keyPath: 'key' }).createIndex('byRepo', 'repoId');
    d.createObjectStore('episodes', { keyPath: 'id' }).createIndex('byRepo', 'repoId');
    d.createObjectStore('settings', { keyPath: 'key' });
  });
  request.addEventListener('blocked', () => on.blocked());
  const opening = wrap(request) as unknown as Promise<IDBPDatabase<PlayDb>>;
  return opening.then((d) => {
    d.addEventListener('versionchange', () => on.blocking());
    d.addEventListener('close', () => on.terminated());
    return d;
  });
}

export function createPlayStorage(options: PlayStorageOptions = {}): PlayStorage {
  const status = createStore<StorageState>(() => ({ status: { kind: 'ok' }, unsaved: {} }));
  const timeoutMs = options.openTimeoutMs ?? OPEN_TIMEOUT_MS;
  let dbPromise: Promise<IDBPDatabase<PlayDb> | null> | null = null;
  /** The database once open, for writes that cannot wait for a promise (a page closing). */
  let opened: IDBPDatabase<PlayDb> | null = null;
  /** Every record this tab wrote: the latest version of each, whether or not it reached the disk. */
  const memory: Record<Collection, Map<string, unknown>> = { instances: new Map(), episodes: new Map(), settings: new Map() };

  function setStatus(next: StorageStatus): void {
    const now = status.getState().status;
    if (now.kind !== next.kind || (now.kind !== 'ok' && next.kind !== 'ok' && now.reason !== next.reason)) status.setState({ status: next });
  }

  function db(): Promise<IDBPDatabase<PlayDb> | null> {
    dbPromise ??= new Promise((resolve) => {
      const unavailable = (reason: string) => {
        setStatus({ kind: 'unavailable', reason });
        resolve(null);
      };
      const factory = options.indexedDB === undefined ? (typeof indexedDB === 'undefined' ? null : indexedDB) : options.indexedDB;
      if (!factory) return unavailable('Storage is unavailable (this browser offers no IndexedDB). Work is kept in this tab only.');
      // Blocked (another tab of the playground holds the database while it is upgraded or deleted) or just slow: the
      // page goes on in memory; if the database opens later, the writes from then on reach it.
      const holdUp = (why: string) =>
        unavailable(`Storage is blocked (${why}). Work is kept in this tab only until it is free: close other tabs of the playground, then reload.`);
      const timer = setTimeout(() => holdUp(`it did not open within ${timeoutMs / 1000} s`), timeoutMs);
      let open: Promise<IDBPDatabase<PlayDb>>;
      try {
        open = openPlayDb(factory, options.name ?? DB_NAME, {
          blocked: () => holdUp('another tab of the playground holds it'),
          // This tab must not hold up another one that upgrades or deletes the database; it reopens on its next write.
          blocking: () => forget(),
          terminated: () => forget(),
        });
      } catch (e) {
        open = Promise.reject(e as Error);
      }
      open.then(
        (d) => {
          clearTimeout(timer);
          opened = d;
          dbPromise = Promise.resolve(d);
          setStatus({ kind: 'ok' });
          resolve(d);
        },
        (e: unknown) => {
          clearTimeout(timer);
          unavailable(`Storage is unavailable (${(e as Error).message}). Work is kept in this tab only.`);
        },
      );
    });
    return dbPromise;
  }

  /** Drops the connection (another tab needs the database, or the browser closed it): the next write opens it again. */
  function forget(): void {
    opened?.close();
    opened = null;
    dbPromise = null;
  }

  function noteUnsaved(id: string, what: Unsaved | null): void {
    const cur = status.getState().unsaved;
    if (what === null ? !(id in cur) : cur[id]?.name === what.name && cur[id]?.group === what.group) return;
    const unsaved = { ...cur };
    if (what === null) delete unsaved[id];
    else unsaved[id] = what;
    status.setState({ unsaved });
  }

  function writeFailed(e: unknown): void {
    setStatus(
      isQuotaError(e)
        ? { kind: 'full', reason: 'Browser storage is full: new work is kept in this tab only. Export your episodes, or delete stored repos.' }
        : { kind: 'unavailable', reason: `Saving failed (${(e as Error).message}): new work is kept in this tab only.` },
    );
  }

  async function get<T>(collection: Collection, key: string): Promise<T | undefined> {
    // What this tab wrote is the latest version, whether or not it reached the disk.
    if (memory[collection].has(key)) return memory[collection].get(key) as T;
    const d = await db();
    if (d) {
      try {
        const v = await d.get(collection, key);
        if (v !== undefined) return v as T;
      } catch {
        // unreadable storage: the record is treated as absent
      }
    }
    return undefined;
  }

  async function put<T extends Record<string, unknown>>(collection: Collection, value: T, what?: Unsaved | false): Promise<boolean> {
    const key = keyOf(collection, value);
    memory[collection].set(key, value);
    const id = `${collection}:${key}`;
    const lost = () => what !== false && noteUnsaved(id, what ?? { group: GROUPS[collection] });
    const d = await db();
    if (!d) {
      lost();
      return false;
    }
    try {
      await d.put(collection, value as never);
      noteUnsaved(id, null);
      return true;
    } catch (e) {
      writeFailed(e);
      lost();
      return false;
    }
  }

  return {
    status,
    noteUnsaved,
    put,
    get,

    async putAll<T extends Record<string, unknown>>(collection: Collection, values: T[]): Promise<boolean> {
      for (const v of values) memory[collection].set(keyOf(collection, v), v);
      const ids = values.map((v) => `${collection}:${keyOf(collection, v)}`);
      const lost = () => ids.forEach((id) => noteUnsaved(id, { group: GROUPS[collection] }));
      const d = await db();
      if (!d) {
        lost();
        return false;
      }
      let abort = () => {};
      try {
        const tx = d.transaction(collection, 'readwrite');
        abort = () => tx.abort();
        const done = tx.done;
        done.catch(() => undefined);
        const writes: Promise<unknown>[] = [];
        for (const v of values) {
          // A write refused at once throws here; the ones queued before it then fail with the abort: all are awaited.
          const w = tx.store.put(v as never);
          w.catch(() => undefined);
          writes.push(w);
        }
        await Promise.all([...writes, done]);
        ids.forEach((id) => noteUnsaved(id, null));
        return true;
      } catch (e) {
        try {
          // One refused write (or a full disk) must not let the others commit.
          abort();
        } catch {
          // already aborted or finished
        }
        writeFailed(e);
        lost();
        return false;
      }
    },

    putNow<T extends Record<string, unknown>>(collection: Collection, value: T): void {
      memory[collection].set(keyOf(collection, value), value);
      if (!opened) return;
      try {
        const tx = opened.transaction(collection, 'readwrite');
        void tx.store.put(value as never).catch(() => undefined);
        tx.done.catch(() => undefined);
        tx.commit();
      } catch {
        // closing or storage refused: the periodic writes are what is kept
      }
    },

    async list<T>(collection: Collection, repoId?: string): Promise<T[]> {
      const out = new Map<string, T>();
      const d = await db();
      if (d) {
        try {
          const rows = repoId !== undefined && collection !== 'settings' ? await d.getAllFromIndex(collection, 'byRepo', repoId) : await d.getAll(collection);
          for (const r of rows) out.set(keyOf(collection, r as Record<string, unknown>), r as T);
        } catch {
          // fall back to memory
        }
      }
      for (const [k, v] of memory[collection]) {
        if (repoId === undefined || (v as { repoId?: string }).repoId === repoId) out.set(k, v as T);
      }
      return [...out.values()];
    },

    async remove(collection: Collection, key: string): Promise<void> {
      memory[collection].delete(key);
      noteUnsaved(`${collection}:${key}`, null);
      const d = await db();
      try {
        await d?.delete(collection, key);
      } catch {
        // nothing stored to remove
      }
    },

    async getSetting<T>(key: string, fallback: T): Promise<T> {
      return ((await get<{ value: T }>('settings', key))?.value ?? fallback) as T;
    },
    async putSetting(key: string, value: unknown, what?: Unsaved | false): Promise<void> {
      await put('settings', { key, value }, what);
    },
  };
}

/** What was not saved, in a few words: "the episode on json: foo (3 steps), 12 generated tasks". */
export function describeUnsaved(unsaved: Record<string, Unsaved>): string {
  const named: string[] = [];
  const counts = new Map<string, number>();
  for (const u of Object.values(unsaved)) {
    if (u.name) named.push(u.name);
    else counts.set(u.group, (counts.get(u.group) ?? 0) + 1);
  }
  return [...named, ...[...counts].map(([group, n]) => (n === 1 ? `1 ${group}` : `${n} ${group}s`))].join(', ');
}
