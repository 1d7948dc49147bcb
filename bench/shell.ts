/**
 * The shell's grep matcher (issue 9 §2): on the index benchmark's ~100k lines of the CPython 3.11 standard library,
 * the time to test every line with common patterns, for the matcher grep had before (the POSIX pattern translated
 * to a backtracking JavaScript RegExp; the sources below are what that translation gave) and the one it has now
 * (RE2 through re2js, behind a required-text filter), old and new interleaved and each the fastest of N runs; then
 * the patterns that hung the old matcher, and whole `grep -rn` runs through the shell.
 *
 *   npx tsx bench/shell.ts [--runs=N]      standalone
 *   shellBench                               the BenchSection for bench/run.ts
 */
import { StepBudget } from '../src/core/episode/shell/backtrack';
import { compileGrepPatterns, type GrepSyntax, type LineMatcher } from '../src/core/episode/shell/matcher';
import { WorkspaceShell } from '../src/core/episode/shell/shell';
import { Workspace } from '../src/core/episode/workspace';
import { WorkspacePaths } from '../src/core/episode/workspace-paths';
import { readBenchPackages } from './index';
import { option, printTable, type BenchSection } from './section';

interface Case {
  /** As typed after `grep`. */
  label: string;
  syntax: Partial<GrepSyntax>;
  pattern: string;
  /** The old matcher: the old translation's source, wrapped and flagged as the old grep did. */
  old: RegExp;
  only?: boolean;
}

const OLD_WORD = (s: string) => `(?<![A-Za-z0-9_])(?:${s})(?![A-Za-z0-9_])`;

