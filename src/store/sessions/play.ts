import { createStore, type StoreApi } from 'zustand/vanilla';
import { runAgent } from '../../core/agents/loop';
import { RunControl, type RunState } from '../../core/agents/run-control';
import { NO_USAGE, type Agent, type RunResult, type TokenUsage } from '../../core/agents/types';
import { describeCall } from '../../core/display/format';
import { grepHits, grepSearchAction, type GrepHit } from '../../core/display/grep-search';
import type { ClockState } from '../../core/episode/clock';
import { editToAction } from '../../core/episode/edit-action';
import type { Episode, StepResult } from '../../core/episode/episode';
import { PAPER_STEP_LIMIT } from '../../core/episode/limits';
import type { Action, PlayerInfo, TrajectoryStep } from '../../core/episode/trajectory';
import type { EpisodeScore } from '../../core/tasks/spec';
import { instanceLanguage } from '../../core/tasks/registry';
import type { SandboxSession } from '../../sandbox/session';
import { routeHash } from '../route';
import { HUMAN, makeEpisode, newEpisodeRecord, saveRecord, scorePatch, withState, type EpisodeRecord, type ScoringParser } from './episodes';
import { shareable, shareTask, type StoredInstance } from './instances';
import type { LoadedRepo, RepoFiles } from './repo-source';
import type { PlayStorage } from './storage';

/**
 * An episode being played, as a plain-TypeScript session (zustand/vanilla: state and actions, no React). Every human
 * action is a tool call from the one registry, run by the episode engine and appended to its trajectory (opening a
 * file is `view`, a search is `grep`, an edit is `str_replace` / `insert`), and after every step the whole episode
 * (engine snapshot + what the screen had open + unsaved editor text) is written to its storage, so a new session
 * over the same storage (a reload) brings back the same files, edits, step count and clock.
 *
 * What it needs is passed in: the storage, the repos' files, the parser the verdicts use, the sandboxes and the
 * timer. The page's session (src/store/play.ts) passes the browser's; a test passes fake-indexeddb and Node's.
 */

export interface StartOptions {
  maxSteps?: number;
  shareHash?: string;
  /** Who plays: a person (default) or, for "watch a model play", the agent's player info. */
  player?: PlayerInfo;
}

export interface AgentRunState {
  state: RunState;
  player: PlayerInfo;
  /** Set once the run ended. */
  result: RunResult | null;
  /** What the agent is doing now, for the status line. */
  activity: string;
  usage: TokenUsage;
}

export interface PlayState {
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
  searchResults: { query: string; hits: GrepHit[]; output: string } | null;
  startNew(instanceKey: string, options?: StartOptions): Promise<string>;
  load(id: string): Promise<void>;
  act(action: Action): Promise<StepResult | null>;
  openFile(path: string, line?: number): Promise<void>;
  closeFile(path: string): void;
  setDraft(path: string, text: string | null): void;
  saveFile(path: string): Promise<StepResult | null>;
  search(query: string): Promise<void>;
  runShell(command: string, write?: (chunk: string) => void): Promise<string>;
  setPaused(paused: boolean): void;
  submit(): Promise<void>;
  /** The model run on this episode, if one was started. */
  agent: AgentRunState | null;
  /** Lets an agent play the current episode through the same gym; its steps show live and are saved as they come. */
  watchModel(agent: Agent, options?: { startPaused?: boolean }): Promise<RunResult | null>;
  controlAgent(command: 'pause' | 'resume' | 'step' | 'stop'): void;
  /** Starts a new episode of the instance played by `agent`; the Play screen starts the run when it opens. */
  startModelEpisode(instanceKey: string, agent: Agent): Promise<string>;
  /** Hands the agent waiting for episode `id` over (once). */
  takePendingAgent(id: string): Agent | null;
  /** The screen of episode `id` closes (another screen opens, the page is hidden for good): its model run stops. */
  leave(id: string): void;
}

/** A timer that repeats; returns the function that stops it. */
export type Every = (ms: number, run: () => void) => () => void;

export interface PlaySessionDeps {
  storage: PlayStorage;
  /** The files of a repo by id (src/store/sessions/repo-source.ts). */
  repoFiles: RepoFiles;
  /** The scorer's parser for the strict verdicts (loaded on the first scoring when a loader). */
  treeSitter: ScoringParser;
  /** The episode's sandboxes, or none: then a shell line is the episode's own `execute_bash`. */
  sandbox?: (episode: Episode, language: string) => SandboxSession | null;
  /** Default: the global setInterval. */
  every?: Every;
  /** The episodes' wall clock (their clock and timestamps); default Date.now. */
  now?: () => number;
}

