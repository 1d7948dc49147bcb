import { Episode } from '../episode/episode';
import type { EpisodeInstance } from '../episode/episode-start';
import { episodeRecord, type EpisodeRecord } from '../formats/episode-record';
import type { TreeSitter } from '../lang/treesitter';
import { episodeScorer } from '../scoring/episode-scorer';
import type { EpisodeScore } from '../scoring/score';
import type { TaskInstance } from '../tasks/instance-types';
import { runAgent, type RunOptions } from './loop';
import type { Agent, RunResult } from './types';

/**
 * One whole episode for batch runs (the CLI, the benchmark, a page's batch table): reset the gym on the instance,
 * let the agent play, score, and write the OpenHands-shaped record. Interactive play builds its Episode itself and
 * calls runAgent directly.
 */

export interface PlayEpisodeOptions extends RunOptions {
  /** The repo's original files (the episode starts from them with the task's edit applied). */
  files: readonly { path: string; text: string }[];
  treeSitter: TreeSitter | (() => Promise<TreeSitter>);
  /** The episode's step limit. Default 30, as in the paper's runs. */
  episodeMaxSteps?: number;
  now?: () => number;
  /** Extra fields for the record's `metadata` (never a key: it is filtered anyway). */
  metadata?: Record<string, unknown>;
}

export interface PlayedEpisode {
  result: RunResult;
  /** The full score, when the gym ended the episode (submit or its step limit); null when the run was stopped. */
  score: EpisodeScore | null;
  record: EpisodeRecord;
}

export async function playEpisode(agent: Agent, task: EpisodeInstance | TaskInstance, o: PlayEpisodeOptions): Promise<PlayedEpisode> {
  const instance = task as EpisodeInstance;
  let episode: Episode | null = null;
  const steps = () => episode?.trajectory.steps ?? [];
  episode = new Episode({
    maxSteps: o.episodeMaxSteps ?? 30,
    score: episodeScorer(o.files, o.treeSitter, steps),
    player: agent.player,
    ...(o.now ? { now: o.now } : {}),
  });
  const instruction = episode.reset(instance, o.files);
  const result = await runAgent(agent, episode, o);
  const score = (result.verdict as EpisodeScore | null) ?? null;
  const record = episodeRecord({
    instance,
    instruction,
    steps: episode.trajectory.steps,
    patch: result.patch,
    startedAt: episode.trajectory.startedAt,
    metrics: {
      stop_reason: result.reason,
      reward: result.reward,
      elapsed_ms: result.elapsedMs,
      accumulated_token_usage: { prompt_tokens: result.usage.promptTokens, completion_tokens: result.usage.completionTokens, model_calls: result.usage.calls },
      ...(score ? { reference: score.reference, strict: score.strict } : {}),
    },
    error: result.error,
    metadata: { agent: agent.player, max_iterations: episode.maxSteps, ...o.metadata },
  });
  return { result, score, record };
}