const CASES: Case[] = [
  { label: "'def '", syntax: {}, pattern: 'def ', old: /(?:def )/g },
  { label: '-w return', syntax: { word: true }, pattern: 'return', old: new RegExp(OLD_WORD('(?:return)'), 'g') },
  { label: '-i error', syntax: { ignoreCase: true }, pattern: 'error', old: /(?:error)/gi },
  { label: "-E 'import[[:space:]]+os'", syntax: { dialect: 'extended' }, pattern: 'import[[:space:]]+os', old: /(?:import[ \t\n\r\f\v]+os)/g },
  { label: "'self\\.[a-z_]*('", syntax: {}, pattern: 'self\\.[a-z_]*(', old: /(?:self\.[a-z_]*\()/g },
  { label: "'^class [A-Z][A-Za-z]*'", syntax: {}, pattern: '^class [A-Z][A-Za-z]*', old: /(?:^class [A-Z][A-Za-z]*)/g },
  { label: "-E 'def (get|set)_[a-z]+'", syntax: { dialect: 'extended' }, pattern: 'def (get|set)_[a-z]+', old: /(?:def (get|set)_[a-z]+)/g },
  { label: "'\\<[A-Z_]\\{3,\\}\\>'", syntax: {}, pattern: '\\<[A-Z_]\\{3,\\}\\>', old: /(?:\b(?=\w)[A-Z_]{3,}\b(?<=\w))/g },
  { label: "-o 'self\\.[a-z_]*'", syntax: {}, pattern: 'self\\.[a-z_]*', old: /(?:self\.[a-z_]*)/g, only: true },
];

const PATHOLOGICAL: { label: string; syntax: Partial<GrepSyntax>; pattern: string; line: string }[] = [
  { label: "-E '(a+)+$' on 40 a's and !", syntax: { dialect: 'extended' }, pattern: '(a+)+$', line: `${'a'.repeat(40)}!` },
  { label: "-E '(a|aa)+$' on 40 a's and !", syntax: { dialect: 'extended' }, pattern: '(a|aa)+$', line: `${'a'.repeat(40)}!` },
  { label: "-E '(a|aa)+$' on 100,000 a's and !", syntax: { dialect: 'extended' }, pattern: '(a|aa)+$', line: `${'a'.repeat(100_000)}!` },
];

function compile(syntax: Partial<GrepSyntax>, pattern: string): LineMatcher {
  const c = compileGrepPatterns([pattern], { dialect: 'basic', ignoreCase: false, word: false, line: false, ...syntax }, new StepBudget(1e7));
  if (!c.ok) throw new Error(`${pattern}: ${c.error}`);
  return c.matcher;
}

/** Lines selected (or, with `only`, matches printed), counted so that both matchers can be checked to agree. */
function oldRun(re: RegExp, lines: string[], only: boolean): number {
  let n = 0;
  for (const line of lines) {
    re.lastIndex = 0;
    if (!re.test(line)) continue;
    if (!only) n++;
    else {
      re.lastIndex = 0;
      for (const m of line.matchAll(re)) if (m[0]) n++;
    }
  }
  return n;
}

function newRun(m: LineMatcher, lines: string[], only: boolean): number {
  let n = 0;
  for (const line of lines) {
    if (!m.test(line)) continue;
    n += only ? m.matches(line).length : 1;
  }
  return n;
}

function fastest(runs: number, fs: (() => number)[]): { ms: number[]; counts: number[] } {
  const ms = fs.map(() => Infinity);
  const counts = fs.map(() => 0);
  for (let k = 0; k <= runs; k++) {
    fs.forEach((f, i) => {
      const t = performance.now();
      counts[i] = f();
      if (k > 0) ms[i] = Math.min(ms[i]!, performance.now() - t); // run 0 warms up
    });
  }
  return { ms, counts };
}

export async function runShellBench(options: string[] = []): Promise<void> {
  const runs = Number(option(options, 'runs') ?? 7);
  const files = await readBenchPackages();
  const lines = files.flatMap((f) => f.text.split('\n'));

  const rows: (string | number)[][] = [['grep pattern (every line tested)', 'old RegExp', 'new', 'new / old', 'hits agree']];
  let oldTotal = 0;
  let newTotal = 0;
  for (const c of CASES) {
    const m = compile(c.syntax, c.pattern);
    const only = c.only ?? false;
    const r = fastest(runs, [() => oldRun(c.old, lines, only), () => newRun(m, lines, only)]);
    const oldMs = r.ms[0]!;
    const newMs = r.ms[1]!;
    oldTotal += oldMs;
    newTotal += newMs;
    rows.push([
      c.label,
      `${oldMs.toFixed(1)} ms`,
      `${newMs.toFixed(1)} ms`,
      `${(newMs / oldMs).toFixed(2)}x`,
      r.counts[0] === r.counts[1] ? `yes (${r.counts[1]})` : `NO ${r.counts[0]} vs ${r.counts[1]}`,
    ]);
  }
  rows.push(['all of the above', `${oldTotal.toFixed(1)} ms`, `${newTotal.toFixed(1)} ms`, `${(newTotal / oldTotal).toFixed(2)}x`, '']);
  for (const p of PATHOLOGICAL) {
    const m = compile(p.syntax, p.pattern);
    const r = fastest(runs, [() => newRun(m, [p.line], false)]);
    rows.push([p.label, 'does not finish', `${r.ms[0]!.toFixed(3)} ms`, '', '']);
  }
  const workspace = new Workspace(new Map(files.map((f) => [f.path, f.text])));
  const shell = new WorkspaceShell({ workspace, paths: new WorkspacePaths('/workspace/stdlib'), cwd: '' });
  for (const command of ['grep -rn "def " .', 'grep -rnw return .', 'grep -rci error .']) {
    let best = Infinity;
    let out = '';
    for (let k = 0; k <= Math.min(runs, 3); k++) {
      const t = performance.now();
      out = (await shell.run(command)).output;
      if (k > 0) best = Math.min(best, performance.now() - t);
    }
    rows.push([`shell: ${command}`, '', `${best.toFixed(1)} ms`, '', `${out.split('\n').length - 1} lines out`]);
  }
  console.log(`${files.length} files, ${lines.length} lines`);
  printTable(rows);
}

export const shellBench: BenchSection = {
  name: 'shell',
  title: "The shell's grep matcher (RE2 via re2js) against the backtracking RegExp it replaced, on ~100k lines of the CPython stdlib",
  run: runShellBench,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(shellBench.title);
  await runShellBench(process.argv.slice(2));
}
