import { repoFromBytes } from '../../../src/core/repo/build';
import { openRepoStore, type RepoStore } from '../../../src/core/repo/store';
import type { Repo, Result } from '../../../src/core/repo/types';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { builderFiles } from '../../../src/node/deps-cli';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { createRepoSession, type RepoIndexer } from '../../../src/store/sessions/repo';
import type { GeneratorSettings, StoredInstance } from '../../../src/store/sessions/instances';
import { DEFAULT_GENERATOR } from '../../../src/store/sessions/instances';
import { createRepoSource, type RepoFiles } from '../../../src/store/sessions/repo-source';
import { createPlayStorage, type PlayStorage } from '../../../src/store/sessions/storage';
import { createRepoIndexApi } from '../../../src/workers/repo-api';
import { TOY_SHOP } from '../../data';

/**
 * One browser tab in Node, over an IndexedDB (fake-indexeddb's): its play storage and its repo source over the saved
 * repos, as the page builds them. A reload is a new tab over the same factory: nothing of the old tab's memory.
 */
export interface Tab {
  storage: PlayStorage;
  repoFiles: RepoFiles;
  repoStore(): Promise<Result<RepoStore>>;
}

export function openTab(factory: IDBFactory, playFactory: IDBFactory = factory): Tab {
  let store: Promise<Result<RepoStore>> | null = null;
  const repoStore = () => (store ??= openRepoStore({ indexedDB: factory }));
  return { storage: createPlayStorage({ indexedDB: playFactory }), repoFiles: createRepoSource({ repoStore }), repoStore };
}

let ts: Promise<TreeSitter> | null = null;
/** The parser of the index and the strict verdicts, loaded once. */
export const treeSitter = (): Promise<TreeSitter> => (ts ??= loadTreeSitterNode(['python']));

/** The repo Worker's code, run in-process. */
export function inProcessIndexer(): RepoIndexer {
  const api = createRepoIndexApi(treeSitter);
  return { index: (files, rootName, onProgress) => api.index(files, rootName, onProgress), generate: async (m, r) => api.generate(m, r), terminate() {} };
}

/** The toy-shop fixture as an imported folder. */
export async function toyShopRepo(createdAt = 1_000): Promise<Repo> {
  const files = (await builderFiles(TOY_SHOP)).map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) }));
  const r = await repoFromBytes(files, { name: 'toy-shop', source: { kind: 'folder', label: 'toy-shop' } }, { now: () => createdAt });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Saves the toy-shop repo in the tab's saved repos; returns its id. */
export async function saveToyShop(tab: Tab): Promise<string> {
  const store = await tab.repoStore();
  if (!store.ok) throw new Error(store.error);
  const repo = await toyShopRepo();
  const saved = await store.value.save(repo);
  if (!saved.ok) throw new Error(saved.error);
  return repo.id;
}

/** Opens the repo in a Repo-screen session of the tab and generates instances, as the Repo screen's form does. */
export async function generateIn(tab: Tab, repoId: string, settings: Partial<GeneratorSettings> = {}): Promise<StoredInstance[]> {
  const session = createRepoSession({ storage: tab.storage, repoFiles: tab.repoFiles, startIndexer: inProcessIndexer });
  await session.getState().open(repoId);
  const phase = session.getState().phase;
  if (phase.kind !== 'ready') throw new Error(`the repo did not open: ${JSON.stringify(phase)}`);
  return session.getState().generate({ ...DEFAULT_GENERATOR, n: 3, ...settings });
}
