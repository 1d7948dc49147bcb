import type { Episode } from '../episode/episode';
import type { Action } from '../episode/trajectory';
import { toolBriefs } from './prompts';
import {
  addUsage,
  NO_USAGE,
  type Agent,
  type AgentEvent,
  type AgentStepEvent,
  type Decision,
  type Feedback,
  type RunResult,
  type StopReason,
  type TokenUsage,
} from './types';

/**
 * The one agent loop: any Agent (the baseline, an LLM) plays an episode through the gym, so its actions land in
 * the same trajectory, with the same step limit and scoring, as a person's. The caller resets the episode first
 * (it owns the instance and the repo files); the loop hands the agent only the instruction.
 *
 * For a UI: `beforeStep` is awaited before every decision (hold it to pause; see RunControl), `signal` stops the run
 * (a model call in flight is aborted), and `onEvent` reports each decision, retry, step and the end.
 */

export interface RunOptions<V = unknown> {
  signal?: AbortSignal;
  /** Awaited before each decision; a paused UI keeps it pending. */
  beforeStep?: () => Promise<void>;
  onEvent?: (event: AgentEvent<V>) => void;
  /** Shorthand for the `step` events. */
  onStep?: (event: AgentStepEvent<V>) => void;
  /** Stop after this many steps even if the episode allows more (the episode's own limit always applies). */
  maxSteps?: number;
}

class Aborted extends Error {}

export async function runAgent<V>(agent: Agent, episode: Episode<V>, options: RunOptions<V> = {}): Promise<RunResult<V>> {
  const signal = options.signal ?? new AbortController().signal;
  const emit = (e: AgentEvent<V>) => {
    options.onEvent?.(e);
    if (e.type === 'step') options.onStep?.(e);
  };
  const startMs = episode.clock.elapsedMs();
  let usage: TokenUsage = { ...NO_USAGE };
  let reason: StopReason | null = null;
  let error: string | null = null;
  const limit = Math.min(options.maxSteps ?? Infinity, episode.maxSteps);

  const finish = (): RunResult<V> => {
    const outcome = episode.outcome;
    const result: RunResult<V> = {
      reason: reason ?? 'error',
      steps: episode.stepCount,
      usage,
      patch: outcome?.patch ?? episode.diff(),
      reward: outcome?.reward ?? 0,
      verdict: outcome?.verdict ?? null,
      error,
      elapsedMs: episode.clock.elapsedMs() - startMs,
    };
    emit({ type: 'end', result });
    return result;
  };

  if (episode.status !== 'running') {
    reason = 'error';
    error = `The episode is not running (${episode.status}): reset it before running an agent.`;
    return finish();
  }

  try {
    await agent.start({
      instruction: episode.trajectory.instruction,
      tools: episode.registry.functionSpecs(),
      toolBriefs: toolBriefs(episode.registry.list()),
      maxSteps: limit,
      ...(episode.guide ? { guide: episode.guide } : {}),
    });
    let last: Feedback | null = null;
    while (reason === null) {
      if (episode.stepCount >= limit) {
        reason = 'step-limit';
        break;
      }
      await waitUnlessAborted(options.beforeStep, signal);
      emit({ type: 'deciding', stepNo: episode.stepCount + 1 });
      const decision: Decision = await raceAbort(
        agent.next(last, { signal, onRetry: (attempt, why, delayMs) => emit({ type: 'retry', attempt, reason: why, delayMs }) }),
        signal,
      );
      if (decision.usage) usage = addUsage(usage, decision.usage);
      if (signal.aborted) throw new Aborted();
      if (decision.kind === 'stop') {
        reason = 'error';
        error = decision.error;
        break;
      }
      const action: Action = { tool: decision.action.tool, args: decision.action.args };
      if (decision.thought) action.thought = decision.thought;
      const result = await episode.step(action);
      const step = episode.trajectory.steps[episode.trajectory.steps.length - 1]!;
      emit({ type: 'step', step, result, usage, ...(decision.thought ? { thought: decision.thought } : {}) });
      if (result.terminated) reason = 'submitted';
      else if (result.truncated) reason = 'step-limit';
      last = { action: decision.action, observation: result.observation, error: result.info.error, stepsLeft: limit - episode.stepCount };
    }
  } catch (err) {
    if (err instanceof Aborted || signal.aborted) {
      reason = 'aborted';
    } else {
      reason = 'error';
      error = (err as Error)?.message ?? String(err);
    }
  }
  return finish();
}

async function waitUnlessAborted(gate: (() => Promise<void>) | undefined, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new Aborted();
  if (gate) await raceAbort(gate(), signal);
  if (signal.aborted) throw new Aborted();
}

/** Settles with `p`, or rejects as soon as `signal` aborts (a held pause gate must not keep a stopped run alive). */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
