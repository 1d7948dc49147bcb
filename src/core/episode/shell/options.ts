/**
 * GNU-style option parsing for the shell's commands: clustered short flags (`-rn`), values attached or separate
 * (`-n5`, `-n 5`), long options (`--include=GLOB`), `--`, and GNU's permutation (options may follow operands:
 * `grep foo -rn .`). Errors are worded as GNU tools word them.
 */

export interface OptionSpec {
  /** Short flags without a value, e.g. 'rnil'. */
  flags?: string;
  /** Short options taking a value, e.g. 'nABC'. */
  values?: string;
  /** Long names: to a short key (`recursive` -> 'r') or to themselves; `value` when they take one. */
  long?: Record<string, { key: string; value?: boolean }>;
  /** `-5` means `-n 5` (head, tail). */
  numeric?: string;
  /** Stop at the first operand (find, xargs, echo-like commands). */
  noPermute?: boolean;
}

export interface ParsedOptions {
  flags: Set<string>;
  values: Map<string, string[]>;
  operands: string[];
}

export type OptionsResult = { ok: true; value: ParsedOptions } | { ok: false; error: string };

export function parseOptions(command: string, args: readonly string[], spec: OptionSpec): OptionsResult {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  const add = (k: string, v: string) => values.set(k, [...(values.get(k) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const matches = Object.keys(spec.long ?? {}).filter((l) => l === name || l.startsWith(name));
      const exact = matches.includes(name) ? name : matches.length === 1 ? matches[0] : null;
      if (!exact) return { ok: false, error: `${command}: unrecognized option '${a}'` };
      const opt = spec.long![exact]!;
      if (opt.value) {
        if (eq !== -1) add(opt.key, a.slice(eq + 1));
        else if (i + 1 < args.length) add(opt.key, args[++i]!);
        else return { ok: false, error: `${command}: option '--${exact}' requires an argument` };
      } else {
        if (eq !== -1) return { ok: false, error: `${command}: option '--${exact}' doesn't allow an argument` };
        flags.add(opt.key);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (spec.numeric && /^-\d+$/.test(a)) {
        add(spec.numeric, a.slice(1));
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (spec.values?.includes(c)) {
          const rest = a.slice(j + 1);
          if (rest) add(c, rest);
          else if (i + 1 < args.length) add(c, args[++i]!);
          else return { ok: false, error: `${command}: option requires an argument -- '${c}'` };
          break;
        }
        if (!spec.flags?.includes(c)) return { ok: false, error: `${command}: invalid option -- '${c}'` };
        flags.add(c);
      }
      continue;
    }
    operands.push(a);
    if (spec.noPermute) {
      operands.push(...args.slice(i + 1));
      break;
    }
  }
  return { ok: true, value: { flags, values, operands } };
}

/** The last value given for an option (GNU tools let a later one win). */
export function lastValue(p: ParsedOptions, key: string): string | undefined {
  const v = p.values.get(key);
  return v ? v[v.length - 1] : undefined;
}
