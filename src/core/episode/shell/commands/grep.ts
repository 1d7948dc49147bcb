import { StepBudget } from '../backtrack';
import { fail, resolveOperand, splitLines, type ShellCommand } from '../command';
import { compileGlob } from '../glob';
import { compileGrepPatterns, type LineMatcher } from '../matcher';
import { lastValue, parseOptions } from '../options';
import { baseName, joinRel } from '../../workspace-paths';

/**
 * grep over the workspace: -r/-R, -n, -i, -l/-L, -w, -x, -v, -c, -o, -h/-H, -q, -s, -m, -A/-B/-C, -E/-F/-G/-P,
 * -e, --include/--exclude/--exclude-dir. Output lines are `file:line:text` as GNU grep prints them; recursion lists
 * files in byte order (GNU uses directory order, which varies from disk to disk).
 */

const SPEC = {
  flags: 'rRnilLwxvcohHqsEFGPIUaZz',
  values: 'ABCemf',
  long: {
    recursive: { key: 'r' },
    'dereference-recursive': { key: 'R' },
    'line-number': { key: 'n' },
    'ignore-case': { key: 'i' },
    'files-with-matches': { key: 'l' },
    'files-without-match': { key: 'L' },
    'word-regexp': { key: 'w' },
    'line-regexp': { key: 'x' },
    'invert-match': { key: 'v' },
    count: { key: 'c' },
    'only-matching': { key: 'o' },
    'no-filename': { key: 'h' },
    'with-filename': { key: 'H' },
    quiet: { key: 'q' },
    silent: { key: 'q' },
    'no-messages': { key: 's' },
    'extended-regexp': { key: 'E' },
    'fixed-strings': { key: 'F' },
    'basic-regexp': { key: 'G' },
    'perl-regexp': { key: 'P' },
    regexp: { key: 'e', value: true },
    'max-count': { key: 'm', value: true },
    'after-context': { key: 'A', value: true },
    'before-context': { key: 'B', value: true },
    context: { key: 'C', value: true },
    include: { key: 'include', value: true },
    exclude: { key: 'exclude', value: true },
    'exclude-dir': { key: 'exclude-dir', value: true },
    color: { key: 'color', value: true },
    colour: { key: 'color', value: true },
    'binary-files': { key: 'binary-files', value: true },
  },
};

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";

/**
 * Steps the backtracker may take for one grep command (patterns with back-references): a few tenths of a second.
 * Then grep stops with a message rather than freeze the page on an exponential match.
 */
export const BACKTRACK_STEP_LIMIT = 10_000_000;

/** Lines matched between two looks at the clock. */
const LINES_PER_CHECK = 1024;

function nonNegative(value: string | undefined, what: string): number | string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) return `grep: ${value}: invalid ${what} argument`;
  return Number(value);
}

interface Target {
  /** As printed: the operand, or operand + '/' + sub-path. */
  shown: string;
  rel: string | null;
  text: string;
}

