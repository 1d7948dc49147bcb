import type { PlayerGuide } from '../episode/episode-start';
import type { StepResult } from '../episode/episode';
import type { FunctionToolSpec } from '../episode/tools/registry';
import type { ToolBrief } from './prompts';
import type { Action, PlayerInfo, TrajectoryStep } from '../episode/trajectory';

/**
 * What a player that is a program looks like to the agent loop (src/core/agents/loop.ts). An agent sees exactly
 * what a person sees: the instruction text and the observations of its own actions, through the one tool registry.
 * It never receives the instance (the gold answer lives there), so a baseline cannot cheat by construction.
 */

/** Tokens a model spent; zero for agents without a model. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Model calls made (retries of one call count once). */
  calls: number;
}

export const NO_USAGE: Readonly<TokenUsage> = { promptTokens: 0, completionTokens: 0, calls: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens, calls: a.calls + b.calls };
}

export interface AgentStart {
  instruction: string;
  /** The registry's tools, as a chat-completions API takes them. */
  tools: FunctionToolSpec[];
  /** The registry's tools as the system prompt lists them (`brief` in tool.ts); the standard tools' when absent. */
  toolBriefs?: ToolBrief[];
  maxSteps: number;
  /** The repo's language and the task kind's rules, for the system prompt (a Python repo's and the comment tasks' when absent). */
  guide?: PlayerGuide;
}

/** The result of the agent's previous action, as the player is shown it. */
export interface Feedback {
  action: Action;
  observation: string;
  error: boolean;
  /** Steps left before the episode is cut off. */
  stepsLeft: number;
}

export type Decision =
  /** Take this action; `thought` is the reasoning that came with it (a model's text), kept in the trajectory. */
  | { kind: 'action'; action: Action; thought?: string; usage?: TokenUsage }
  /** The agent cannot go on (a model that stopped acting, a failed endpoint): the loop ends with `error`. */
  | { kind: 'stop'; error: string; usage?: TokenUsage };

export interface Agent {
  readonly player: PlayerInfo;
  /** Begins an episode: a fresh conversation. */
  start(start: AgentStart): void | Promise<void>;
  /** The next decision; `last` is the previous action's feedback, null before the first action. */
  next(last: Feedback | null, ctx: DecideContext): Promise<Decision>;
}

export interface DecideContext {
  /** Aborts a model call in flight. */
  signal: AbortSignal;
  /** A model call is being retried (rate limit, server error, timeout). */
  onRetry(attempt: number, reason: string, delayMs: number): void;
}

/** Why a run ended. `submitted` and `step-limit` are the gym's own endings; the other two are the loop's. */
export type StopReason = 'submitted' | 'step-limit' | 'error' | 'aborted';

export interface AgentStepEvent<V = unknown> {
  step: TrajectoryStep;
  result: StepResult<V>;
  thought?: string;
  /** Usage so far in this run. */
  usage: TokenUsage;
}

export type AgentEvent<V = unknown> =
  | { type: 'deciding'; stepNo: number }
  | { type: 'retry'; attempt: number; reason: string; delayMs: number }
  | ({ type: 'step' } & AgentStepEvent<V>)
  | { type: 'end'; result: RunResult<V> };

export interface RunResult<V = unknown> {
  reason: StopReason;
  /** Steps the gym recorded. */
  steps: number;
  usage: TokenUsage;
  /** The final `git diff` of the workspace (also for runs the loop stopped). */
  patch: string;
  /** The gym's reward (0 when the loop, not the gym, ended the run). */
  reward: number;
  /** The scorer's verdict when the gym ended the episode, else null. */
  verdict: V | null;
  /** For `error` (and `aborted`, when there was a cause): a message for a person, never holding a key. */
  error: string | null;
  elapsedMs: number;
}
