import type { AnyTaskSpec, OptionField } from './spec';

/**
 * A spec's generator options on a command line: the flags, their parsing and the usage text come from
 * `spec.options.fields`. A choice field whose flag is one of its choices (`--masked` for `mode`) is a switch that
 * selects that choice; any other choice field takes a value (`--flag VALUE`).
 */

/** A bad flag value: the CLI reports it as a usage error. */
export class OptionFlagError extends Error {}

const isSwitch = (f: OptionField) => f.type === 'boolean' || (f.type === 'choice' && f.choices.includes(f.flag));

/** `parseArgs` options for the fields (several specs may share a flag: it is declared once). */
export function flagOptions(fields: readonly OptionField[]): Record<string, { type: 'string' | 'boolean' }> {
  const out: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const f of fields) out[f.flag] = { type: isSwitch(f) ? 'boolean' : 'string' };
  return out;
}

/** The options the given flags set (absent flags leave the spec's default). */
export function optionsFromFlags(fields: readonly OptionField[], values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.flag];
    if (v === undefined) continue;
    if (f.type === 'boolean') out[f.key] = v === true;
    else if (f.type === 'choice') {
      if (typeof v === 'boolean') {
        if (v) out[f.key] = f.flag;
      } else if (!f.choices.includes(v)) throw new OptionFlagError(`--${f.flag} must be ${f.choices.join(' or ')}, got '${v}'`);
      else out[f.key] = v;
    } else {
      const n = Number(v);
      if (typeof v !== 'string' || !Number.isInteger(n) || n < 0) throw new OptionFlagError(`--${f.flag} must be a non-negative integer, got '${String(v)}'`);
      out[f.key] = n;
    }
  }
  return out;
}

/** `[--masked] [--min-body-lines 1] …`: the fields' flags with their defaults. */
export function flagUsage(fields: readonly OptionField[], defaults: Record<string, unknown> = {}): string {
  return fields
    .map((f) => {
      if (isSwitch(f)) return `[--${f.flag}]`;
      const d = defaults[f.key];
      return `[--${f.flag} ${d !== undefined ? String(d) : f.type === 'choice' ? f.choices.join('|') : 'N'}]`;
    })
    .join(' ');
}

/** The flags of every spec (each once, in registration order), for one command line that takes any `--task`. */
export function allFields(specs: readonly AnyTaskSpec[]): OptionField[] {
  const seen = new Map<string, OptionField>();
  for (const s of specs) for (const f of s.options.fields) if (!seen.has(f.flag)) seen.set(f.flag, f);
  return [...seen.values()];
}

/** The usage of every spec's flags: shared ones once; an int's default is the first spec's that has it. */
export function allFlagUsage(specs: readonly AnyTaskSpec[]): string {
  const defaults: Record<string, unknown> = {};
  for (const s of [...specs].reverse()) Object.assign(defaults, s.options.defaults);
  return flagUsage(allFields(specs), defaults);
}

/** The spec's cross-field check (e.g. min ≤ max), with fields named by their flags. */
export function flagOptionsProblem(spec: AnyTaskSpec, options: Record<string, unknown>): string | null {
  const flag = (key: string) => `--${spec.options.fields.find((f: OptionField) => f.key === key)?.flag ?? key}`;
  return spec.options.problem?.({ ...spec.options.defaults, ...options }, flag) ?? null;
}

/**
 * A form's values (the Repo screen's generator settings) as spec options: by field key, and a choice switch by its
 * flag (a boolean `masked` selects the `masked` choice of `mode`, else its other choice).
 */
export function optionsFromForm(fields: readonly OptionField[], form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === 'choice' && isSwitch(f)) {
      if (typeof form[f.flag] === 'boolean') out[f.key] = form[f.flag] ? f.flag : f.choices.find((c) => c !== f.flag);
    } else if (form[f.key] !== undefined) out[f.key] = form[f.key];
  }
  return out;
}

/** The inverse of optionsFromForm, for the options given (e.g. a variant's). */
export function formFromOptions(fields: readonly OptionField[], options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f.key in options)) continue;
    if (f.type === 'choice' && isSwitch(f)) out[f.flag] = options[f.key] === f.flag;
    else out[f.key] = options[f.key];
  }
  return out;
}