export const grep: ShellCommand = ({ args, stdin, state, budget }) => {
  const parsed = parseOptions('grep', args, SPEC);
  if (!parsed.ok) return fail(`${parsed.error}\n${USAGE}`, 2);
  const o = parsed.value;
  const f = o.flags;
  const operands = [...o.operands];
  const patterns = o.values.get('e') ?? [];
  if (patterns.length === 0) {
    if (operands.length === 0) return fail(USAGE, 2);
    patterns.push(operands.shift()!);
  }
  const dialect = f.has('F') ? 'fixed' : f.has('P') ? 'perl' : f.has('E') ? 'extended' : 'basic';
  const steps = new StepBudget(BACKTRACK_STEP_LIMIT, () => budget.check());
  const compiled = compileGrepPatterns(patterns, { dialect, ignoreCase: f.has('i'), word: f.has('w'), line: f.has('x') }, steps);
  if (!compiled.ok) return fail(`grep: ${compiled.error}`, 2);
  const matcher: LineMatcher = compiled.matcher;
  const warnings = compiled.warnings.map((w) => `grep: warning: ${w}\n`).join('');

  const ctx = {
    after: nonNegative(lastValue(o, 'A') ?? lastValue(o, 'C'), 'context length'),
    before: nonNegative(lastValue(o, 'B') ?? lastValue(o, 'C'), 'context length'),
    max: nonNegative(lastValue(o, 'm'), 'max count'),
  };
  for (const v of Object.values(ctx)) if (typeof v === 'string') return fail(v, 2);
  const after = (ctx.after as number | undefined) ?? 0;
  const before = (ctx.before as number | undefined) ?? 0;
  const maxCount = ctx.max as number | undefined;

  const recursive = f.has('r') || f.has('R');
  const globs = (key: string) => (o.values.get(key) ?? []).map((g) => compileGlob(g));
  const includes = globs('include');
  const excludes = globs('exclude');
  const excludeDirs = globs('exclude-dir');
  const fileWanted = (rel: string) => {
    const name = baseName(rel);
    if (excludes.some((r) => r.test(name))) return false;
    return includes.length === 0 || includes.some((r) => r.test(name));
  };

  const errors: string[] = [];
  const targets: Target[] = [];
  const walk = (rel: string, shown: string) => {
    budget.check();
    for (const e of state.workspace.list(rel)) {
      const childRel = joinRel(rel, e.name);
      const childShown = shown === '' ? e.name : shown.endsWith('/') ? shown + e.name : `${shown}/${e.name}`;
      if (e.kind === 'dir') {
        if (!excludeDirs.some((r) => r.test(e.name))) walk(childRel, childShown);
      } else if (fileWanted(childRel)) {
        targets.push({ shown: childShown, rel: childRel, text: state.workspace.read(childRel) ?? '' });
      }
    }
  };
  if (operands.length === 0 && recursive) {
    walk(state.cwd, '');
  } else if (operands.length === 0) {
    targets.push({ shown: '(standard input)', rel: null, text: stdin ?? '' });
  }
  for (const arg of operands) {
    if (arg === '-') {
      targets.push({ shown: '(standard input)', rel: null, text: stdin ?? '' });
      continue;
    }
    const r = resolveOperand(state, 'grep', arg);
    if (!r.ok) {
      errors.push(r.error);
      continue;
    }
    const text = state.workspace.read(r.rel);
    if (text !== undefined) {
      // Files named on the command line are searched unless --exclude names them (GNU grep).
      if (!excludes.some((x) => x.test(baseName(r.rel)))) targets.push({ shown: arg, rel: r.rel, text });
    } else if (state.workspace.isDir(r.rel)) {
      if (recursive) walk(r.rel, arg);
      else errors.push(`grep: ${arg}: Is a directory`);
    } else {
      errors.push(`grep: ${arg}: No such file or directory`);
    }
  }

  const withName = f.has('H') || (!f.has('h') && (recursive || operands.length > 1));
  const out: string[] = [];
  let anySelected = false;
  for (const t of targets) {
    const lines = splitLines(t.text);
    const selected: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (i % LINES_PER_CHECK === 0) budget.check();
      if (matcher.test(lines[i]!) !== f.has('v')) {
        selected.push(i);
        if (maxCount !== undefined && selected.length >= maxCount) break;
      }
    }
    if (selected.length) anySelected = true;
    if (f.has('q')) {
      if (anySelected) break;
      continue;
    }
    const prefix = withName ? t.shown : '';
    if (f.has('l')) {
      if (selected.length) out.push(`${t.shown}\n`);
      continue;
    }
    if (f.has('L')) {
      if (!selected.length) out.push(`${t.shown}\n`);
      continue;
    }
    if (f.has('c')) {
      out.push(`${prefix ? `${prefix}:` : ''}${selected.length}\n`);
      continue;
    }
    const line = (i: number, sep: string, text: string) => `${prefix ? prefix + sep : ''}${f.has('n') ? `${i + 1}${sep}` : ''}${text}\n`;
    if (f.has('o')) {
      if (f.has('v')) continue;
      for (const i of selected) for (const m of matcher.matches(lines[i]!)) out.push(line(i, ':', m));
      continue;
    }
    let printedUpTo = -1;
    const selectedSet = new Set(selected);
    for (const i of selected) {
      const from = Math.max(i - before, printedUpTo + 1);
      if ((before || after) && printedUpTo >= 0 && from > printedUpTo + 1) out.push('--\n');
      for (let k = from; k < i; k++) out.push(line(k, '-', lines[k]!));
      if (i > printedUpTo) out.push(line(i, ':', lines[i]!));
      printedUpTo = Math.max(printedUpTo, i);
      for (let k = i + 1; k <= Math.min(i + after, lines.length - 1) && !selectedSet.has(k); k++) {
        if (k > printedUpTo) {
          out.push(line(k, '-', lines[k]!));
          printedUpTo = k;
        }
      }
    }
  }
  const silent = f.has('s');
  return {
    stdout: out.join(''),
    stderr: warnings + (silent ? '' : errors.map((e) => `${e}\n`).join('')),
    code: errors.length && !(f.has('q') && anySelected) ? 2 : anySelected ? 0 : 1,
  };
};