export interface PlaySession extends StoreApi<PlayState> {
  /** The engine of the episode on screen (its workspace, shell, clock), or null. */
  episode(): Episode<EpisodeScore> | null;
  /** The episode's sandboxes (engines load on first use), or null. */
  sandbox(): SandboxSession | null;
  /** Calls back when the episode's sandbox session is replaced (a new episode, a reload). */
  onSandboxChange(listener: () => void): () => void;
  /** Listeners for a model's steps (the terminal echoes its shell commands). */
  onAgentStep(listener: (step: TrajectoryStep) => void): () => void;
  /**
   * Writes the clock alone, if it changed since (`now`: in this task, for a page that may not run another one, as
   * when it is hidden or closes).
   */
  saveClock(now?: boolean): void;
  /** Stops the model run, the sandboxes and the clock's timer. */
  dispose(): void;
}

/**
 * The clock between steps. A step writes the whole record, clock included; between steps the time a person spends
 * reading goes on counting, so the clock alone is written (a small settings entry) every CLOCK_EVERY_MS, and at
 * once when the page is hidden or closes: a reload loses at most a second of it. Loading takes the later clock.
 */
const CLOCK_EVERY_MS = 1000;
const clockKey = (episodeId: string) => `episode-clock:${episodeId}`;

const defaultEvery: Every = (ms, run) => {
  const t = setInterval(run, ms);
  return () => clearInterval(t);
};

function describeEnd(r: RunResult): string {
  switch (r.reason) {
    case 'submitted':
      return `Submitted after ${r.steps} steps.`;
    case 'step-limit':
      return `Stopped at the step limit (${r.steps} steps).`;
    case 'aborted':
      return 'Stopped. You can carry on by hand.';
    case 'error':
      return `The run stopped: ${r.error ?? 'unknown error'}`;
  }
}

