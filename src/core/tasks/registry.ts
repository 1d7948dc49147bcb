import type { LanguageId } from '../lang/languages';
import { depSearchSpec } from './dep-search/spec';
import { funcLocalizeSpec } from './func-localize/spec';
import { languageOfInstance, type AnyTaskSpec, type InstanceBase } from './spec';

/**
 * The task kinds (Gymnasium's `register` / `registry`): each kind's spec is registered here, once. Everything that
 * depends on a task's kind looks its spec up (by id, or by recognising an instance), so a new kind is a new folder
 * and one line below. Tests build their own registry with extra kinds.
 */
export class TaskRegistry {
  private readonly specs = new Map<string, AnyTaskSpec>();

  constructor(specs: readonly AnyTaskSpec[] = []) {
    for (const s of specs) this.register(s);
  }

  register(spec: AnyTaskSpec): this {
    if (this.specs.has(spec.kind)) throw new Error(`task kind ${spec.kind} is registered twice`);
    this.specs.set(spec.kind, spec);
    return this;
  }

  /** A copy with more kinds (the app's kinds plus a test's). */
  with(...specs: AnyTaskSpec[]): TaskRegistry {
    return new TaskRegistry([...this.specs.values(), ...specs]);
  }

  all(): AnyTaskSpec[] {
    return [...this.specs.values()];
  }

  kinds(): string[] {
    return [...this.specs.keys()];
  }

  find(kind: string): AnyTaskSpec | undefined {
    return this.specs.get(kind);
  }

  get(kind: string): AnyTaskSpec {
    const spec = this.specs.get(kind);
    if (!spec) throw new Error(`“${kind}” is not a task kind this playground knows (${this.kinds().join(', ')})`);
    return spec;
  }

  /** The kind of an instance: its `task` field, else the first spec that recognises its fields (an authors' row). */
  of(instance: InstanceBase | Record<string, unknown>): AnyTaskSpec | null {
    const row: Record<string, unknown> = { ...instance };
    if (typeof row.task === 'string') return this.specs.get(row.task) ?? null;
    return this.all().find((s) => s.recognises(row)) ?? null;
  }

  /** `of`, or an error naming what the instance should have been. */
  require(instance: InstanceBase | Record<string, unknown>): AnyTaskSpec {
    const spec = this.of(instance);
    if (!spec) throw new Error(`instance ${String((instance as { instance_id?: unknown }).instance_id)} is ${this.neither()}`);
    return spec;
  }

  /** "neither a Function localization nor a …" for messages. */
  neither(): string {
    const titles = this.all().map((s) => `a ${s.title.toLowerCase()} instance (${s.recognisedBy})`);
    return `neither ${titles.join(' nor ')}`;
  }
}

/** The app's task kinds. */
export const taskRegistry = new TaskRegistry([funcLocalizeSpec, depSearchSpec]);

/** An instance in a few words, by its kind's spec (for lists, titles and storage notes). */
export function instanceTitle(instance: InstanceBase, registry: TaskRegistry = taskRegistry): string {
  const spec = registry.require(instance);
  return spec.instanceTitle?.(instance) ?? spec.gold(instance).sites[0]?.name ?? instance.instance_id;
}

/** The language an instance is played in: its own `language`, else its kind's first (an authors' row names none). */
export function instanceLanguage(instance: InstanceBase, registry: TaskRegistry = taskRegistry): LanguageId {
  return languageOfInstance(registry.require(instance), instance);
}
