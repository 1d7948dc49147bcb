import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { taskRegistry } from '../../../src/core/tasks/registry';
import type { Repo } from '../../../src/core/repo/types';
import { DEFAULT_GENERATOR } from '../../../src/store/sessions/instances';
import { createRepoSession } from '../../../src/store/sessions/repo';
import { createRepoSource } from '../../../src/store/sessions/repo-source';
import { createPlayStorage } from '../../../src/store/sessions/storage';
import { generateIn, inProcessIndexer, openTab, saveToyShop, toyShopRepo } from './tab';

/** The Repo screen's session in Node: a saved repo opens, is indexed, and its generated instances come back after a reload. */
describe('the repo session', () => {
  it('reopens a saved repo after a reload with the instances generated before, in order', async () => {
    const factory = new IDBFactory();
    const first = openTab(factory);
    const repoId = await saveToyShop(first);
    const kinds = taskRegistry.kinds();
    const made = [...(await generateIn(first, repoId, { task: kinds[0]!, n: 3 })), ...(await generateIn(first, repoId, { task: kinds[1]!, n: 2 }))];
    expect(made.map((s) => s.instance.task)).toEqual([kinds[0], kinds[0], kinds[0], kinds[1], kinds[1]]);

    const tab = openTab(factory);
    const session = createRepoSession({ storage: tab.storage, repoFiles: tab.repoFiles, startIndexer: inProcessIndexer });
    const phases: string[] = [];
    session.subscribe((s) => phases.push(s.phase.kind));
    await session.getState().open(repoId);
    const s = session.getState();
    expect(s.phase).toEqual({ kind: 'ready' });
    expect(phases).toContain('indexing');
    expect(s.name).toBe('toy-shop');
    expect(s.meta?.repo).toBe('local/toy-shop');
    expect(s.files.map((f) => f.path)).toEqual((await toyShopRepo()).files.map((f) => f.path));
    expect(s.stats?.files).toBeGreaterThan(0);
    expect(s.instances.map((i) => i.key)).toEqual(made.map((i) => i.key));
    expect(s.instances.map((i) => i.instance)).toEqual(made.map((i) => i.instance));

    // The same settings generate the same instances again: stored under the same keys, not added twice.
    const again = await session.getState().generate({ ...DEFAULT_GENERATOR, task: kinds[0]!, n: 3 });
    expect(again.map((i) => i.instance)).toEqual(made.slice(0, 3).map((i) => i.instance));
    expect(session.getState().instances.length).toBe(5);
  });

  it('saves a just-imported repo only once indexed, and drops it when indexing fails', async () => {
    const repo: Repo = { ...(await toyShopRepo()), id: 'imported-1' };
    const pending = new Map([[repo.id, repo]]);
    const saved: string[] = [];
    const dropped: string[] = [];
    const imports = { save: async (id: string) => (saved.push(id), null), drop: (id: string) => void (dropped.push(id), pending.delete(id)) };
    const storage = createPlayStorage({ indexedDB: new IDBFactory() });
    const repoFiles = createRepoSource({ repoStore: async () => ({ ok: false, error: 'none' }), pending });
    const ok = createRepoSession({ storage, repoFiles, startIndexer: inProcessIndexer, imports });
    await ok.getState().open(repo.id);
    expect(ok.getState().phase).toEqual({ kind: 'ready' });
    expect(saved).toEqual([repo.id]);

    const failing = createRepoSession({
      storage,
      repoFiles,
      startIndexer: () => ({ ...inProcessIndexer(), index: () => Promise.reject(new Error('The index could not be built.')) }),
      imports,
    });
    await failing.getState().open(repo.id);
    expect(failing.getState().phase).toEqual({ kind: 'error', message: 'The index could not be built. The repo was not saved.' });
    expect(dropped).toEqual([repo.id]);
  });

  it('says which language a kind needs when the repo has none of it', async () => {
    const source = '/** Twice x. */\nexport function twice(x) { return 2 * x }\n';
    const repo: Repo = { ...(await toyShopRepo()), id: 'js-only', files: [{ path: 'lib/twice.js', size: source.length, text: source }] };
    const storage = createPlayStorage({ indexedDB: new IDBFactory() });
    const repoFiles = createRepoSource({ repoStore: async () => ({ ok: false, error: 'none' }), pending: new Map([[repo.id, repo]]) });
    const session = createRepoSession({ storage, repoFiles, startIndexer: inProcessIndexer, imports: { save: async () => null, drop: () => {} } });
    await session.getState().open(repo.id);
    const spec = taskRegistry.all()[0]!;
    expect(await session.getState().generate({ ...DEFAULT_GENERATOR, task: spec.kind, n: 3 })).toEqual([]);
    expect(session.getState().generateError).toBe(
      `${spec.title} tasks are generated from Python code, and this repo has none: its index can be browsed, but it yields no ${spec.shortTitle.toLowerCase()} tasks.`,
    );
  });
});
