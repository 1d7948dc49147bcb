import type { ViewedRange } from '../../trajectory';
import { fail, readOperand, splitLines, type CommandOutput, type ShellCommand, type ShellState } from '../command';
import { lastValue, parseOptions } from '../options';

/**
 * The text commands: cat, head, tail, wc, sed -n, echo, sort, uniq. Output follows GNU coreutils byte for byte where
 * it can (the tests compare with the real tools), including a last line without a newline staying without one.
 */

/** An input of a text command: a file (with the path shown in messages and the repo path for views) or stdin. */
interface Input {
  label: string;
  rel: string | null;
  text: string;
  /** Line k of `text` is line `offset + k` of `rel` (non-zero when stdin is a piped slice of a file). */
  offset: number;
}

type Inputs = { inputs: Input[]; errors: string[] };

/** Reads the operands (or stdin when there are none; `-` is stdin too); unreadable ones become error lines. */
function readInputs(state: ShellState, name: string, operands: string[], stdin: string | null, stdinSource: ViewedRange | null = null): Inputs {
  const inputs: Input[] = [];
  const errors: string[] = [];
  for (const arg of operands.length ? operands : ['-']) {
    if (arg === '-') {
      inputs.push({ label: operands.length ? '-' : '', rel: stdinSource?.path ?? null, text: stdin ?? '', offset: stdinSource ? stdinSource.start - 1 : 0 });
      continue;
    }
    const r = readOperand(state, name, arg);
    if (r.ok) inputs.push({ label: arg, rel: r.rel, text: r.text, offset: 0 });
    else errors.push(r.error);
  }
  return { inputs, errors };
}

