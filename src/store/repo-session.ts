import { proxy } from 'comlink';
import { create } from 'zustand';
import { languageOf } from '../core/lang/languages';
import { describeTooDeep } from '../core/index/too-deep';
import type { IndexStats } from '../core/index/types';
import type { TaskInstance, TaskKind } from '../core/tasks/instance-types';
import { formFromOptions, optionsFromForm } from '../core/tasks/option-fields';
import { taskRegistry } from '../core/tasks/registry';
import { contentFingerprint, type RepoMeta } from '../core/tasks/repo-meta';
import { startRepoWorker, type RepoWorker } from '../browser/repo-worker-client';
import { list, putAll } from './db';
import { loadRepoFiles } from './repo-source';
import { pendingRepos, useRepos } from './repos';

/** An instance as stored: which repo and which generator run it came from. */
export interface StoredInstance {
  key: string;
  repoId: string;
  instance: TaskInstance;
  createdAt: number;
  generator: GeneratorSettings;
  /** Position in the list that generator run made: with the settings, it names the instance on any machine. */
  position: number;
}

export interface GeneratorSettings {
  task: TaskKind;
  n: number;
  seed: number;
  masked: boolean;
  minDeps: number;
  maxDeps: number;
  includeTests: boolean;
}

export const DEFAULT_GENERATOR: GeneratorSettings = {
  task: taskRegistry.kinds()[0]!,
  n: 10,
  seed: 1,
  masked: false,
  minDeps: 1,
  maxDeps: 3,
  includeTests: false,
};

/** The spec options of generator settings: the form's values of the kind's option fields, `n` and `seed`. */
export function generatorOptions(g: GeneratorSettings): Record<string, unknown> {
  return { n: g.n, seed: g.seed, ...optionsFromForm(taskRegistry.get(g.task).options.fields, { ...g }) };
}

/** The variant (e.g. masked) the settings select, or null. */
function variantOf(g: GeneratorSettings): string | null {
  return taskRegistry.get(g.task).variantOf(generatorOptions(g));
}

/** The share-link task name of a generator setting: the kind, then its variant if any (KIND-masked). */
export function shareTask(g: GeneratorSettings): string {
  const variant = variantOf(g);
  return variant ? `${g.task}-${variant}` : g.task;
}

/** The settings a share-link task name stands for (the defaults, but the kind and its variant), or null. */
export function shareSettings(shareTaskName: string): GeneratorSettings | null {
  for (const spec of taskRegistry.all()) {
    const variant = shareTaskName === spec.kind ? null : shareTaskName.startsWith(`${spec.kind}-`) ? shareTaskName.slice(spec.kind.length + 1) : undefined;
    if (variant === undefined) continue;
    const options = variant === null ? {} : spec.variantOptions(variant);
    if (options) return { ...DEFAULT_GENERATOR, masked: false, task: spec.kind, ...formFromOptions(spec.options.fields, options) };
  }
  return null;
}

/** Whether a share link (sample, task, seed, position) regenerates what these settings made: all else is the defaults. */
export function shareable(g: GeneratorSettings): boolean {
  const base = shareSettings(shareTask(g));
  if (!base) return false;
  const a = generatorOptions(g);
  const b = generatorOptions({ ...base, n: g.n, seed: g.seed });
  return taskRegistry.get(g.task).options.fields.every((f) => a[f.key] === b[f.key]);
}

export type RepoPhase =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'indexing'; done: number; total: number; file: string }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

interface RepoSessionState {
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

let worker: RepoWorker | null = null;
let opening = 0;

let opened: { id: string; done: Promise<void> } | null = null;

export const useRepoSession = create<RepoSessionState>((set, get) => {
  async function openRepo(repoId: string): Promise<void> {
    const ticket = ++opening;
    worker?.terminate();
    worker = null;
    set({ repoId, name: repoId, files: [], meta: null, phase: { kind: 'loading' }, stats: null, notes: [], instances: [], generateError: null });
    let pending = false;
    try {
      const loaded = await loadRepoFiles(repoId);
      pending = loaded.pending;
      if (ticket !== opening) return;
      const meta: RepoMeta = { repo: loaded.repo, baseCommit: contentFingerprint(loaded.files) };
      set({ name: loaded.name, files: loaded.files, meta });
      const w = (worker = startRepoWorker());
      const stored = list<StoredInstance>('instances', repoId);
      let indexed = false;
      const index = await w.api.index(
        loaded.files,
        loaded.rootName,
        // Comlink proxies the callback; progress arrives while the Worker parses.
        proxy((done: number, total: number, file: string) => {
          // Progress messages can arrive after the result: they must not undo `ready`.
          if (ticket === opening && !indexed) set({ phase: { kind: 'indexing', done, total, file } });
        }),
      );
      indexed = true;
      // A just-imported repo is stored only now that its index is built.
      const storageError = pending ? await useRepos.getState().savePending(repoId) : null;
      if (ticket !== opening) return;
      const instances = (await stored).sort((a, b) => a.createdAt - b.createdAt);
      const notes = [loaded.skippedNote && `Not read: ${loaded.skippedNote}`, describeTooDeep(index.stats.filesTooDeep), storageError];
      set({ phase: { kind: 'ready' }, stats: index.stats, notes: notes.filter((n): n is string => !!n), instances });
    } catch (e) {
      if (pending) pendingRepos.delete(repoId);
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
        const made = await worker.api.generate(meta, { task: settings.task, options: generatorOptions(settings) });
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
        await putAll('instances', fresh as unknown as Record<string, unknown>[]);
        set({ instances: [...existing.values()].sort((a, b) => a.createdAt - b.createdAt) });
        if (!made.length) {
          const hasPython = get().files.some((f) => languageOf(f.path) === 'python');
          const hint = taskRegistry.get(settings.task)?.noneFoundHint;
          set({
            generateError: hasPython
              ? `No instance fits these settings in this repo${hint ? `: ${hint}` : ''}.`
              : 'The tasks are generated from Python code (as in the paper), and this repo has none: its JavaScript/TypeScript index can be browsed, but it yields no tasks.',
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
