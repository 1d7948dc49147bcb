import type { Episode } from '../episode/episode';
import type { ToolRegistry } from '../episode/tools/registry';
import { episodeRecord, type EpisodeRecord } from '../formats/episode-record';
import type { ScoringTreeSitter } from '../scoring/episode-scorer';
import type { EpisodeScore } from '../scoring/score';
import { makeEpisode } from '../tasks/make-episode';
import { taskRegistry, type TaskRegistry } from '../tasks/registry';
import type { InstanceBase } from '../tasks/spec';
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
  treeSitter: ScoringTreeSitter;
  /** The episode's step limit. Default: the task spec's (the paper's 30). */
  episodeMaxSteps?: number;
  /** The task kinds the instance may be of (the app's by default). */
  registry?: TaskRegistry;
  /** The episode's tools (the standard ones by default). */
  tools?: ToolRegistry;
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

export async function playEpisode(agent: Agent, instance: InstanceBase, o: PlayEpisodeOptions): Promise<PlayedEpisode> {
  const spec = (o.registry ?? taskRegistry).require(instance);
  const episode: Episode<EpisodeScore> = makeEpisode(spec, instance, o.files, {
    ...(o.episodeMaxSteps !== undefined ? { maxSteps: o.episodeMaxSteps } : {}),
    scoring: { treeSitter: o.treeSitter },
    player: agent.player,
    ...(o.tools ? { registry: o.tools } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  const instruction = episode.reset();
  const result = await runAgent(agent, episode, o);
  const score = result.verdict;
  const record = episodeRecord({
    instance,
    instruction,
    steps: episode.trajectory.steps,
    tools: episode.registry,
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
