import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instanceTitle, taskRegistry } from '../../../src/core/tasks/registry';
import { describeUnsaved } from '../../../src/store/sessions/storage';
import { createPlaySession } from '../../../src/store/sessions/play';
import type { EpisodeRecord } from '../../../src/store/sessions/episodes';
import type { StoredInstance } from '../../../src/store/sessions/instances';
import { heldFactory, simulateQuotaExceeded } from '../../idb-faults';
import { generateIn, openTab, saveToyShop, treeSitter, type Tab } from './tab';

/** A full or blocked IndexedDB: the storage says so in the words the banner shows, and the session loses nothing in memory. */

const noTimer = () => () => {};
const play = (tab: Tab) => createPlaySession({ storage: tab.storage, repoFiles: tab.repoFiles, treeSitter, every: noTimer });

describe('the play session when storage fails', () => {
  const factory = new IDBFactory();
  let repoId: string;
  let stored: StoredInstance;
  let undo: (() => void) | null = null;
  afterEach(() => {
    undo?.();
    undo = null;
  });

  beforeAll(async () => {
    const tab = openTab(factory);
    repoId = await saveToyShop(tab);
    stored = (await generateIn(tab, repoId, { task: taskRegistry.kinds()[0]!, n: 1 }))[0]!;
  });

  it('fills up mid-episode: the banner says storage is full and names the episode; play goes on, a reload has what was saved', async () => {
    const tab = openTab(factory);
    const session = play(tab);
    const id = await session.getState().startNew(stored.key);
    const file = taskRegistry.require(stored.instance).gold(stored.instance).sites[0]!.file;
    await session.getState().openFile(file);
    expect(tab.storage.status.getState().status).toEqual({ kind: 'ok' });

    undo = simulateQuotaExceeded('episodes');
    await session.getState().search('def ');
    await session.getState().act({ tool: 'execute_bash', args: { command: 'ls' } });
    const { status, unsaved } = tab.storage.status.getState();
    expect(status).toEqual({
      kind: 'full',
      reason: 'Browser storage is full: new work is kept in this tab only. Export your episodes, or delete stored repos.',
    });
    expect(describeUnsaved(unsaved)).toBe(`the episode on toy-shop: ${instanceTitle(stored.instance)} (3 steps)`);
    // Nothing is lost in this tab: the session and the storage's reads have all three steps.
    expect(session.getState().stepCount).toBe(3);
    expect((await tab.storage.get<EpisodeRecord>('episodes', id))!.snapshot.trajectory.steps.length).toBe(3);
    await session.getState().submit();
    expect(session.getState().record!.score).not.toBeNull();

    // A reload keeps what reached the disk: the episode as it was after its first step.
    undo();
    undo = null;
    const again = play(openTab(factory));
    await again.getState().load(id);
    expect(again.getState().error).toBeNull();
    expect(again.getState().stepCount).toBe(1);
    expect(again.getState().record!.status).toBe('running');
    session.dispose();
    again.dispose();
  });

  it('blocked by another tab: it does not wait, says so, and plays in memory', async () => {
    // The saved repos are readable; the play database is held at an older version by a tab that never lets go.
    const tab = openTab(factory, heldFactory(new IDBFactory()));
    // The instance was generated in this tab (kept in its memory, as the page does when storage is blocked).
    await tab.storage.putAll('instances', [stored as unknown as Record<string, unknown>]);
    expect(tab.storage.status.getState().status).toEqual({
      kind: 'unavailable',
      reason:
        'Storage is blocked (another tab of the playground holds it). Work is kept in this tab only until it is free: close other tabs of the playground, then reload.',
    });
    const session = play(tab);
    const id = await session.getState().startNew(stored.key);
    await session.getState().act({ tool: 'execute_bash', args: { command: 'ls' } });
    expect(session.getState().stepCount).toBe(1);
    expect(describeUnsaved(tab.storage.status.getState().unsaved)).toBe(
      `the episode on toy-shop: ${instanceTitle(stored.instance)} (1 step), 1 generated task`,
    );
    // The episode reopens from this tab's memory (a screen change, not a reload).
    const other = play(tab);
    await other.getState().load(id);
    expect(other.getState().stepCount).toBe(1);
    session.dispose();
    other.dispose();
  });
});
