import { create } from 'zustand';
import { Episode, type EpisodeSnapshot, type EpisodeStatus, type StepResult } from '../core/episode/episode';
import type { Action, PlayerInfo } from '../core/episode/trajectory';
import type { EpisodeScore } from '../core/scoring/score';
import type { TaskInstance } from '../core/tasks/instance-types';
import { editToAction } from '../ui/play/edit-action';
import { get, list, put } from './db';
import { loadRepoFiles, type LoadedRepo } from './repo-source';
import { DEFAULT_GENERATOR, shareTask, type StoredInstance } from './repo-session';
import { routeHash } from '../ui/router';
import { pageScorer } from './scorer';

/**
 * An episode in the page. Every human action is a tool call from the one registry, run by the episode engine and
 * appended to its trajectory (opening a file is `view`, a search is `grep`, an edit is `str_replace` / `insert`),
 * and after every step the whole episode (engine snapshot + what the screen had open + unsaved editor text) is
 * written to IndexedDB, so a reload brings back the same files, edits, step count and clock.
 */

export interface EpisodeUi {
  open: string[];
  active: string | null;
  /** Editor text not yet saved as an edit, by path. */
  drafts: Record<string, string>;
  /** 1-based line to reveal in the active file. */
  line: number | null;
}

export interface EpisodeRecord {
  id: string;
  repoId: string;
  repoName: string;
  instanceKey: string;
  instance: TaskInstance;
  player: PlayerInfo;
  status: EpisodeStatus;
  createdAt: number;
  updatedAt: number;
  snapshot: EpisodeSnapshot;
  ui: EpisodeUi;
  score: EpisodeScore | null;
  /** The link that reopens the same instance elsewhere, for an embedded sample's task. */
  shareHash?: string;
  [key: string]: unknown;
}

export interface LogEntry {
  step: number;
  tool: string;
  summary: string;
  observation: string;
  error: boolean;
}

interface PlayState {
  id: string | null;
  record: EpisodeRecord | null;
  loading: boolean;
  error: string | null;
  /** Bumped whenever workspace files change through a tool, so editors reload them. */
  revision: number;
  stepCount: number;
  maxSteps: number;
  paused: boolean;
  busy: boolean;
  lastObservation: StepResult | null;
  searchResults: { query: string; hits: { path: string; line: number; text: string }[]; output: string } | null;
  startNew(instanceKey: string, options?: { maxSteps?: number; shareHash?: string }): Promise<string>;
  load(id: string): Promise<void>;
  act(action: Action): Promise<StepResult | null>;
  openFile(path: string, line?: number): Promise<void>;
  closeFile(path: string): void;
  setDraft(path: string, text: string | null): void;
  saveFile(path: string): Promise<StepResult | null>;
  search(query: string): Promise<void>;
  runShell(command: string): Promise<string>;
  setPaused(paused: boolean): void;
  submit(): Promise<void>;
}

let episode: Episode | null = null;
/** Starts in flight, by instance key. */
const starting = new Map<string, Promise<string>>();
let repoCache: { id: string; repo: LoadedRepo } | null = null;

async function repoFiles(repoId: string): Promise<LoadedRepo> {
  if (repoCache?.id === repoId) return repoCache.repo;
  const repo = await loadRepoFiles(repoId);
  repoCache = { id: repoId, repo };
  return repo;
}

