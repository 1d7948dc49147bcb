import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { BaselineAgent } from '../../../src/core/agents/baseline/baseline-agent';
import type { Agent } from '../../../src/core/agents/types';
import { taskRegistry } from '../../../src/core/tasks/registry';
import { createBatchSession } from '../../../src/store/sessions/batch';
import { listEpisodes } from '../../../src/store/sessions/episodes';
import type { StoredInstance } from '../../../src/store/sessions/instances';
import { generateIn, openTab, saveToyShop, treeSitter, type Tab } from './tab';

/**
 * Batch runs in Node over fake-indexeddb: the baseline over tasks generated from the toy-shop repo, stopped or cut
 * short by a reload, then resumed in a new session over the same storage: only the tasks left are played.
 */
const batchIn = (tab: Tab) => createBatchSession({ storage: tab.storage, repoFiles: tab.repoFiles, treeSitter });

/** An agent that never decides: its episode is in flight when the page goes. */
const stuck = (): Agent => ({ player: { kind: 'baseline', name: 'baseline' }, start() {}, next: () => new Promise(() => {}) });

describe('the batch session', () => {
  const factory = new IDBFactory();
  let instances: StoredInstance[];

  beforeAll(async () => {
    const tab = openTab(factory);
    const repoId = await saveToyShop(tab);
    const kinds = taskRegistry.kinds();
    instances = [...(await generateIn(tab, repoId, { task: kinds[0]!, n: 2 })), ...(await generateIn(tab, repoId, { task: kinds[1]!, n: 2 }))];
  });

  it('stopped after one episode, then resumed after a reload: plays only the tasks left, each episode stored once', async () => {
    const tab = openTab(factory);
    const a = batchIn(tab);
    a.subscribe((s, prev) => {
      if (s.done === 1 && prev.done === 0) a.getState().stop();
    });
    await a.getState().run(instances, () => new BaselineAgent(), 1);
    const stopped = a.getState();
    expect(stopped.running).toBe(false);
    expect(stopped.rows.map((r) => r.status)).toEqual(['done', 'stopped', 'stopped', 'stopped']);
    expect(stopped.notice).toBe(
      'This run of baseline was stopped: 1 of 4 episodes are saved (listed below). The other 3 were not played or had not finished, and nothing of them was saved: Resume plays them.',
    );
    const firstEpisode = stopped.rows[0]!.episodeId!;

    const reloaded = openTab(factory);
    const b = batchIn(reloaded);
    await b.getState().restore(instances[0]!.repoId);
    expect(b.getState().rows).toEqual(stopped.rows);
    expect(b.getState().notice).toBe(stopped.notice);
    expect(b.getState().resumable).toBe(true);
    await b.getState().resume(instances, () => new BaselineAgent(), 2);
    const done = b.getState();
    expect(done.notice).toBeNull();
    expect(done.rows.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.rows[0]!.episodeId).toBe(firstEpisode);
    // The baseline solves these: the rows carry the stored verdicts.
    expect(done.rows.every((r) => r.success)).toBe(true);
    const stored = (await listEpisodes(openTab(factory).storage)).filter((r) => r.player.kind === 'baseline');
    expect(stored.map((r) => r.instanceKey).sort()).toEqual(instances.map((i) => i.key).sort());
    expect(stored.every((r) => r.status === 'submitted' && r.score !== null)).toBe(true);

    // Shown again later, the finished run has no notice and the same rows.
    const c = batchIn(openTab(factory));
    await c.getState().restore(instances[0]!.repoId);
    expect(c.getState().rows).toEqual(done.rows);
    expect(c.getState().notice).toBeNull();
  });

  it('cut short by a reload mid-episode: says so, and Resume plays the tasks whose episodes were not stored', async () => {
    const own = new IDBFactory();
    const tab = openTab(own);
    const repoId = await saveToyShop(tab);
    const tasks = await generateIn(tab, repoId, { task: taskRegistry.kinds()[0]!, n: 2 });
    const a = batchIn(tab);
    let made = 0;
    // The first task is played by the baseline; the page goes while the second one's episode is under way.
    void a.getState().run(tasks, () => (made++ < 2 ? new BaselineAgent() : stuck()), 1);
    await new Promise<void>((resolve) => a.subscribe((s) => s.rows[1]?.status === 'running' && resolve()));

    const b = batchIn(openTab(own));
    await b.getState().restore(repoId);
    expect(b.getState().rows.map((r) => r.status)).toEqual(['done', 'stopped']);
    expect(b.getState().notice).toMatch(/^This run of baseline stopped when the page was reloaded or closed: 1 of 2 episodes are saved/);
    await b.getState().resume(tasks, () => new BaselineAgent(), 1);
    expect(b.getState().rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect((await listEpisodes(openTab(own).storage)).length).toBe(2);
  });
});
