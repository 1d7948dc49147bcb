import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { create } from 'zustand';

/**
 * Persistence of what the playground makes (instances, episodes, settings) in IndexedDB, separate from the repos'
 * own database (src/core/repo/store.ts). When IndexedDB is unavailable (private windows, blocked storage) or full,
 * play goes on in memory and `useStorageStatus` says so, so the UI can show a banner; nothing in memory is dropped.
 */

export type Collection = 'instances' | 'episodes' | 'settings';

interface PlayDb extends DBSchema {
  instances: { key: string; value: { key: string; repoId: string; [k: string]: unknown }; indexes: { byRepo: string } };
  episodes: { key: string; value: { id: string; repoId: string; updatedAt: number; [k: string]: unknown }; indexes: { byRepo: string } };
  settings: { key: string; value: { key: string; value: unknown } };
}

export type StorageStatus = { kind: 'ok' } | { kind: 'unavailable'; reason: string } | { kind: 'full'; reason: string };

export const useStorageStatus = create<{ status: StorageStatus }>(() => ({ status: { kind: 'ok' } }));

const DB_NAME = 'hgym-play';
let dbPromise: Promise<IDBPDatabase<PlayDb> | null> | null = null;
/** The database once open, for writes that cannot wait for a promise (a page closing). */
let opened: IDBPDatabase<PlayDb> | null = null;
/** Every record this tab wrote: the latest version of each, whether or not it reached the disk. */
const memory: Record<Collection, Map<string, unknown>> = { instances: new Map(), episodes: new Map(), settings: new Map() };

function db(): Promise<IDBPDatabase<PlayDb> | null> {
  dbPromise ??= (async () => {
    try {
      if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB');
      return (opened = await openDB<PlayDb>(DB_NAME, 1, {
        upgrade(d) {
          d.createObjectStore('instances', { keyPath: 'key' }).createIndex('byRepo', 'repoId');
          d.createObjectStore('episodes', { keyPath: 'id' }).createIndex('byRepo', 'repoId');
          d.createObjectStore('settings', { keyPath: 'key' });
        },
      }));
    } catch (e) {
      useStorageStatus.setState({
        status: { kind: 'unavailable', reason: `Storage is unavailable (${(e as Error).message}). Work is kept in this tab only.` },
      });
      return null;
    }
  })();
  return dbPromise;
}

function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

const keyOf = (collection: Collection, value: Record<string, unknown>) => String(collection === 'episodes' ? value.id : value.key);

/** Writes a record; on a full disk it stays in memory and the status turns to `full`. Never throws. */
export async function put<T extends Record<string, unknown>>(collection: Collection, value: T): Promise<boolean> {
  memory[collection].set(keyOf(collection, value), value);
  const d = await db();
  if (!d) return false;
  try {
    await d.put(collection, value as never);
    return true;
  } catch (e) {
    const reason = isQuotaError(e)
      ? 'Browser storage is full: new work is kept in this tab only. Export your episodes, or delete stored repos.'
      : `Saving failed (${(e as Error).message}): new work is kept in this tab only.`;
    useStorageStatus.setState({ status: { kind: isQuotaError(e) ? 'full' : 'unavailable', reason } });
    return false;
  }
}

/**
 * Writes a record at once, in this task, and asks for the commit straight away: for a page being hidden or closed,
 * which may not run another task (an ordinary put goes through a promise first). Best effort, never throws.
 */
export function putNow<T extends Record<string, unknown>>(collection: Collection, value: T): void {
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
}

export async function get<T>(collection: Collection, key: string): Promise<T | undefined> {
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

export async function list<T>(collection: Collection, repoId?: string): Promise<T[]> {
  const out = new Map<string, T>();
  const d = await db();
  if (d) {
    try {
      const rows =
        repoId !== undefined && collection !== 'settings'
          ? await d.getAllFromIndex(collection, 'byRepo', repoId)
          : await d.getAll(collection);
      for (const r of rows) out.set(keyOf(collection, r as Record<string, unknown>), r as T);
    } catch {
      // fall back to memory
    }
  }
  for (const [k, v] of memory[collection]) {
    if (repoId === undefined || (v as { repoId?: string }).repoId === repoId) out.set(k, v as T);
  }
  return [...out.values()];
}

export async function remove(collection: Collection, key: string): Promise<void> {
  memory[collection].delete(key);
  const d = await db();
  try {
    await d?.delete(collection, key);
  } catch {
    // nothing stored to remove
  }
}

export async function getSetting<T>(key: string, fallback: T): Promise<T> {
  return ((await get<{ value: T }>('settings', key))?.value ?? fallback) as T;
}
export async function putSetting(key: string, value: unknown): Promise<void> {
  await put('settings', { key, value });
}
