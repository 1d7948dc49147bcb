import type { TaskInstance, TaskKind } from '../../core/tasks/instance-types';
import { formFromOptions, optionsFromForm } from '../../core/tasks/option-fields';
import { taskRegistry } from '../../core/tasks/registry';

/**
 * Generated instances as stored, and the generator settings that made them: with a sample's id, the settings and a
 * position name an instance on any machine (a share link).
 */

/** An instance as stored: which repo and which generator run it came from. */
export interface StoredInstance {
  key: string;
  repoId: string;
  instance: TaskInstance;
  createdAt: number;
  generator: GeneratorSettings;
  /** Position in the list that generator run made: with the settings, it names the instance on any machine. */
  position: number;
}

export interface GeneratorSettings {
  task: TaskKind;
  n: number;
  seed: number;
  masked: boolean;
  minDeps: number;
  maxDeps: number;
  includeTests: boolean;
}

export const DEFAULT_GENERATOR: GeneratorSettings = {
  task: taskRegistry.kinds()[0]!,
  n: 10,
  seed: 1,
  masked: false,
  minDeps: 1,
  maxDeps: 3,
  includeTests: false,
};

/** The spec options of generator settings: the form's values of the kind's option fields, `n` and `seed`. */
export function generatorOptions(g: GeneratorSettings): Record<string, unknown> {
  return { n: g.n, seed: g.seed, ...optionsFromForm(taskRegistry.get(g.task).options.fields, { ...g }) };
}

/** The variant (e.g. masked) the settings select, or null. */
export function variantOf(g: GeneratorSettings): string | null {
  return taskRegistry.get(g.task).variantOf(generatorOptions(g));
}

/** The share-link task name of a generator setting: the kind, then its variant if any (KIND-masked). */
export function shareTask(g: GeneratorSettings): string {
  const variant = variantOf(g);
  return variant ? `${g.task}-${variant}` : g.task;
}

/** The settings a share-link task name stands for (the defaults, but the kind and its variant), or null. */
export function shareSettings(shareTaskName: string): GeneratorSettings | null {
  for (const spec of taskRegistry.all()) {
    const variant = shareTaskName === spec.kind ? null : shareTaskName.startsWith(`${spec.kind}-`) ? shareTaskName.slice(spec.kind.length + 1) : undefined;
    if (variant === undefined) continue;
    const options = variant === null ? {} : spec.variantOptions(variant);
    if (options) return { ...DEFAULT_GENERATOR, masked: false, task: spec.kind, ...formFromOptions(spec.options.fields, options) };
  }
  return null;
}

/** Whether a share link (sample, task, seed, position) regenerates what these settings made: all else is the defaults. */
export function shareable(g: GeneratorSettings): boolean {
  const base = shareSettings(shareTask(g));
  if (!base) return false;
  const a = generatorOptions(g);
  const b = generatorOptions({ ...base, n: g.n, seed: g.seed });
  return taskRegistry.get(g.task).options.fields.every((f) => a[f.key] === b[f.key]);
}
