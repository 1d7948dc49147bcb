import { createStore, type StoreApi } from 'zustand/vanilla';
import { runAgent } from '../../core/agents/loop';
import type { Agent, RunResult } from '../../core/agents/types';
import { scoreSucceeded, type EpisodeScore } from '../../core/scoring/score';
import { listEpisodes, makeEpisode, newEpisodeRecord, saveRecord, type EpisodeRecord, type ScoringParser } from './episodes';
import type { StoredInstance } from './instances';
import type { RepoFiles } from './repo-source';
import type { PlayStorage } from './storage';

/**
 * A model (or the baseline) over a whole task set, in the page: one episode per instance through the same gym and
 * scorer as people, each saved as it ends (so the History lists them and the table can set them beside the human
 * episodes on the same instances). Runs `concurrency` episodes at a time; Stop ends the run after aborting the
 * episodes in flight.
 *
 * The run itself is stored too (which tasks, which episodes are its own), so that after a reload or a Stop the
 * table shows which episodes were saved, says that the run stopped, and Resume plays only the tasks left: an
 * episode that did not finish is not a result and was never stored, so nothing is lost twice or played twice.
 */
export interface BatchRow {
  key: string;
  instanceId: string;
  /** `stopped`: not played, or stopped before it ended (nothing of it stored); Resume plays it. */
  status: 'queued' | 'running' | 'done' | 'error' | 'stopped';
  episodeId?: string;
  success?: boolean;
  /** Dependency search: reference F1. */
  f1?: number;
  steps?: number;
  error?: string;
  /** Its episode could not be stored (the storage banner names it): it is kept in this tab only. */
  unsaved?: boolean;
}

/** A batch run as stored: its tasks in order, who played, and whether it was still going when last written. */
interface StoredBatch {
  id: string;
  repoId: string;
  items: { key: string; instanceId: string }[];
  agent: string;
  state: 'running' | 'stopped' | 'finished';
  startedAt: number;
}

/** What an episode record of a batch carries, to find the run's own episodes again. */
interface BatchEpisodeFields {
  batchId?: string;
  batchReason?: RunResult['reason'];
  batchError?: string | null;
}

export interface BatchState {
  running: boolean;
  /** The repo whose run the rows are. */
  repoId: string | null;
  rows: BatchRow[];
  done: number;
  /** How the last run ended when it did not finish (a reload, Stop), and what Resume would do. */
  notice: string | null;
  /** Whether Resume may play the rest (not while the run goes on in another tab). */
  resumable: boolean;
  /** Human episodes by instance key: [successes, finished]. */
  human: Record<string, { solved: number; played: number }>;
  /** A new run over `instances`. */
  run(instances: StoredInstance[], makeAgent: () => Agent, concurrency: number): Promise<void>;
  /** Plays the tasks of the last run that have no stored episode yet. */
  resume(instances: StoredInstance[], makeAgent: () => Agent, concurrency: number): Promise<void>;
  /** Shows the last run on `repoId` as stored (after a reload): its saved episodes, and whether it stopped. */
  restore(repoId: string): Promise<void>;
  stop(): void;
  refreshHuman(): Promise<void>;
}

const batchKey = (repoId: string) => `batch:${repoId}`;

function successOf(score: EpisodeScore | null): { success: boolean; f1?: number } {
  if (!score) return { success: false };
  const success = scoreSucceeded(score);
  // Partial credit, where the task has it (dependency search: the reference F1).
  const ref = score.reference;
  return typeof ref === 'object' && ref !== null && 'f1' in ref && typeof ref.f1 === 'number' ? { success, f1: ref.f1 } : { success };
}

/** The row of a task whose episode ended (a result, a failed run), from its record. */
function endedRow(key: string, instanceId: string, record: EpisodeRecord & BatchEpisodeFields, unsaved = false): BatchRow {
  const s = successOf(record.score);
  return {
    key,
    instanceId,
    status: record.batchReason === 'error' ? 'error' : 'done',
    episodeId: record.id,
    steps: record.snapshot.trajectory.steps.length,
    success: s.success,
    ...(s.f1 !== undefined ? { f1: s.f1 } : {}),
    ...(record.batchError ? { error: record.batchError } : {}),
    ...(unsaved ? { unsaved } : {}),
  };
}