/** Lines keeping their newline, so a missing final newline survives head/tail/sed. */
function records(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function output(stdout: string, errors: string[], views: ViewedRange[] = []): CommandOutput {
  return { stdout, stderr: errors.map((e) => `${e}\n`).join(''), code: errors.length ? 1 : 0, views };
}

/** Lines start..end (1-based) of an input, as file lines when the input is (a slice of) a file. */
function view(input: Input, start: number, end: number): ViewedRange[] {
  return input.rel !== null && end >= start ? [{ path: input.rel, start: input.offset + start, end: input.offset + end }] : [];
}

/** The output is those file lines, line for line: a later head/tail/sed in the pipe can tell what it shows. */
function lineSource(views: ViewedRange[], inputs: Input[], errors: string[]): { lineSource?: ViewedRange } {
  return inputs.length === 1 && errors.length === 0 && views.length === 1 ? { lineSource: views[0] } : {};
}

export const cat: ShellCommand = ({ args, stdin, stdinSource, state }) => {
  const parsed = parseOptions('cat', args, { flags: 'nbAsvET', long: { number: { key: 'n' } } });
  if (!parsed.ok) return fail(`${parsed.error}\nTry 'cat --help' for more information.`);
  const { inputs, errors } = readInputs(state, 'cat', parsed.value.operands, stdin, stdinSource);
  let out = '';
  let n = 0;
  const views: ViewedRange[] = [];
  for (const input of inputs) {
    const recs = records(input.text);
    // A file without a final newline runs on into the next one: that line is not numbered again (as GNU cat).
    if (parsed.value.flags.has('n')) for (const r of recs) out += out === '' || out.endsWith('\n') ? `${String(++n).padStart(6)}\t${r}` : r;
    else out += input.text;
    views.push(...view(input, 1, recs.length));
  }
  return { ...output(out, errors, views), ...lineSource(views, inputs, errors) };
};

function countOption(name: string, value: string | undefined, fallback: number): { n: number; fromStart: boolean; allBut: boolean } | string {
  if (value === undefined) return { n: fallback, fromStart: false, allBut: false };
  const m = /^([+-]?)(\d+)$/.exec(value);
  if (!m) return `${name}: invalid number of lines: '${value}'`;
  return { n: Number(m[2]), fromStart: m[1] === '+', allBut: m[1] === '-' };
}

function headOrTail(which: 'head' | 'tail'): ShellCommand {
  return ({ args, stdin, stdinSource, state }) => {
    const parsed = parseOptions(which, args, { flags: 'qv', values: 'nc', numeric: 'n', long: { lines: { key: 'n', value: true }, quiet: { key: 'q' } } });
    if (!parsed.ok) return fail(`${parsed.error}\nTry '${which} --help' for more information.`);
    const count = countOption(which, lastValue(parsed.value, 'n'), 10);
    if (typeof count === 'string') return fail(count);
    if (parsed.value.values.has('c')) return fail(`${which}: -c (bytes) is not supported here; use -n LINES`);
    const { inputs, errors } = readInputs(state, which, parsed.value.operands, stdin, stdinSource);
    const headers = inputs.length + errors.length > 1 && !parsed.value.flags.has('q');
    let out = '';
    const views: ViewedRange[] = [];
    inputs.forEach((input, k) => {
      const recs = records(input.text);
      let from: number;
      let to: number;
      if (which === 'head') {
        from = 0;
        to = count.allBut ? Math.max(recs.length - count.n, 0) : Math.min(count.n, recs.length);
      } else {
        to = recs.length;
        from = count.fromStart ? Math.min(Math.max(count.n - 1, 0), recs.length) : Math.max(recs.length - count.n, 0);
      }
      if (headers) out += `${k > 0 ? '\n' : ''}==> ${input.label || 'standard input'} <==\n`;
      out += recs.slice(from, to).join('');
      views.push(...view(input, from + 1, to));
    });
    return { ...output(out, errors, views), ...(headers ? {} : lineSource(views, inputs, errors)) };
  };
}

export const head = headOrTail('head');
export const tail = headOrTail('tail');

const encoder = new TextEncoder();

export const wc: ShellCommand = ({ args, stdin, state }) => {
  const parsed = parseOptions('wc', args, {
    flags: 'lwcm',
    long: { lines: { key: 'l' }, words: { key: 'w' }, bytes: { key: 'c' }, chars: { key: 'm' } },
  });
  if (!parsed.ok) return fail(`${parsed.error}\nTry 'wc --help' for more information.`);
  const f = parsed.value.flags;
  const which = f.size ? (['l', 'w', 'm', 'c'] as const).filter((k) => f.has(k)) : (['l', 'w', 'c'] as const);
  const operands = parsed.value.operands;
  const names = operands.length ? operands : ['-'];
  const rows: { label: string; counts: number[] }[] = [];
  const errors: string[] = [];
  const totals = which.map(() => 0);
  let regularBytes = 0;
  let minWidth = 1;
  let firstFailed = false;
  names.forEach((arg, k) => {
    let text: string;
    if (arg === '-') {
      text = stdin ?? '';
      minWidth = 7;
    } else {
      const r = readOperand(state, 'wc', arg);
      if (!r.ok) {
        errors.push(r.error);
        if (k === 0) firstFailed = true;
        return;
      }
      text = r.text;
    }
    const bytes = encoder.encode(text).length;
    if (arg !== '-') regularBytes += bytes;
    const all: Record<(typeof which)[number], number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: (text.match(/[^ \t\n\r\f\v]+/g) ?? []).length,
      m: [...text].length,
      c: bytes,
    };
    const counts = which.map((w) => all[w]);
    counts.forEach((c, i) => (totals[i]! += c));
    rows.push({ label: operands.length ? arg : '', counts });
  });
  // GNU wc: one count of one input is printed unpadded; otherwise the width fits the total size of the files.
  let width = 1;
  if (!(names.length === 1 && which.length === 1) && !firstFailed) {
    width = Math.max(String(regularBytes).length, minWidth);
  }
  if (names.length > 1) rows.push({ label: 'total', counts: totals });
  const out = rows.map((r) => `${r.counts.map((c) => String(c).padStart(width)).join(' ')}${r.label ? ` ${r.label}` : ''}\n`).join('');
  return output(out, errors);
};

interface SedCommand {
  from: number | '$';
  to: number | '$' | null;
}

function parseSedScript(script: string): SedCommand[] | null {
  const out: SedCommand[] = [];
  for (const piece of script.split(/[;\n]/)) {
    const p = piece.trim();
    if (!p) continue;
    const m = /^(\d+|\$)\s*(?:,\s*(\d+|\$))?\s*p$/.exec(p);
    if (!m) return null;
    const addr = (a: string): number | '$' => (a === '$' ? '$' : Number(a));
    out.push({ from: addr(m[1]!), to: m[2] === undefined ? null : addr(m[2]) });
  }
  return out.length ? out : null;
}

