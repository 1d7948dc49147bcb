import { create } from 'zustand';
import { runAgent } from '../core/agents/loop';
import type { Agent, RunResult } from '../core/agents/types';
import type { EpisodeScore } from '../core/scoring/score';
import { put } from './db';
import { listEpisodes, makeEpisode, newEpisodeRecord } from './play';
import { loadRepoFiles } from './repo-source';
import type { StoredInstance } from './repo-session';

/**
 * A model (or the baseline) over a whole task set, in the page: one episode per instance through the same gym and
 * scorer as people, each saved as it ends (so the History lists them and the table can set them beside the human
 * episodes on the same instances). Runs `concurrency` episodes at a time; Stop ends the run after aborting the
 * episodes in flight.
 */
export interface BatchRow {
  key: string;
  instanceId: string;
  status: 'queued' | 'running' | 'done' | 'error';
  episodeId?: string;
  success?: boolean;
  /** Dependency search: reference F1. */
  f1?: number;
  steps?: number;
  error?: string;
}

interface BatchState {
  running: boolean;
  rows: BatchRow[];
  done: number;
  /** Human episodes by instance key: [successes, finished]. */
  human: Record<string, { solved: number; played: number }>;
  run(instances: StoredInstance[], makeAgent: () => Agent, concurrency: number): Promise<void>;
  stop(): void;
  refreshHuman(): Promise<void>;
}

let abort: AbortController | null = null;

function successOf(score: EpisodeScore | null): { success: boolean; f1?: number } {
  if (!score) return { success: false };
  const ref = score.reference;
  return 'success' in ref ? { success: ref.success } : { success: ref.full_success, f1: ref.f1 };
}

export const useBatch = create<BatchState>((set, get) => ({
  running: false,
  rows: [],
  done: 0,
  human: {},

  async refreshHuman() {
    const human: Record<string, { solved: number; played: number }> = {};
    for (const r of await listEpisodes()) {
      if (r.player.kind !== 'human' || r.status === 'running' || r.status === 'idle') continue;
      const h = (human[r.instanceKey] ??= { solved: 0, played: 0 });
      h.played++;
      if (successOf(r.score).success) h.solved++;
    }
    set({ human });
  },

  async run(instances, makeAgent, concurrency) {
    if (get().running || !instances.length) return;
    abort = new AbortController();
    const signal = abort.signal;
    const rows: BatchRow[] = instances.map((s) => ({ key: s.key, instanceId: s.instance.instance_id, status: 'queued' }));
    set({ running: true, rows, done: 0 });
    void get().refreshHuman();
    const update = (i: number, patch: Partial<BatchRow>) => {
      const next = get().rows.slice();
      next[i] = { ...next[i]!, ...patch };
      set({ rows: next, done: next.filter((r) => r.status === 'done' || r.status === 'error').length });
    };
    const repo = await loadRepoFiles(instances[0]!.repoId);
    let cursor = 0;
    const worker = async () => {
      while (!signal.aborted && cursor < instances.length) {
        const i = cursor++;
        const stored = instances[i]!;
        update(i, { status: 'running' });
        try {
          const agent = makeAgent();
          const episode = makeEpisode(repo.files, 30, agent.player);
          episode.reset(stored.instance as never, repo.files);
          const result: RunResult = await runAgent(agent, episode, { signal });
          const score = (result.verdict as EpisodeScore | null) ?? null;
          const record = newEpisodeRecord(episode, stored, repo.name, { score });
          await put('episodes', record);
          const s = successOf(score);
          update(i, {
            status: result.reason === 'error' || result.reason === 'aborted' ? 'error' : 'done',
            episodeId: record.id,
            steps: result.steps,
            success: s.success,
            ...(s.f1 !== undefined ? { f1: s.f1 } : {}),
            ...(result.error ? { error: result.error } : {}),
          });
        } catch (e) {
          update(i, { status: 'error', error: (e as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, instances.length)) }, worker));
    set({ running: false });
    abort = null;
  },

  stop() {
    abort?.abort();
  },
}));
