import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoFromBytes } from '../../../src/core/repo/build';
import { openRepoStore, type RepoStore } from '../../../src/core/repo/store';
import type { Repo } from '../../../src/core/repo/types';
import { simulateQuotaExceeded } from '../../idb-faults';
import { stdlibPackage } from './fixtures';

async function realRepo(pkg: string, createdAt: number): Promise<Repo> {
  const files = Object.entries(stdlibPackage(pkg)).map(([path, bytes]) => ({ path, bytes }));
  const r = await repoFromBytes(files, { name: pkg, source: { kind: 'sample', label: pkg } }, { now: () => createdAt });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function open(factory: IDBFactory): Promise<RepoStore> {
  const r = await openRepoStore({ indexedDB: factory });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

let factory: IDBFactory;
let json: Repo;
let email: Repo;
let restore: (() => void) | null = null;

beforeEach(async () => {
  factory = new IDBFactory();
  json = await realRepo('json', 1_000);
  email = await realRepo('email', 2_000);
});
afterEach(() => {
  restore?.();
  restore = null;
});

describe('RepoStore (idb on fake-indexeddb)', () => {
  it('saves, lists newest first, reopens and round-trips repos exactly', async () => {
    const store = await open(factory);
    expect(await store.list()).toEqual({ ok: true, value: [] });
    const saved = await store.save(json);
    expect(saved).toEqual({
      ok: true,
      value: {
        id: json.id,
        name: 'json',
        source: json.source,
        fileCount: json.files.length,
        bytes: json.bytes,
        skippedCount: 0,
        createdAt: 1_000,
        rootFolder: 'json',
      },
    });
    expect((await store.save(email)).ok).toBe(true);
    store.close();

    // A new connection (a reload): the repos are still there, without re-import.
    const again = await open(factory);
    const list = await again.list();
    expect(list.ok && list.value.map((s) => s.name)).toEqual(['email', 'json']);
    expect(list.ok && list.value.every((s) => !('files' in s))).toBe(true);
    expect(await again.get(json.id)).toEqual({ ok: true, value: json });
    expect(await again.get(email.id)).toEqual({ ok: true, value: email });
  });

  it('lists without reading any file contents', async () => {
    const store = await open(factory);
    await store.save(json);
    await store.save(email);
    const touched: string[] = [];
    const proto = IDBObjectStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const originals = Object.fromEntries(['get', 'getAll', 'openCursor'].map((m) => [m, proto[m]!]));
    for (const m of Object.keys(originals)) {
      proto[m] = function (this: IDBObjectStore, ...a: unknown[]) {
        touched.push(`${this.name}.${m}`);
        return originals[m]!.apply(this, a);
      };
    }
    try {
      const list = await store.list();
      expect(list.ok && list.value.length).toBe(2);
    } finally {
      Object.assign(proto, originals);
    }
    expect(touched).toEqual(['summaries.getAll']);
  });

  it('replaces a repo saved again under the same id, and deletes', async () => {
    const store = await open(factory);
    await store.save(json);
    const renamed = { ...json, name: 'json (again)', createdAt: 3_000 };
    await store.save(renamed);
    const list = await store.list();
    expect(list.ok && list.value.map((s) => s.name)).toEqual(['json (again)']);
    expect(await store.delete(json.id)).toEqual({ ok: true, value: true });
    expect(await store.list()).toEqual({ ok: true, value: [] });
    expect(await store.get(json.id)).toEqual({
      ok: false,
      error: `The repo "${json.id}" is not stored here: it was deleted (perhaps in another tab), or its import did not finish.`,
    });
  });

  it('on a full quota returns a clear error and leaves saved repos exactly as they were', async () => {
    const store = await open(factory);
    await store.save(json);
    restore = simulateQuotaExceeded('contents');

    const r = await store.save(email);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatch(
        /^There is not enough storage to save "email" \(\d+(\.\d)? KB\)\. Delete saved repos .* The repos already saved are unchanged\.$/,
      );
    // Overwriting an existing repo fails the same way and keeps the old version whole (no half-written summary).
    const changed = { ...json, name: 'json v2', files: json.files.slice(0, 2), createdAt: 9_000 };
    expect((await store.save(changed)).ok).toBe(false);

    restore();
    restore = null;
    const list = await store.list();
    expect(list.ok && list.value.map((s) => [s.id, s.name, s.fileCount])).toEqual([[json.id, 'json', json.files.length]]);
    expect(await store.get(json.id)).toEqual({ ok: true, value: json });
    expect((await store.get(email.id)).ok).toBe(false);
  });

  it('says when IndexedDB is unavailable or refused', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error simulate a runtime without IndexedDB
    delete globalThis.indexedDB;
    try {
      const none = await openRepoStore();
      expect(none.ok).toBe(false);
      if (!none.ok)
        expect(none.error).toMatch(
          /^Saved repos are unavailable: this browser does not allow IndexedDB here .*indexedDB is not defined.*not kept after the page closes\.$/,
        );
    } finally {
      globalThis.indexedDB = saved;
    }
    // Firefox private windows and disabled site data: open() throws or its request fails.
    const throwing = {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const refused = await openRepoStore({ indexedDB: throwing });
    expect(!refused.ok && refused.error).toMatch(/SecurityError: The operation is insecure\./);
  });

  it('when another tab holds the database up, says so in time instead of waiting for ever', async () => {
    // Another tab's connection that does not give way, and a delete of the database queued behind it: an open
    // after that waits until that tab closes.
    const other = await new Promise<IDBDatabase>((resolve) => {
      const r = factory.open('hybrid-gym-repos', 1);
      r.onsuccess = () => resolve(r.result);
    });
    const deleting = factory.deleteDatabase('hybrid-gym-repos');
    const started = Date.now();
    const r = await openRepoStore({ indexedDB: factory, openTimeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^Saved repos are unavailable: storage is blocked \(it did not open within 0.3 s\)/);
    expect(Date.now() - started).toBeLessThan(2_000);
    // When the other tab lets go, the late connection is closed again: it holds nothing up either.
    other.close();
    await new Promise<void>((resolve) => (deleting.onsuccess = () => resolve()));
    const fresh = await open(factory);
    expect((await fresh.save(json)).ok).toBe(true);
  });
});