export const sed: ShellCommand = ({ args, stdin, stdinSource, state }) => {
  const parsed = parseOptions('sed', args, {
    flags: 'nEri',
    values: 'e',
    long: { quiet: { key: 'n' }, silent: { key: 'n' }, expression: { key: 'e', value: true } },
  });
  if (!parsed.ok) return fail(`${parsed.error}\nUsage: sed -n 'A,Bp' [FILE]...`);
  const f = parsed.value.flags;
  if (f.has('i')) return fail('sed: in-place editing is not supported here; change files with str_replace_editor');
  const operands = [...parsed.value.operands];
  const scripts = parsed.value.values.get('e') ?? (operands.length ? [operands.shift()!] : []);
  if (scripts.length === 0) return fail("Usage: sed -n 'A,Bp' [FILE]...");
  const commands = parseSedScript(scripts.join('\n'));
  if (!f.has('n') || !commands) {
    return fail("sed: only printing line ranges is supported here, e.g. sed -n '10,20p' FILE (also 'Np', 'A,$p', 'A,Bp;C,Dp')");
  }
  const { inputs, errors } = readInputs(state, 'sed', operands, stdin, stdinSource);
  const lines: { rec: string; input: Input; local: number }[] = [];
  for (const input of inputs) records(input.text).forEach((rec, i) => lines.push({ rec, input, local: i + 1 }));
  const last = lines.length;
  const num = (a: number | '$') => (a === '$' ? last : a);
  const pieces: string[] = [];
  const shown = new Map<Input, { start: number; end: number }[]>();
  lines.forEach((line, i) => {
    const n = i + 1;
    for (const c of commands) {
      const from = num(c.from);
      const to = c.to === null ? from : Math.max(num(c.to), from);
      if (n < from || n > to) continue;
      pieces.push(line.rec);
      const ranges = shown.get(line.input) ?? [];
      const lastRange = ranges[ranges.length - 1];
      if (lastRange && lastRange.end === line.local - 1) lastRange.end = line.local;
      else if (!lastRange || lastRange.end < line.local) ranges.push({ start: line.local, end: line.local });
      shown.set(line.input, ranges);
    }
  });
  const views: ViewedRange[] = [];
  for (const [input, ranges] of shown) for (const r of ranges) views.push(...view(input, r.start, r.end));
  // GNU sed adds the newline a final line lacks whenever more output follows it.
  const out = pieces.map((p, i) => (i < pieces.length - 1 && !p.endsWith('\n') ? `${p}\n` : p)).join('');
  // sed exits with 2 when an input file cannot be read.
  return { ...output(out, errors, views), code: errors.length ? 2 : 0, ...lineSource(views, inputs, errors) };
};

