/**
 * What an episode records: every action with its observation and timing, the same for a person at the UI or the
 * terminal and for a model. Plain JSON all the way down, so it is stored in IndexedDB, exported as JSONL and
 * compared line by line across players without conversion.
 */

/** Lines of a file the player was shown: 1-based, inclusive, repo-relative path. */
export interface ViewedRange {
  path: string;
  start: number;
  end: number;
}

export interface Action {
  /** A tool name from the registry. */
  tool: string;
  args: Record<string, unknown>;
  /** A model's reasoning that came with the call (kept in the trajectory; the export puts it in the action). */
  thought?: string;
}

export interface TrajectoryStep {
  /** 1-based step number; every action counts, errors included, as iterations did for the paper's agents. */
  step: number;
  tool: string;
  args: Record<string, unknown>;
  /** The reasoning that came with the action, when a model gave one. */
  thought?: string;
  /** What the player was shown (after truncation). */
  observation: string;
  /** The action was refused or failed (bad arguments, unknown tool, missing file, ...). */
  error: boolean;
  /** Wall-clock ms since the epoch when the action was taken. */
  at: number;
  /** Episode clock (pauses excluded) when the observation was ready. */
  elapsedMs: number;
  /** File lines the observation showed (editor view, cat, head, tail, sed -n). */
  views: ViewedRange[];
  /** Files the action changed (repo-relative). */
  edits: string[];
}

export interface PlayerInfo {
  kind: 'human' | 'model' | 'baseline';
  /** e.g. a model name, or 'terminal' / 'browser' for a person. */
  name?: string;
}

export type EndReason = 'submitted' | 'step-limit';

export interface Trajectory {
  instance_id: string;
  instruction: string;
  player: PlayerInfo;
  /** Wall-clock ms since the epoch at reset. */
  startedAt: number;
  steps: TrajectoryStep[];
}
