import { EpisodeClock, type ClockState } from './clock';
import { gitBlobId } from './diff/git-blob-id';
import { EpisodeSetupError, type EpisodeInstance, type EpisodeStart } from './episode-start';
import { WorkspaceShell } from './shell/shell';
import { EditHistory, type EditHistoryData } from './tools/edit-history';
import { ToolRegistry } from './tools/registry';
import type { ToolContext } from './tools/tool';
import type { Action, EndReason, PlayerInfo, Trajectory, TrajectoryStep, ViewedRange } from './trajectory';
import { Workspace, type WorkspaceOverlay } from './workspace';
import { WorkspacePaths } from './workspace-paths';
import { PAPER_STEP_LIMIT } from './limits';

/**
 * The gym (Gymnasium's shape): `reset(start)` gives the instruction, `step({tool, args})` gives
 * `{observation, reward, terminated, truncated, info}`. One engine for every player: the terminal, the browser UI
 * and the agents all drive it with actions from the same registry, and it records them in the same trajectory.
 * Scoring is injected (`score`), so the engine does not depend on the scorers: on submit, or when the step limit is
 * reached, the final patch is scored, as the paper's harness scores every episode however it ended.
 */

export interface ScoreResult<V = unknown> {
  /** 1 for full success in the reference verdict; a task may give partial credit (e.g. dependency F1). */
  reward: number;
  verdict: V;
}

/** Scores the final patch; the trajectory (every step, the last included) is there for metrics. */
export type Scorer<V = unknown> = (
  instance: EpisodeInstance,
  patch: string,
  workspace: Workspace,
  trajectory: Trajectory,
) => ScoreResult<V> | Promise<ScoreResult<V>>;

export interface EpisodeOptions<V = unknown> {
  /** The paper's examples cap episodes at 30 iterations. */
  maxSteps?: number;
  score?: Scorer<V>;
  /** The start `reset()` uses when given none (makeEpisode binds the task's). */
  start?: EpisodeStart;
  /** Wall clock (ms since the epoch) for timestamps and the episode clock. */
  now?: () => number;
  registry?: ToolRegistry;
  player?: PlayerInfo;
}

export type EpisodeStatus = 'idle' | 'running' | EndReason;

export interface EpisodeOutcome<V = unknown> {
  reason: EndReason;
  patch: string;
  reward: number;
  verdict: V | null;
  /** False when no scorer was attached (the patch is kept, the reward is 0). */
  scored: boolean;
  /** Set when the injected scorer failed; the reward is then 0. */
  scoreError?: string;
}

export interface StepInfo<V = unknown> {
  step: number;
  maxSteps: number;
  elapsedMs: number;
  tool: string;
  error: boolean;
  /** Present on the step that ended the episode. */
  outcome?: EpisodeOutcome<V>;
}

export interface StepResult<V = unknown> {
  observation: string;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo<V>;
}

/** Everything needed to bring an episode back (with the same instance and repo files), as plain JSON. */
export interface EpisodeSnapshot {
  version: 1;
  instance_id: string;
  base_commit: string;
  maxSteps: number;
  status: EpisodeStatus;
  cwd: string;
  workspace: WorkspaceOverlay;
  /** Blob ids of the start texts of the changed files, to refuse restoring over a different repo. */
  startBlobs: Record<string, string | null>;
  history: EditHistoryData;
  clock: ClockState;
  trajectory: Trajectory;
  outcome: EpisodeOutcome | null;
}

export { PAPER_STEP_LIMIT };
export const DEFAULT_MAX_STEPS = PAPER_STEP_LIMIT;

interface Live {
  instance: EpisodeInstance;
  workspace: Workspace;
  paths: WorkspacePaths;
  shell: WorkspaceShell;
  history: EditHistory;
  trajectory: Trajectory;
  guide: EpisodeStart['guide'];
}

export class Episode<V = unknown> {
  readonly maxSteps: number;
  readonly registry: ToolRegistry;
  readonly clock: EpisodeClock;
  private readonly now: () => number;
  private readonly scorer?: Scorer<V>;
  private readonly boundStart?: EpisodeStart;
  private readonly player: PlayerInfo;
  private live: Live | null = null;
  private statusValue: EpisodeStatus = 'idle';
  private outcomeValue: EpisodeOutcome<V> | null = null;
  /** Steps run one at a time even if a UI fires two at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: EpisodeOptions<V> = {}) {
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    if (!Number.isInteger(this.maxSteps) || this.maxSteps < 1) throw new RangeError(`maxSteps must be a positive integer, got ${this.maxSteps}`);
    this.now = options.now ?? Date.now;
    this.clock = new EpisodeClock(this.now);
    this.scorer = options.score;
    this.boundStart = options.start;
    this.registry = options.registry ?? new ToolRegistry();
    this.player = options.player ?? { kind: 'human' };
  }

  /** Starts an episode: the workspace at the task's start state, an empty trajectory, the clock running. */
  reset(start: EpisodeStart | undefined = this.boundStart): string {
    if (!start) throw new EpisodeSetupError('reset needs the episode start (makeEpisode binds one)');
    const { instance, instruction } = start;
    const workspace = new Workspace(new Map(start.files));
    const paths = new WorkspacePaths(start.workspaceRoot);
    this.live = {
      instance,
      workspace,
      paths,
      shell: new WorkspaceShell({ workspace, paths, cwd: '' }),
      history: new EditHistory(),
      trajectory: { instance_id: instance.instance_id, instruction, player: this.player, startedAt: this.now(), steps: [] },
      guide: start.guide,
    };
    this.statusValue = 'running';
    this.outcomeValue = null;
    this.clock.start();
    return instruction;
  }