export const echo: ShellCommand = ({ args }) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    for (const c of args[i]!.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    text = text.replace(/\\([\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
  }
  return { stdout: newline ? `${text}\n` : text, stderr: '', code: 0 };
};

export const sort: ShellCommand = ({ args, stdin, state }) => {
  const parsed = parseOptions('sort', args, { flags: 'rnuf', long: { reverse: { key: 'r' }, unique: { key: 'u' } } });
  if (!parsed.ok) return fail(`${parsed.error}\nTry 'sort --help' for more information.`, 2);
  const f = parsed.value.flags;
  const { inputs, errors } = readInputs(state, 'sort', parsed.value.operands, stdin);
  let lines = inputs.flatMap((i) => splitLines(i.text));
  const key = (s: string) => (f.has('f') ? s.toUpperCase() : s);
  const numeric = (s: string) => parseFloat(s) || 0;
  lines.sort((a, b) => {
    if (f.has('n')) {
      const d = numeric(a) - numeric(b);
      if (d !== 0) return d;
    }
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
  if (f.has('u')) lines = lines.filter((l, i) => i === 0 || key(l) !== key(lines[i - 1]!));
  if (f.has('r')) lines.reverse();
  return { ...output(lines.map((l) => `${l}\n`).join(''), errors), code: errors.length ? 2 : 0 };
};

export const uniq: ShellCommand = ({ args, stdin, state }) => {
  const parsed = parseOptions('uniq', args, { flags: 'cdu', long: { count: { key: 'c' } } });
  if (!parsed.ok) return fail(`${parsed.error}\nTry 'uniq --help' for more information.`);
  const f = parsed.value.flags;
  const { inputs, errors } = readInputs(state, 'uniq', parsed.value.operands.slice(0, 1), stdin);
  const groups: { line: string; n: number }[] = [];
  for (const line of inputs.flatMap((i) => splitLines(i.text))) {
    const g = groups[groups.length - 1];
    if (g && g.line === line) g.n++;
    else groups.push({ line, n: 1 });
  }
  const kept = groups.filter((g) => (f.has('d') ? g.n > 1 : f.has('u') ? g.n === 1 : true));
  return output(kept.map((g) => (f.has('c') ? `${String(g.n).padStart(7)} ${g.line}\n` : `${g.line}\n`)).join(''), errors);
};

/** A cut LIST (`1,3-5,7-`) as a test on 1-based positions, or null when malformed. */
function cutList(list: string): ((n: number) => boolean) | null {
  const ranges: [number, number][] = [];
  for (const part of list.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '') || m[1] === '0') return null;
    const from = m[1] === '' ? 1 : Number(m[1]);
    const to = m[2] === '' ? from : m[3] === '' ? Infinity : Number(m[3]);
    if (to < from) return null;
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: ShellCommand = ({ args, stdin, state }) => {
  const parsed = parseOptions('cut', args, {
    flags: 's',
    values: 'dfc',
    long: { delimiter: { key: 'd', value: true }, fields: { key: 'f', value: true }, characters: { key: 'c', value: true } },
  });
  if (!parsed.ok) return fail(`${parsed.error}\nTry 'cut --help' for more information.`);
  const fields = lastValue(parsed.value, 'f');
  const chars = lastValue(parsed.value, 'c');
  if ((fields === undefined) === (chars === undefined))
    return fail("cut: you must specify a list of fields (-f) or characters (-c)\nTry 'cut --help' for more information.");
  const keep = cutList((fields ?? chars)!);
  if (!keep) return fail(`cut: invalid field range\nTry 'cut --help' for more information.`);
  const delim = lastValue(parsed.value, 'd') ?? '\t';
  if (delim.length !== 1) return fail("cut: the delimiter must be a single character\nTry 'cut --help' for more information.");
  const { inputs, errors } = readInputs(state, 'cut', parsed.value.operands, stdin);
  let out = '';
  for (const input of inputs) {
    for (const line of splitLines(input.text)) {
      if (chars !== undefined) {
        out += `${[...line].filter((_, i) => keep(i + 1)).join('')}\n`;
      } else if (!line.includes(delim)) {
        if (!parsed.value.flags.has('s')) out += `${line}\n`;
      } else {
        out += `${line
          .split(delim)
          .filter((_, i) => keep(i + 1))
          .join(delim)}\n`;
      }
    }
  }
  return output(out, errors);
};

/** nl: numbers the non-empty lines (`-b a`: all lines), as GNU nl does with its defaults (width 6, a tab). */
export const nl: ShellCommand = ({ args, stdin, stdinSource, state }) => {
  const parsed = parseOptions('nl', args, {
    values: 'bws',
    long: { 'body-numbering': { key: 'b', value: true }, 'number-width': { key: 'w', value: true }, 'number-separator': { key: 's', value: true } },
  });
  if (!parsed.ok) return fail(`${parsed.error}\nTry 'nl --help' for more information.`);
  const style = lastValue(parsed.value, 'b') ?? 't';
  if (style !== 'a' && style !== 't' && style !== 'n') return fail(`nl: invalid body numbering style: '${style}'`);
  const width = Number(lastValue(parsed.value, 'w') ?? '6');
  if (!Number.isInteger(width) || width < 1) return fail(`nl: invalid line number field width: '${lastValue(parsed.value, 'w')}'`);
  const sep = lastValue(parsed.value, 's') ?? '\t';
  const { inputs, errors } = readInputs(state, 'nl', parsed.value.operands, stdin, stdinSource);
  let out = '';
  let n = 0;
  const views: ViewedRange[] = [];
  for (const input of inputs) {
    const lines = splitLines(input.text);
    for (const line of lines) {
      const numbered = style === 'a' || (style === 't' && line !== '');
      out += numbered ? `${String(++n).padStart(width)}${sep}${line}\n` : `${' '.repeat(width + sep.length)}${line}\n`;
    }
    views.push(...view(input, 1, lines.length));
  }
  return { ...output(out, errors, views), ...lineSource(views, inputs, errors) };
};
