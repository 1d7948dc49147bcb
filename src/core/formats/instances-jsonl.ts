import { taskOf, type TaskKind } from '../tasks/instance-types';
import { isPlainObject, parseJsonl, toJsonl, type JsonlProblem } from './jsonl';
import { withoutSecrets } from './secrets';

/**
 * Instances as JSONL: ours (src/core/tasks/instance-types.ts) and the authors' dataset rows alike. Reading checks the
 * fields the scorers and the episode need, per task, and reports each bad line by number; the good lines are kept
 * as they are (unknown fields included), so a file round-trips.
 */

export interface ReadInstances {
  instances: Record<string, unknown>[];
  problems: JsonlProblem[];
}

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

function localizationTargetProblem(t: Record<string, unknown>, where: string): string | null {
  if (typeof t.file_path !== 'string' || !t.file_path) return `${where}file_path must be a non-empty string`;
  if (typeof t.module_name !== 'string' || !t.module_name) return `${where}module_name must be a non-empty string`;
  if (t.module_type !== undefined && t.module_type !== 'function' && t.module_type !== 'class') return `${where}module_type must be "function" or "class"`;
  for (const k of ['module_line_start', 'module_line_end']) if (!isInt(t[k]) || (t[k] as number) < 0) return `${where}${k} must be a 0-based line number`;
  if ((t.module_line_end as number) < (t.module_line_start as number)) return `${where}module_line_end is before module_line_start`;
  for (const k of ['docstring_line_start', 'docstring_line_end']) if (t[k] !== undefined && !isInt(t[k])) return `${where}${k} must be a line number (or -1)`;
  return null;
}

function dependencyProblem(d: unknown, i: number): string | null {
  if (!isPlainObject(d)) return `dependencies[${i}] is not an object`;
  if (typeof d.name !== 'string' || typeof d.file_path !== 'string') return `dependencies[${i}] needs a name and a file_path`;
  if (!isInt(d.line_start)) return `dependencies[${i}].line_start must be a 0-based line number`;
  if ('decorator_line' in d && !isInt(d.decorator_line)) return `dependencies[${i}].decorator_line must be a line number`;
  return null;
}

/** Why an object is not a usable instance, or null when it is. */
export function instanceProblem(v: unknown): string | null {
  if (!isPlainObject(v)) return 'not a JSON object';
  if (typeof v.instance_id !== 'string' || !v.instance_id) return 'instance_id must be a non-empty string';
  const task: TaskKind | null = taskOf(v);
  if (task === null) return 'neither a function-localization instance (file_path, module_name) nor a dependency-search one (target_function_name, dependencies)';
  if (task === 'func-localize') {
    if (Array.isArray(v.functions) && v.functions.length > 0) {
      for (let i = 0; i < v.functions.length; i++) {
        const t = v.functions[i];
        const p = isPlainObject(t) ? localizationTargetProblem(t, `functions[${i}].`) : `functions[${i}] is not an object`;
        if (p) return p;
      }
      return null;
    }
    return localizationTargetProblem(v, '');
  }
  if (typeof v.target_function_file !== 'string') return 'target_function_file must be a string';
  for (const k of ['target_function_line_start', 'target_function_line_end']) if (!isInt(v[k])) return `${k} must be a 0-based line number`;
  const deps = v.dependencies as unknown[];
  for (let i = 0; i < deps.length; i++) {
    const p = dependencyProblem(deps[i], i);
    if (p) return p;
  }
  return null;
}

/**
 * Reads instances; a repeated instance_id replaces the earlier one (as the authors' scripts load them into a dict)
 * and is reported.
 */
export function readInstancesJsonl(text: string): ReadInstances {
  const { rows, problems } = parseJsonl(text);
  const byId = new Map<string, Record<string, unknown>>();
  const lineOf = new Map<string, number>();
  for (const { line, value } of rows) {
    const p = instanceProblem(value);
    if (p) {
      problems.push({ line, message: p });
      continue;
    }
    const inst = value as Record<string, unknown>;
    const id = inst.instance_id as string;
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