  get status(): EpisodeStatus {
    return this.statusValue;
  }

  get outcome(): EpisodeOutcome<V> | null {
    return this.outcomeValue;
  }

  get stepCount(): number {
    return this.live?.trajectory.steps.length ?? 0;
  }

  get workspace(): Workspace {
    return this.need().workspace;
  }

  get paths(): WorkspacePaths {
    return this.need().paths;
  }

  get shell(): WorkspaceShell {
    return this.need().shell;
  }

  get instance(): EpisodeInstance {
    return this.need().instance;
  }

  /** The start's guide for a model's system prompt (absent for a start made without a task spec). */
  get guide(): EpisodeStart['guide'] {
    return this.live?.guide;
  }

  get trajectory(): Trajectory {
    return this.need().trajectory;
  }

  /** The patch so far: `git diff` of the workspace against the start state. */
  diff(): string {
    return this.need().workspace.diff();
  }

  /** Files the player has been shown lines of, in the order first seen. */
  viewedFiles(): string[] {
    const seen = new Set<string>();
    for (const s of this.trajectory.steps) for (const v of s.views) seen.add(v.path);
    return [...seen];
  }

  step(action: Action): Promise<StepResult<V>> {
    const run = this.queue.then(() => this.runStep(action));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runStep(given: Action): Promise<StepResult<V>> {
    const live = this.live;
    const action = readAction(given);
    const tool = action.tool;
    if (!live || this.statusValue !== 'running') {
      const why = !live ? 'No episode is running: call reset first.' : `The episode is over (${this.statusValue}); start a new one to play again.`;
      return {
        observation: `ERROR:\n${why}`,
        reward: 0,
        terminated: this.statusValue === 'submitted',
        truncated: this.statusValue === 'step-limit',
        info: { step: this.stepCount, maxSteps: this.maxSteps, elapsedMs: this.clock.elapsedMs(), tool, error: true, outcome: this.outcomeValue ?? undefined },
      };
    }
    this.clock.resume();
    const at = this.now();
    const views: ViewedRange[] = [];
    const edits = new Set<string>();
    const ctx: ToolContext = {
      workspace: live.workspace,
      paths: live.paths,
      shell: live.shell,
      history: live.history,
      noteView: (v) => views.push(v),
      noteEdit: (p) => edits.add(p),
    };
    const args = action.args && typeof action.args === 'object' ? (action.args as Record<string, unknown>) : {};
    const result = action.problem
      ? { observation: `ERROR:\n${action.problem}`, error: true, ends: false }
      : await this.registry.run(tool, action.args ?? {}, ctx);
    const stepNo = live.trajectory.steps.length + 1;
    let observation = result.observation;
    let end: EndReason | null = result.ends ? 'submitted' : null;
    if (!end && stepNo >= this.maxSteps) {
      end = 'step-limit';
      observation += `\n[Step limit of ${this.maxSteps} reached: the episode is over and the changes are scored as they are.]`;
    }
    const record: TrajectoryStep = {
      step: stepNo,
      tool,
      args: action.problem ? {} : structuredCloneJson(args),
      ...(action.thought ? { thought: action.thought } : {}),
      observation,
      error: result.error,
      at,
      elapsedMs: this.clock.elapsedMs(),
      views,
      edits: [...edits].sort(),
    };
    // Recorded before scoring, so the scorer's metrics see the final step too.
    live.trajectory.steps.push(record);
    let outcome: EpisodeOutcome<V> | undefined;
    if (end) {
      this.clock.pause();
      outcome = await this.finish(end);
      if (end === 'submitted') record.observation = observation = `${observation}\n${describeOutcome(outcome)}`;
    }
    return {
      observation,
      reward: outcome?.reward ?? 0,
      terminated: end === 'submitted',
      truncated: end === 'step-limit',
      info: { step: stepNo, maxSteps: this.maxSteps, elapsedMs: record.elapsedMs, tool, error: result.error, outcome },
    };
  }

  private async finish(reason: EndReason): Promise<EpisodeOutcome<V>> {
    const live = this.need();
    const patch = live.workspace.diff();
    let outcome: EpisodeOutcome<V> = { reason, patch, reward: 0, verdict: null, scored: false };
    if (this.scorer) {
      try {
        const s = await this.scorer(live.instance, patch, live.workspace, live.trajectory);
        outcome = { reason, patch, reward: s.reward, verdict: s.verdict, scored: true };
      } catch (err) {
        outcome = { ...outcome, scoreError: (err as Error).message ?? String(err) };
      }
    }
    this.statusValue = reason;
    this.outcomeValue = outcome;
    return outcome;
  }

  snapshot(): EpisodeSnapshot {
    const live = this.need();
    const overlay = live.workspace.overlay();
    const startBlobs: Record<string, string | null> = {};
    for (const p of [...Object.keys(overlay.written), ...overlay.deleted]) {
      const start = live.workspace.readStart(p);
      startBlobs[p] = start === undefined ? null : gitBlobId(start);
    }
    return structuredCloneJson({
      version: 1 as const,
      instance_id: live.instance.instance_id,
      base_commit: live.instance.base_commit,
      maxSteps: this.maxSteps,
      status: this.statusValue,
      cwd: live.shell.state.cwd,
      workspace: overlay,
      startBlobs,
      history: live.history.toJSON(),
      clock: this.clock.toJSON(),
      trajectory: live.trajectory,
      outcome: this.outcomeValue,
    });
  }

  /**
   * Brings back a saved episode over the same instance and repo files: the same edits, undo history, current
   * directory, steps, clock and outcome. Throws EpisodeSetupError when the snapshot belongs elsewhere.
   */
  restore(snapshot: EpisodeSnapshot, start: EpisodeStart | undefined = this.boundStart): void {
    if (!start) throw new EpisodeSetupError('restore needs the episode start (makeEpisode binds one)');
    const { instance } = start;
    if (snapshot.version !== 1) throw new EpisodeSetupError(`unknown episode snapshot version ${String(snapshot.version)}`);
    if (snapshot.instance_id !== instance.instance_id || snapshot.base_commit !== instance.base_commit) {
      throw new EpisodeSetupError(`the snapshot is of instance ${snapshot.instance_id}, not ${instance.instance_id}`);
    }
    this.reset(start);
    const live = this.need();
    for (const [path, blob] of Object.entries(snapshot.startBlobs)) {
      const start = live.workspace.readStart(path);
      if ((start === undefined ? null : gitBlobId(start)) !== blob) {
        throw new EpisodeSetupError(`the repo differs from the one this episode was played on (${path} changed)`);
      }
    }
    live.workspace.applyOverlay(snapshot.workspace);
    live.shell.state.cwd = live.workspace.isDir(snapshot.cwd) ? snapshot.cwd : '';
    live.history = EditHistory.fromJSON(snapshot.history);
    live.trajectory = structuredCloneJson(snapshot.trajectory);
    this.statusValue = snapshot.status;
    // The snapshot was written by an episode of the same task (its instance and repo are checked above).
    this.outcomeValue = snapshot.outcome as EpisodeOutcome<V> | null;
    this.clock.restore(snapshot.clock);
  }

  private need(): Live {
    if (!this.live) throw new EpisodeSetupError('no episode: call reset first');
    return this.live;
  }
}

function describeOutcome(o: EpisodeOutcome<unknown>): string {
  if (o.scoreError) return `[Scoring failed: ${o.scoreError}]`;
  if (!o.scored) return '[Episode over: submitted. No scorer is attached, so the patch was not scored.]';
  return `[Episode over: ${o.reason}; reward ${o.reward}.]`;
}

/** An action as a step reads it: whatever was passed (a model's JSON, a typed line), without throwing. */
interface ReadAction {
  /** The tool name, or a description of what stood there when it was not a string. */
  tool: string;
  args: unknown;
  thought?: string;
  /** Why the action cannot be run, for the ERROR observation; null when the registry is to judge it. */
  problem: string | null;
}

const ACTION_SHAPE = 'An action is an object like {"tool": "execute_bash", "args": {"command": "ls"}}';

/** A value as a message shows it; never throws (BigInt, cycles, objects without a string form). */
function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value === 'object' ? 'an object that is not JSON' : typeof value;
  }
}

function readAction(action: unknown): ReadAction {
  if (action === null || typeof action !== 'object' || Array.isArray(action)) {
    return { tool: '', args: {}, problem: `${ACTION_SHAPE}, got ${shown(action)}.` };
  }
  let tool: unknown, args: unknown, thought: unknown;
  try {
    ({ tool, args, thought } = action as Record<string, unknown>);
  } catch (err) {
    return { tool: '', args: {}, problem: `${ACTION_SHAPE}; reading this one failed (${(err as Error)?.message ?? 'unknown error'}).` };
  }
  const read = { args, ...(typeof thought === 'string' && thought ? { thought } : {}) };
  if (typeof tool !== 'string') return { ...read, tool: shown(tool), problem: `The action's tool must be a tool name (a string), got ${shown(tool)}.` };
  try {
    JSON.stringify(args);
  } catch {
    return { ...read, tool, problem: `The arguments of ${tool} must be plain JSON (strings, numbers, booleans, lists), got ${shown(args)}.` };
  }
  return { ...read, tool, problem: null };
}

/** A deep copy through JSON: what is stored is exactly what a reload will read. */
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