const newId = () => `ep-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

function makeEpisode(files: LoadedRepo['files'], maxSteps: number): Episode {
  let ep: Episode;
  // The scorer reads the trajectory at submit time, through the episode it belongs to.
  ep = new Episode({ maxSteps, player: { kind: 'human', name: 'browser' }, score: pageScorer(files, () => ep.trajectory.steps) });
  return ep;
}

export function workspaceFiles(): string[] {
  return episode ? [...episode.workspace.files()] : [];
}
export function readWorkspace(path: string): string | undefined {
  return episode?.workspace.read(path);
}
export function absolutePath(rel: string): string {
  return episode ? episode.paths.absolute(rel) : rel;
}
export function currentEpisode(): Episode | null {
  return episode;
}
export function elapsedMs(): number {
  return episode?.clock.elapsedMs() ?? 0;
}

export async function listEpisodes(): Promise<EpisodeRecord[]> {
  return (await list<EpisodeRecord>('episodes')).sort((a, b) => b.updatedAt - a.updatedAt);
}

function summarize(action: Action): string {
  const a = action.args;
  if (action.tool === 'execute_bash') return String(a.command);
  if (action.tool === 'str_replace_editor') return `${String(a.command)} ${String(a.path)}`;
  if (action.tool === 'think') return String(a.thought).slice(0, 80);
  return action.tool;
}

export const usePlay = create<PlayState>((set, getState) => {
  /** Writes the record as it is now; failures are reported by db.ts's status banner, play goes on. */
  const persist = async (patch: Partial<EpisodeRecord> = {}) => {
    const r = getState().record;
    if (!r || !episode) return;
    const record: EpisodeRecord = {
      ...r,
      ...patch,
      status: episode.status,
      snapshot: episode.snapshot(),
      updatedAt: Date.now(),
    };
    set({ record, stepCount: episode.stepCount });
    await put('episodes', record);
  };

  async function startEpisode(instanceKey: string, options: { maxSteps?: number; shareHash?: string }): Promise<string> {
    const stored = await get<StoredInstance>('instances', instanceKey);
    if (!stored) throw new Error('That task is no longer stored: generate it again from its repo.');
    const repo = await repoFiles(stored.repoId);
    const g = stored.generator;
    // An embedded sample's task can be named by a link: sample, task, seed and position regenerate it anywhere.
    const shareHash =
      options.shareHash ??
      (stored.repoId.startsWith('sample:') && stored.position !== undefined && (g.task !== 'dep-search' || (g.minDeps === DEFAULT_GENERATOR.minDeps && g.maxDeps === DEFAULT_GENERATOR.maxDeps)) && !g.includeTests
        ? routeHash({ name: 'share', sample: stored.repoId.slice('sample:'.length), task: shareTask(g), seed: String(g.seed), index: stored.position })
        : undefined);
    const ep = makeEpisode(repo.files, options.maxSteps ?? 30);
    ep.reset(stored.instance as never, repo.files);
    episode = ep;
    const id = newId();
    const now = Date.now();
    const record: EpisodeRecord = {
      id,
      repoId: stored.repoId,
      repoName: repo.name,
      instanceKey,
      instance: stored.instance,
      player: { kind: 'human', name: 'browser' },
      status: ep.status,
      createdAt: now,
      updatedAt: now,
      snapshot: ep.snapshot(),
      // Nothing starts open: as for a model, every file seen is a recorded step.
      ui: { open: [], active: null, drafts: {}, line: null },
      score: null,
      ...(shareHash ? { shareHash } : {}),
    };
    set({ id, record, error: null, loading: false, revision: 0, stepCount: 0, maxSteps: ep.maxSteps, paused: false, searchResults: null, lastObservation: null });
    await put('episodes', record);
    return id;
  }

  return {
    id: null,
    record: null,
    loading: false,
    error: null,
    revision: 0,
    stepCount: 0,
    maxSteps: 30,
    paused: false,
    busy: false,
    lastObservation: null,
    searchResults: null,

    startNew(instanceKey, options = {}) {
      // A screen may ask twice for the same start (effects can run twice): one episode per request in flight.
      let pending = starting.get(instanceKey);
      if (!pending) {
        pending = startEpisode(instanceKey, options).finally(() => starting.delete(instanceKey));
        starting.set(instanceKey, pending);
      }
      return pending;
    },

    async load(id) {
      if (getState().id === id && episode) return;
      set({ loading: true, error: null, id });
      try {
        const record = await get<EpisodeRecord>('episodes', id);
        if (!record) throw new Error('This episode is not stored in this browser (it may have been played elsewhere, or storage was cleared).');
        const repo = await repoFiles(record.repoId);
        const ep = makeEpisode(repo.files, record.snapshot.maxSteps);
        ep.restore(record.snapshot, record.instance as never, repo.files);
        episode = ep;
        set({
          record,
          loading: false,
          revision: getState().revision + 1,
          stepCount: ep.stepCount,
          maxSteps: ep.maxSteps,
          paused: !ep.clock.running && ep.status === 'running',
          searchResults: null,
          lastObservation: null,
        });
      } catch (e) {
        set({ loading: false, error: (e as Error).message });
      }
    },

    async act(action) {
      if (!episode || episode.status !== 'running') return null;
      if (getState().paused) getState().setPaused(false);
      set({ busy: true });
      try {
        const result = await episode.step(action);
        const edited = episode.trajectory.steps[episode.trajectory.steps.length - 1]?.edits.length ?? 0;
        set({ lastObservation: result, revision: getState().revision + (edited ? 1 : 0) });
        const end = result.info.outcome;
        await persist(end ? { score: (end.verdict as EpisodeScore | null) ?? null } : {});
        return result;
      } finally {
        set({ busy: false });
      }
    },

    async openFile(path, line) {
      const r = getState().record;
      if (!r || !episode) return;
      const open = r.ui.open.includes(path) ? r.ui.open : [...r.ui.open, path];
      set({ record: { ...r, ui: { ...r.ui, open, active: path, line: line ?? null } } });
      // A person reading a file is the editor's `view` of it: one step, recorded with what was shown.
      await getState().act({ tool: 'str_replace_editor', args: { command: 'view', path: episode.paths.absolute(path) } });
    },

    closeFile(path) {
      const r = getState().record;
      if (!r) return;
      const open = r.ui.open.filter((p) => p !== path);
      const drafts = { ...r.ui.drafts };
      delete drafts[path];
      const active = r.ui.active === path ? (open[open.length - 1] ?? null) : r.ui.active;
      const record = { ...r, ui: { ...r.ui, open, active, drafts } };
      set({ record });
      void put('episodes', record);
    },

    setDraft(path, text) {
      const r = getState().record;
      if (!r) return;
      const drafts = { ...r.ui.drafts };
      if (text === null || text === episode?.workspace.read(path)) delete drafts[path];
      else drafts[path] = text;
      const record = { ...r, ui: { ...r.ui, drafts } };
      set({ record });
      // Unsaved text survives a reload too (no step: it is not an action until saved).
      void put('episodes', record);
    },

    async saveFile(path) {
      const r = getState().record;
      if (!r || !episode) return null;
      const draft = r.ui.drafts[path];
      const before = episode.workspace.read(path);
      if (draft === undefined || before === undefined) return null;
      const action = editToAction(episode.paths.absolute(path), before, draft);
      const drafts = { ...r.ui.drafts };
      delete drafts[path];
      set({ record: { ...r, ui: { ...r.ui, drafts } } });
      if (!action) return null;
      return getState().act(action);
    },

    async search(query) {
      if (!query.trim() || !episode) return;
      const quoted = `'${query.replace(/'/g, `'\\''`)}'`;
      const result = await getState().act({ tool: 'execute_bash', args: { command: `grep -rnF -- ${quoted} .` } });
      if (!result) return;
      const hits: { path: string; line: number; text: string }[] = [];
      for (const l of result.observation.split('\n')) {
        const m = /^(?:\.\/)?([^:]+):(\d+):(.*)$/.exec(l);
        if (m) hits.push({ path: m[1]!, line: Number(m[2]), text: m[3]! });
      }
      set({ searchResults: { query, hits, output: result.observation } });
    },

    async runShell(command) {
      const result = await getState().act({ tool: 'execute_bash', args: { command } });
      return result ? result.observation : 'The episode is over: no more actions.';
    },

    setPaused(paused) {
      if (!episode || episode.status !== 'running') return;
      if (paused) episode.clock.pause();
      else episode.clock.resume();
      set({ paused });
      void persist();
    },

    async submit() {
      const r = getState().record;
      if (!r || !episode) return;
      // Unsaved editor text is part of the answer: save it first, as edits.
      for (const path of Object.keys(r.ui.drafts)) {
        if (episode.status !== 'running') break;
        await getState().saveFile(path);
      }
      if (episode.status === 'running') await getState().act({ tool: 'submit', args: {} });
    },
  };
});

export { summarize as summarizeAction };
