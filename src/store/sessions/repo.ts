import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeTooDeep } from '../../core/index/too-deep';
import type { IndexProgress, IndexStats, RepoIndex } from '../../core/index/types';
import { languageOf, listLanguages } from '../../core/lang/languages';
import type { TaskInstance } from '../../core/tasks/instance-types';
import { taskRegistry } from '../../core/tasks/registry';
import { contentFingerprint, type RepoMeta } from '../../core/tasks/repo-meta';
import type { GenerateRequest } from '../../workers/repo-api';
import { generatorOptions, variantOf, type GeneratorSettings, type StoredInstance } from './instances';
import type { RepoFiles } from './repo-source';
import type { PlayStorage } from './storage';

/**
 * The Repo screen's session: opens a repo (a sample or a stored one), has it indexed, lists the instances stored for
 * it, and generates and stores more. Storage, the repos' files and the indexer are passed in.
 */

export type RepoPhase =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'indexing'; done: number; total: number; file: string }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

export interface RepoSessionState {
  repoId: string | null;
  name: string;
  files: { path: string; text: string }[];
  meta: RepoMeta | null;
  phase: RepoPhase;
  stats: IndexStats | null;
  /** What the repo screen says about this repo beside its statistics: files not read or not indexed, storage. */
  notes: string[];
  instances: StoredInstance[];
  generating: boolean;
  generateError: string | null;
  /** Opens a repo (a sample or a stored one): loads its files, indexes them in the Worker, lists its instances. */
  open(repoId: string): Promise<void>;
  /** Generates instances; returns the new ones (also stored and added to `instances`). */
  generate(settings: GeneratorSettings): Promise<StoredInstance[]>;
}

/**
 * The index and generator of one repo (in the page, a Worker's; a test runs `createRepoIndexApi` in-process): it
 * keeps the index of the files it was last given.
 */
export interface RepoIndexer {
  index(files: { path: string; text: string }[], rootName: string | null, onProgress: IndexProgress): Promise<RepoIndex>;
  generate(meta: RepoMeta, request: GenerateRequest): Promise<TaskInstance[]>;
  terminate(): void;
}

export interface RepoSessionDeps {
  storage: PlayStorage;
  repoFiles: RepoFiles;
  /** A fresh indexer for a repo being opened; the one before is terminated. */
  startIndexer(): RepoIndexer;
  /**
   * A just-imported repo, once indexed, is saved (`save`, which returns why storage refused it, or null); one whose
   * indexing failed is dropped. Default: nothing is pending.
   */
  imports?: { save(repoId: string): Promise<string | null>; drop(repoId: string): void };
}

export function createRepoSession(deps: RepoSessionDeps): StoreApi<RepoSessionState> {
  const { storage } = deps;
  let worker: RepoIndexer | null = null;
  let opening = 0;
  let opened: { id: string; done: Promise<void> } | null = null;

  return createStore<RepoSessionState>((set, get) => {
    async function openRepo(repoId: string): Promise<void> {
      const ticket = ++opening;
      worker?.terminate();
      worker = null;
      set({ repoId, name: repoId, files: [], meta: null, phase: { kind: 'loading' }, stats: null, notes: [], instances: [], generateError: null });
      let pending = false;
      try {
        const loaded = await deps.repoFiles(repoId);
        pending = loaded.pending;
        if (ticket !== opening) return;
        const meta: RepoMeta = { repo: loaded.repo, baseCommit: contentFingerprint(loaded.files) };
        set({ name: loaded.name, files: loaded.files, meta });
        const w = (worker = deps.startIndexer());
        const stored = storage.list<StoredInstance>('instances', repoId);
        let indexed = false;
        // Progress arrives while the indexer parses, and can arrive after the result: it must not undo `ready`.
        const index = await w.index(loaded.files, loaded.rootName, (done, total, file) => {
          if (ticket === opening && !indexed) set({ phase: { kind: 'indexing', done, total, file } });
        });
        indexed = true;
        // A just-imported repo is stored only now that its index is built.
        const storageError = pending && deps.imports ? await deps.imports.save(repoId) : null;
        if (ticket !== opening) return;
        const instances = (await stored).sort((a, b) => a.createdAt - b.createdAt);
        const notes = [loaded.skippedNote && `Not read: ${loaded.skippedNote}`, describeTooDeep(index.stats.filesTooDeep), storageError];
        set({ phase: { kind: 'ready' }, stats: index.stats, notes: notes.filter((n): n is string => !!n), instances });
      } catch (e) {
        if (pending) deps.imports?.drop(repoId);
        const message = `${(e as Error).message}${pending ? ' The repo was not saved.' : ''}`;
        if (ticket === opening) set({ phase: { kind: 'error', message } });
      }
    }

    return {
      repoId: null,
      name: '',
      files: [],
      meta: null,
      phase: { kind: 'idle' },
      stats: null,
      notes: [],
      instances: [],
      generating: false,
      generateError: null,

      open(repoId) {
        // The same repo asked again (a second effect, a share link) waits for the load already under way.
        if (opened && opened.id === repoId && get().phase.kind !== 'error') return opened.done;
        opened = { id: repoId, done: openRepo(repoId) };
        return opened.done;
      },

      async generate(settings) {
        const { meta, repoId } = get();
        if (!worker || !meta || !repoId) throw new Error('Open a repo first.');
        set({ generating: true, generateError: null });
        try {
          const made = await worker.generate(meta, { task: settings.task, options: generatorOptions(settings) });
          const variant = variantOf(settings);
          const now = Date.now();
          const existing = new Map(get().instances.map((s) => [s.key, s]));
          const fresh: StoredInstance[] = made.map((instance, i) => ({
            key: `${repoId}::${instance.instance_id}${variant ? `::${variant}` : ''}`,
            repoId,
            instance,
            createdAt: existing.get(`${repoId}::${instance.instance_id}`)?.createdAt ?? now + i,
            generator: settings,
            position: i,
          }));
          for (const s of fresh) existing.set(s.key, s);
          // One transaction: a reload while they are written leaves none of them stored, not a part.
          await storage.putAll('instances', fresh as unknown as Record<string, unknown>[]);
          set({ instances: [...existing.values()].sort((a, b) => a.createdAt - b.createdAt) });
          if (!made.length) {
            const spec = taskRegistry.get(settings.task);
            const hasCode = get().files.some((f) => {
              const l = languageOf(f.path);
              return l !== null && spec.languages.includes(l);
            });
            const hint = spec.noneFoundHint;
            set({
              generateError: hasCode
                ? `No instance fits these settings in this repo${hint ? `: ${hint}` : ''}.`
                : `${spec.title} tasks are generated from ${listLanguages(spec.languages)} code, and this repo has none: its index can be browsed, but it yields no ${spec.shortTitle.toLowerCase()} tasks.`,
            });
          }
          return fresh;
        } catch (e) {
          set({ generateError: (e as Error).message });
          return [];
        } finally {
          set({ generating: false });
        }
      },
    };
  });
}
