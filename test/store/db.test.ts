import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { describeUnsaved, list, put, putAll, useStorageStatus } from '../../src/store/db';

/** The page's own database on fake-indexeddb: what is written together, and what the banner says was not saved. */
describe('db', () => {
  const instance = (key: string) => ({ key, repoId: 'sample:json', n: key.length });

  it('writes generated tasks in one transaction: all of them, or none (a bad one, or the page closing, leaves none)', async () => {
    expect(await putAll('instances', [instance('a'), instance('b')])).toBe(true);
    // The third cannot be stored (a function cannot be cloned): IndexedDB refuses it, and with it the others.
    expect(await putAll('instances', [instance('c'), instance('d'), { ...instance('e'), f: () => 0 }])).toBe(false);
    const stored = await new Promise<string[]>((resolve) => {
      const open = indexedDB.open('hgym-play');
      open.onsuccess = () => {
        const req = open.result.transaction('instances').objectStore('instances').getAllKeys();
        req.onsuccess = () => resolve(req.result as string[]);
      };
    });
    expect(stored.sort()).toEqual(['a', 'b']);
    // This tab still has them all, and the banner counts the ones not saved.
    expect((await list<{ key: string }>('instances', 'sample:json')).map((i) => i.key).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(describeUnsaved(useStorageStatus.getState().unsaved)).toBe('3 generated tasks');
  });

  it('names what it could not write, counts the rest, and forgets what was written since', async () => {
    useStorageStatus.setState({ unsaved: {} });
    const bad = { id: 'ep-1', repoId: 'r', updatedAt: 1, cyclic: () => 0 };
    expect(await put('episodes', bad, { group: 'episode', name: 'the episode on json: load (2 steps)' })).toBe(false);
    expect(await put('settings', { key: 'agent-config', value: () => 0 })).toBe(false);
    expect(await put('settings', { key: 'clock', value: () => 0 }, false)).toBe(false);
    expect(describeUnsaved(useStorageStatus.getState().unsaved)).toBe('the episode on json: load (2 steps), 1 setting');
    expect(await put('episodes', { id: 'ep-1', repoId: 'r', updatedAt: 2 })).toBe(true);
    expect(describeUnsaved(useStorageStatus.getState().unsaved)).toBe('1 setting');
  });
});
