import { callAction } from '../episode/tools/foreign';
import { standardTools } from '../episode/tools/registry';
import type { ToolLookup } from '../episode/tools/tool';
import type { TrajectoryStep } from '../scoring/metrics';
import { isPlainObject, parseJsonl, toJsonl, type JsonlProblem } from './jsonl';
import { withoutSecrets } from './secrets';

/**
 * Episode results in the OpenHands evaluation shape (`output.jsonl`, one `EvalOutput` per line), so the authors'
 * eval_localize.py / eval_dep.py score our patches unchanged: `instance_id`, `instruction`, `instance`, `history`,
 * `test_result.git_patch`, `metrics`, `error`. `history` holds OpenHands-style events, an action and its observation
 * per step (the authors count `len(history)` as steps, so their step counts are twice ours, as for their own runs).
 */

export interface HistoryAction {
  id: number;
  timestamp: string;
  source: 'agent' | 'user';
  /** OpenHands' action kind (the tool's `action`): run, read, edit, think, finish, or the tool name. */
  action: string;
  message: string;
  args: Record<string, unknown>;
  tool_call_metadata: { function_name: string; tool_call_id: string };
}

export interface HistoryObservation {
  id: number;
  timestamp: string;
  source: 'agent' | 'user';
  observation: string;
  cause: number;
  content: string;
  message: string;
  /** `elapsed_ms`: our episode clock; `views`: file lines the step showed (when the engine recorded them). */
  extras: Record<string, unknown>;
}

export type HistoryEvent = HistoryAction | HistoryObservation;

export interface EpisodeRecord {
  instance_id: string;
  instruction: string;
  instance: Record<string, unknown>;
  history: HistoryEvent[];
  test_result: { git_patch: string };
  metrics: Record<string, unknown>;
  error: string | null;
  metadata?: Record<string, unknown>;
}

export interface EpisodeRecordInput {
  instance: { instance_id: string };
  instruction: string;
  steps: readonly TrajectoryStep[];
  /** The final `git diff` of the workspace against its start. */
  patch: string;
  /** ms since the epoch at reset (for the events' timestamps); 0 gives 1970-based times. */
  startedAt?: number;
  metrics?: Record<string, unknown>;
  error?: string | null;
  metadata?: Record<string, unknown>;
  /** Where the steps' tools are looked up for their action kinds (the episode's registry); the standard tools by default. */
  tools?: ToolLookup;
}

export function episodeRecord(input: EpisodeRecordInput): EpisodeRecord {
  const start = input.startedAt ?? 0;
  const history: HistoryEvent[] = [];
  input.steps.forEach((step, i) => {
    const id = 2 * i + 1;
    const ts = new Date(start + (Number.isFinite(step.elapsedMs) ? step.elapsedMs : 0)).toISOString();
    const kind = callAction(input.tools ?? standardTools, step.tool, step.args) ?? step.tool;
    history.push({
      id,
      timestamp: ts,
      source: 'agent',
      action: kind,
      message: step.thought ?? '',
      args: withoutSecrets({ ...step.args, ...(step.thought ? { thought: step.thought } : {}) }),
      tool_call_metadata: { function_name: step.tool, tool_call_id: `call_${i + 1}` },
    });
    history.push({
      id: id + 1,
      timestamp: ts,
      source: 'agent',
      observation: kind,
      cause: id,
      content: step.observation,
      message: '',
      extras: { elapsed_ms: step.elapsedMs, ...(step.views ? { views: step.views } : {}) },
    });
  });
  return {
    instance_id: input.instance.instance_id,
    instruction: input.instruction,
    instance: { ...withoutSecrets(input.instance) },
    history,
    test_result: { git_patch: input.patch },
    metrics: withoutSecrets({ steps: input.steps.length, ...input.metrics }),
    error: input.error ?? null,
    ...(input.metadata ? { metadata: withoutSecrets(input.metadata) } : {}),
  };
}

/**
 * Our trajectory steps back from a `history` list: ours, or an OpenHands run's (actions by the agent, each paired
 * with the observation that names it as its cause, else the next observation). Times come from `extras.elapsed_ms`,
 * else from the timestamps relative to the first event.
 */
export function stepsFromHistory(history: unknown): TrajectoryStep[] {
  if (!Array.isArray(history)) return [];
  const events = history.filter(isPlainObject);
  const first = events.map((e) => Date.parse(String(e.timestamp))).find((t) => Number.isFinite(t));
  const steps: TrajectoryStep[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (typeof e.action !== 'string' || e.source === 'user' || e.action === 'system' || e.action === 'recall') continue;
    let obs = events.find((o) => typeof o.observation === 'string' && o.cause === e.id && e.id !== undefined);
    if (!obs) {
      const next = events[i + 1];
      obs = next && typeof next.observation === 'string' ? next : undefined;
    }
    const meta = isPlainObject(e.tool_call_metadata) ? e.tool_call_metadata : {};
    const { thought, ...args } = isPlainObject(e.args) ? e.args : {};
    const extras = obs && isPlainObject(obs.extras) ? obs.extras : {};
    const stamp = Date.parse(String((obs ?? e).timestamp));
    const elapsed = typeof extras.elapsed_ms === 'number' ? extras.elapsed_ms : Number.isFinite(stamp) && first !== undefined ? stamp - first : 0;
    const step: TrajectoryStep = {
      tool: typeof meta.function_name === 'string' ? meta.function_name : e.action,
      args,
      observation: obs && typeof obs.content === 'string' ? obs.content : '',
      elapsedMs: elapsed,
    };
    if (Array.isArray(extras.views)) step.views = extras.views as TrajectoryStep['views'];
    if (typeof thought === 'string' && thought) step.thought = thought;
    steps.push(step);
  }
  return steps;
}

export interface ReadResults {
  /** In file order, each with its line number. */
  records: { line: number; record: EpisodeRecord }[];
  problems: JsonlProblem[];
}

/** Reads `output.jsonl`: every line needs an instance_id; a missing test_result or git_patch reads as an empty patch. */
export function readEpisodeResultsJsonl(text: string): ReadResults {
  const { rows, problems } = parseJsonl(text);
  const records: ReadResults['records'] = [];
  for (const { line, value } of rows) {
    if (!isPlainObject(value)) {
      problems.push({ line, message: 'not a JSON object' });
      continue;
    }
    if (typeof value.instance_id !== 'string' || !value.instance_id) {
      problems.push({ line, message: 'instance_id must be a non-empty string' });
      continue;
    }
    const tr = value.test_result;
    const patch = isPlainObject(tr) && typeof tr.git_patch === 'string' ? tr.git_patch : '';
    records.push({
      line,
      record: {
        ...(value as object),
        instance_id: value.instance_id,
        instruction: typeof value.instruction === 'string' ? value.instruction : '',
        instance: isPlainObject(value.instance) ? value.instance : {},
        history: Array.isArray(value.history) ? (value.history as HistoryEvent[]) : [],
        test_result: { ...(isPlainObject(tr) ? tr : {}), git_patch: patch },
        metrics: isPlainObject(value.metrics) ? value.metrics : {},
        error: typeof value.error === 'string' ? value.error : null,
      },
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { records, problems };
}

export function writeEpisodeResultsJsonl(records: readonly EpisodeRecord[]): string {
  return toJsonl(records.map((r) => withoutSecrets(r)));
}