export function createPlaySession(deps: PlaySessionDeps): PlaySession {
  const { storage } = deps;
  let episode: Episode<EpisodeScore> | null = null;
  /** The model run on the session's episode, if one is going: at most one, and only while its episode is on screen. */
  let control: RunControl | null = null;
  let sandbox: SandboxSession | null = null;
  const sandboxListeners = new Set<() => void>();
  let stopClockTimer: (() => void) | null = null;
  /** What was last written, so that a clock standing still (paused, or the episode over) is not written again. */
  let clockWritten = '';
  let pendingAgent: { id: string; agent: Agent } | null = null;
  const agentStepListeners = new Set<(step: TrajectoryStep) => void>();
  /** Starts in flight, by instance key. */
  const starting = new Map<string, Promise<string>>();
  let repoCache: { id: string; repo: LoadedRepo } | null = null;

  async function repoFiles(repoId: string): Promise<LoadedRepo> {
    if (repoCache?.id === repoId) return repoCache.repo;
    const repo = await deps.repoFiles(repoId);
    repoCache = { id: repoId, repo };
    return repo;
  }

  const store = createStore<PlayState>((set, getState) => {
    /** Writes the record as it is now; failures are reported by the storage's status, play goes on. */
    const persist = async (patch: Partial<EpisodeRecord> = {}) => {
      const r = getState().record;
      if (!r || !episode) return;
      const record = withState(r, episode, patch);
      set({ record, stepCount: episode.stepCount });
      saveClock();
      await saveRecord(storage, record);
    };

    /**
     * Writes an episode that is no longer on screen (a model step that landed after it was left): over its latest
     * written record, which the storage keeps for this tab.
     */
    const persistLeft = async (ep: Episode, id: string, patch: Partial<EpisodeRecord> = {}) => {
      const r = await storage.get<EpisodeRecord>('episodes', id);
      if (r) await saveRecord(storage, withState(r, ep, patch));
    };

    /** A program changed workspace files: editors reload them. */
    function bumpRevision() {
      set({ revision: getState().revision + 1 });
    }

    async function startEpisode(instanceKey: string, options: StartOptions): Promise<string> {
      const stored = await storage.get<StoredInstance>('instances', instanceKey);
      if (!stored) throw new Error('That task is no longer stored: generate it again from its repo.');
      const repo = await repoFiles(stored.repoId);
      const g = stored.generator;
      // An embedded sample's task can be named by a link: sample, task, seed and position regenerate it anywhere.
      const shareHash =
        options.shareHash ??
        (stored.repoId.startsWith('sample:') && stored.position !== undefined && shareable(g)
          ? routeHash({ name: 'share', sample: stored.repoId.slice('sample:'.length), task: shareTask(g), seed: String(g.seed), index: stored.position })
          : undefined);
      const player = options.player ?? HUMAN;
      const ep = makeEpisode(stored.instance, repo.files, { maxSteps: options.maxSteps, player, treeSitter: deps.treeSitter, now: deps.now });
      ep.reset();
      install(ep, instanceLanguage(stored.instance), bumpRevision);
      const record = newEpisodeRecord(ep, stored, repo.name, shareHash ? { shareHash } : {});
      const id = record.id;
      set({
        id,
        record,
        error: null,
        loading: false,
        revision: 0,
        stepCount: 0,
        maxSteps: ep.maxSteps,
        paused: false,
        searchResults: null,
        lastObservation: null,
        agent: null,
      });
      await saveRecord(storage, record);
      return id;
    }

    return {
      id: null,
      record: null,
      loading: false,
      error: null,
      revision: 0,
      stepCount: 0,
      maxSteps: PAPER_STEP_LIMIT,
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
          const record = await storage.get<EpisodeRecord>('episodes', id);
          if (!record) throw new Error('This episode is not stored in this browser (it may have been played elsewhere, or storage was cleared).');
          const repo = await repoFiles(record.repoId);
          const ep = makeEpisode(record.instance, repo.files, {
            maxSteps: record.snapshot.maxSteps,
            player: record.player,
            treeSitter: deps.treeSitter,
            now: deps.now,
          });
          ep.restore(record.snapshot);
          if (ep.status === 'running') ep.clock.restore(await latestClock(record));
          install(ep, instanceLanguage(record.instance), bumpRevision);
          set({
            record,
            loading: false,
            revision: getState().revision + 1,
            stepCount: ep.stepCount,
            maxSteps: ep.maxSteps,
            paused: !ep.clock.running && ep.status === 'running',
            searchResults: null,
            lastObservation: null,
            agent: null,
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
          await persist(scorePatch(result));
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
        void saveRecord(storage, record);
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
        void saveRecord(storage, record);
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
        const result = await getState().act(grepSearchAction(query));
        if (!result) return;
        set({ searchResults: { query, hits: grepHits(result.observation), output: result.observation } });
      },

      async runShell(command, write) {
        if (!episode || episode.status !== 'running') return 'The episode is over: no more actions.';
        if (!sandbox) {
          const result = await getState().act({ tool: 'execute_bash', args: { command } });
          return result ? result.observation : 'The episode is over: no more actions.';
        }
        // A line with python/node in it becomes a `run` step whose output streams into the terminal as it comes.
        const run = await sandbox.exec(command, { onStdout: write, onStderr: write, step: (a) => getState().act(a) });
        return run.result ? run.print : 'The episode is over: no more actions.';
      },

      setPaused(paused) {
        if (!episode || episode.status !== 'running') return;
        if (paused) episode.clock.pause();
        else episode.clock.resume();
        set({ paused });
        void persist();
      },

      agent: null,

      async watchModel(agent, options = {}) {
        const r = getState().record;
        if (!episode || !r || episode.status !== 'running' || control) return null;
        const ep = episode;
        const id = r.id;
        const c = (control = new RunControl(options));
        // The run's state lives here and is copied to the store only while this run is the session's: a run that
        // was left (its episode closed, another opened) must not write its state over the next episode's.
        let view: AgentRunState = { state: c.state, player: agent.player, result: null, activity: 'Starting…', usage: { ...NO_USAGE } };
        const current = () => control === c && episode === ep;
        const show = (patch: Partial<AgentRunState>) => {
          view = { ...view, ...patch };
          if (current()) set({ agent: view });
        };
        show({});
        const off = c.onChange((state) => show({ state }));
        try {
          const result = await runAgent(agent, ep, {
            signal: c.signal,
            beforeStep: c.beforeStep,
            onEvent: (e) => {
              if (e.type === 'deciding') show({ activity: `Deciding step ${e.stepNo}…` });
              else if (e.type === 'retry') show({ activity: `Retrying (${e.reason}) in ${Math.round(e.delayMs / 100) / 10} s` });
            },
            onStep: (e) => {
              if (!current()) {
                // A step in flight when the episode was left still belongs to it: saved, not shown.
                void persistLeft(ep, id, scorePatch(e.result));
                return;
              }
              const rec = getState().record;
              // Follow the model: the file it looked at comes up in the editor (a view the UI shows, not a step).
              const seen = e.step.views[0];
              const ui =
                rec && seen
                  ? { ...rec.ui, open: rec.ui.open.includes(seen.path) ? rec.ui.open : [...rec.ui.open, seen.path], active: seen.path, line: seen.start }
                  : rec?.ui;
              set({ lastObservation: e.result, revision: getState().revision + 1, ...(rec && ui ? { record: { ...rec, ui } } : {}) });
              show({ usage: e.usage, activity: `Step ${e.step.step}: ${describeCall(e.step.tool, e.step.args, ep.registry) || e.step.tool}` });
              for (const l of agentStepListeners) l(e.step);
              void persist(scorePatch(e.result));
            },
          });
          const shown = current();
          show({ state: 'stopped', result, activity: describeEnd(result) });
          if (shown) await persist();
          else await persistLeft(ep, id);
          return result;
        } finally {
          off();
          if (control === c) control = null;
        }
      },

      async startModelEpisode(instanceKey, agent) {
        const id = await getState().startNew(instanceKey, { player: agent.player });
        pendingAgent = { id, agent };
        return id;
      },

      takePendingAgent(id) {
        if (pendingAgent?.id !== id) return null;
        const a = pendingAgent.agent;
        pendingAgent = null;
        return a;
      },

      leave(id) {
        if (getState().id !== id) return;
        saveClock();
        const agent = getState().agent;
        stopRun();
        if (agent && agent.state !== 'stopped')
          set({ agent: { ...agent, state: 'stopped', activity: 'Stopped when the episode was left. You can carry on by hand.' } });
      },

      controlAgent(command) {
        if (!control) return;
        if (command === 'pause') control.pause();
        else if (command === 'resume') control.resume();
        else if (command === 'step') control.step();
        else control.stop();
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

  /** `now`: in this task, for a page that may not run another one. */
  function saveClock(now = false): void {
    const id = store.getState().record?.id;
    if (!episode || !id) return;
    const state = episode.clock.toJSON();
    const text = `${id} ${episode.status} ${state.elapsedMs} ${state.running}`;
    if (text === clockWritten) return;
    clockWritten = text;
    // An episode over has its final clock in its record.
    if (episode.status !== 'running') void storage.remove('settings', clockKey(id));
    else if (now) storage.putNow('settings', { key: clockKey(id), value: state });
    // Not listed when it fails: the episode's own record is.
    else void storage.putSetting(clockKey(id), state, false);
  }

  /** The later of the record's clock and the one written since. */
  async function latestClock(record: EpisodeRecord): Promise<ClockState> {
    const written = await storage.getSetting<ClockState | null>(clockKey(record.id), null);
    return written && written.elapsedMs > record.snapshot.clock.elapsedMs ? written : record.snapshot.clock;
  }

  /** Stops the model run on the session's episode, if any: its requests in flight and its retries are aborted. */
  function stopRun(): void {
    control?.stop();
    control = null;
  }

  /** Makes `ep` the session's episode, with a fresh sandbox session bound to it. The episode left stops its model run. */
  function install(ep: Episode<EpisodeScore>, language: string, onFiles: () => void): void {
    stopRun();
    void sandbox?.dispose();
    episode = ep;
    clockWritten = '';
    stopClockTimer ??= (deps.every ?? defaultEvery)(CLOCK_EVERY_MS, () => saveClock());
    sandbox = deps.sandbox?.(ep, language) ?? null;
    sandbox?.onFilesChanged(onFiles);
    for (const l of sandboxListeners) l();
  }

  return Object.assign(store, {
    episode: () => episode,
    sandbox: () => sandbox,
    onSandboxChange(listener: () => void) {
      sandboxListeners.add(listener);
      return () => void sandboxListeners.delete(listener);
    },
    onAgentStep(listener: (step: TrajectoryStep) => void) {
      agentStepListeners.add(listener);
      return () => void agentStepListeners.delete(listener);
    },
    saveClock,
    dispose() {
      stopRun();
      void sandbox?.dispose();
      sandbox = null;
      stopClockTimer?.();
      stopClockTimer = null;
    },
  });
}