const ended = (r: BatchRow) => r.status === 'done' || r.status === 'error';
const doneCount = (rows: BatchRow[]) => rows.filter(ended).length;

function describeStop(b: StoredBatch, rows: BatchRow[], interrupted: boolean): string | null {
  const left = rows.length - doneCount(rows);
  if (!left) return null;
  const how = interrupted ? 'stopped when the page was reloaded or closed' : 'was stopped';
  return (
    `This run of ${b.agent} ${how}: ${doneCount(rows)} of ${rows.length} episodes are saved (listed below). ` +
    `The other ${left} were not played or had not finished, and nothing of them was saved: Resume plays them.`
  );
}

export interface BatchSessionDeps {
  storage: PlayStorage;
  repoFiles: RepoFiles;
  /** The scorer's parser for the strict verdicts. */
  treeSitter: ScoringParser;
  /** The page's Web Locks (`navigator.locks`), to tell a run going on in another tab; none: runs are this tab's. */
  locks?: Pick<LockManager, 'request' | 'query'> | null;
}

export function createBatchSession(deps: BatchSessionDeps): StoreApi<BatchState> {
  const { storage, locks = null } = deps;
  let abort: AbortController | null = null;
  let batch: StoredBatch | null = null;

  /**
   * A run holds a Web Lock named after its repo while it plays: the browser lets go of it when the tab reloads or
   * closes, so another tab can tell a run cut short from one still going there.
   */
  async function holdingLock(repoId: string, work: () => Promise<void>): Promise<void> {
    if (locks) await locks.request(batchKey(repoId), work);
    else await work();
  }

  async function runningElsewhere(repoId: string): Promise<boolean> {
    if (!locks) return false;
    const { held = [] } = await locks.query();
    return held.some((l) => l.name === batchKey(repoId));
  }
  const saveBatch = (b: StoredBatch) => storage.putSetting(batchKey(b.repoId), b, { group: 'setting', name: 'the batch run’s list of tasks' });

  return createStore<BatchState>((set, get) => {
    function play(b: StoredBatch, byKey: Map<string, StoredInstance>, makeAgent: () => Agent, concurrency: number): Promise<void> {
      return holdingLock(b.repoId, () => playHeld(b, byKey, makeAgent, concurrency));
    }

    async function playHeld(b: StoredBatch, byKey: Map<string, StoredInstance>, makeAgent: () => Agent, concurrency: number): Promise<void> {
      abort = new AbortController();
      const signal = abort.signal;
      batch = b;
      b.state = 'running';
      await saveBatch(b);
      const update = (i: number, row: BatchRow) => {
        const next = get().rows.slice();
        next[i] = row;
        set({ rows: next, done: doneCount(next) });
      };
      const todo = get()
        .rows.map((r, i) => (ended(r) ? -1 : i))
        .filter((i) => i >= 0);
      try {
        const repo = await deps.repoFiles(b.repoId);
        let cursor = 0;
        const worker = async () => {
          while (!signal.aborted && cursor < todo.length) {
            const i = todo[cursor++]!;
            const row = get().rows[i]!;
            const stored = byKey.get(row.key);
            if (!stored) {
              update(i, { ...row, status: 'error', error: 'This task is no longer stored: generate it again.' });
              continue;
            }
            update(i, { key: row.key, instanceId: row.instanceId, status: 'running' });
            try {
              const agent = makeAgent();
              const episode = makeEpisode(stored.instance, repo.files, { player: agent.player, treeSitter: deps.treeSitter });
              episode.reset();
              const result: RunResult<EpisodeScore> = await runAgent(agent, episode, { signal });
              if (result.reason === 'aborted') {
                // Stopped before it ended: not a result, not stored; Resume plays it again.
                update(i, { key: row.key, instanceId: row.instanceId, status: 'stopped' });
                continue;
              }
              const score = result.verdict;
              const extra: BatchEpisodeFields = { batchId: b.id, batchReason: result.reason, batchError: result.error };
              const record = newEpisodeRecord(episode, stored, repo.name, { score, ...extra });
              const saved = await saveRecord(storage, record);
              update(i, endedRow(row.key, row.instanceId, record, !saved));
            } catch (e) {
              update(i, { ...row, status: 'error', error: (e as Error).message });
            }
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, worker));
      } finally {
        b.state = signal.aborted ? 'stopped' : 'finished';
        await saveBatch(b);
        const rows = get().rows.map((r) => (r.status === 'queued' || r.status === 'running' ? { ...r, status: 'stopped' as const } : r));
        set({ running: false, rows, notice: signal.aborted ? describeStop(b, rows, false) : null, resumable: true });
        abort = null;
      }
    }

    return {
      running: false,
      repoId: null,
      rows: [],
      done: 0,
      notice: null,
      resumable: true,
      human: {},

      async refreshHuman() {
        const human: Record<string, { solved: number; played: number }> = {};
        for (const r of await listEpisodes(storage)) {
          if (r.player.kind !== 'human' || r.status === 'running' || r.status === 'idle') continue;
          const h = (human[r.instanceKey] ??= { solved: 0, played: 0 });
          h.played++;
          if (successOf(r.score).success) h.solved++;
        }
        set({ human });
      },

      async run(instances, makeAgent, concurrency) {
        if (get().running || !instances.length) return;
        const repoId = instances[0]!.repoId;
        const items = instances.map((s) => ({ key: s.key, instanceId: s.instance.instance_id }));
        const rows: BatchRow[] = items.map((it) => ({ ...it, status: 'queued' }));
        set({ running: true, repoId, rows, done: 0, notice: null });
        void get().refreshHuman();
        const b: StoredBatch = {
          id: `batch-${Date.now().toString(36)}`,
          repoId,
          items,
          agent: makeAgent().player.name ?? 'the agent',
          state: 'running',
          startedAt: Date.now(),
        };
        await play(b, new Map(instances.map((s) => [s.key, s])), makeAgent, concurrency);
      },

      async resume(instances, makeAgent, concurrency) {
        const b = batch;
        if (get().running || !get().resumable || !b || b.repoId !== get().repoId) return;
        const rows = get().rows.map((r) => (ended(r) ? r : { key: r.key, instanceId: r.instanceId, status: 'queued' as const }));
        set({ running: true, rows, notice: null });
        await play(b, new Map(instances.map((s) => [s.key, s])), makeAgent, concurrency);
      },

      async restore(repoId) {
        if (get().running) return;
        const b = await storage.getSetting<StoredBatch | null>(batchKey(repoId), null);
        if (!b) {
          batch = null;
          set({ repoId, rows: [], done: 0, notice: null, resumable: true });
          return;
        }
        // The run's own episodes: one per task at most (only an episode that ended is stored, once).
        const mine = new Map<string, EpisodeRecord & BatchEpisodeFields>();
        for (const r of await storage.list<EpisodeRecord & BatchEpisodeFields>('episodes', repoId)) if (r.batchId === b.id) mine.set(r.instanceKey, r);
        const rows = b.items.map((it): BatchRow => {
          const r = mine.get(it.key);
          return r ? endedRow(it.key, it.instanceId, r) : { ...it, status: 'stopped' };
        });
        batch = b;
        if (b.state === 'running' && (await runningElsewhere(repoId))) {
          const notice = `This run of ${b.agent} is going on in another tab of the playground: ${doneCount(rows)} of ${rows.length} episodes are saved so far. Open this screen again to see more.`;
          set({ repoId, rows, done: doneCount(rows), notice, resumable: false });
          return;
        }
        // Stored as running, but no run is going in this tab or another: the page was reloaded or closed during it.
        set({ repoId, rows, done: doneCount(rows), notice: b.state === 'finished' ? null : describeStop(b, rows, b.state === 'running'), resumable: true });
        void get().refreshHuman();
      },

      stop() {
        abort?.abort();
      },
    };
  });
}
