import { taskRegistry, type TaskRegistry } from '../tasks/registry';
import type { InstanceBase } from '../tasks/spec';
import { isPlainObject, parseJsonl, toJsonl, type JsonlProblem } from './jsonl';
import { withoutSecrets } from './secrets';

/**
 * Instances as JSONL: ours (src/core/tasks/instance-types.ts) and the authors' dataset rows alike. Reading checks the
 * fields the scorers and the episode need, per task, and reports each bad line by number; the good lines are kept
 * as they are (unknown fields included), so a file round-trips.
 */

/** A row as read: the fields its spec checked, and whatever else it carries (kept, so a file round-trips). */
export type ReadInstance = InstanceBase & { [field: string]: unknown };

export interface ReadInstances {
  instances: ReadInstance[];
  problems: JsonlProblem[];
}

/** Why an object is not a usable instance, or null when it is (the kind's own checks are its spec's). */
export function instanceProblem(v: unknown, registry: TaskRegistry = taskRegistry): string | null {
  if (!isPlainObject(v)) return 'not a JSON object';
  if (typeof v.instance_id !== 'string' || !v.instance_id) return 'instance_id must be a non-empty string';
  const spec = registry.of(v);
  if (spec === null) return registry.neither();
  return spec.problem(v);
}

/** A row that passed instanceProblem (`repo`/`base_commit` are not checked: the authors' scorers never needed them). */
function isInstance(v: unknown): v is ReadInstance {
  return isPlainObject(v) && typeof v.instance_id === 'string';
}

/**
 * Reads instances; a repeated instance_id replaces the earlier one (as the authors' scripts load them into a dict)
 * and is reported.
 */
export function readInstancesJsonl(text: string, registry: TaskRegistry = taskRegistry): ReadInstances {
  const { rows, problems } = parseJsonl(text);
  const byId = new Map<string, ReadInstance>();
  const lineOf = new Map<string, number>();
  for (const { line, value } of rows) {
    const p = instanceProblem(value, registry);
    if (p || !isInstance(value)) {
      problems.push({ line, message: p ?? 'not an instance' });
      continue;
    }
    const inst = value;
    const id = inst.instance_id;
    if (byId.has(id)) {
      problems.push({ line, message: `instance_id ${id} repeats line ${lineOf.get(id)}; this line replaces it` });
    }
    byId.set(id, inst);
    lineOf.set(id, line);
  }
  problems.sort((a, b) => a.line - b.line);
  return { instances: [...byId.values()], problems };
}

export function writeInstancesJsonl(instances: readonly object[]): string {
  return toJsonl(instances.map((i) => withoutSecrets(i)));
}
