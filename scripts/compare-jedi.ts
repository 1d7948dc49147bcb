/**
 * Agreement of our tree-sitter resolver with real Jedi (issue 2 §8).
 *
 *   npx tsx scripts/compare-jedi.ts DIR [DIR ...] [--python /usr/bin/python3] [--fast] [--cache FOLDER] [--examples 5]
 *
 * For each DIR: our dependency sets (buildIndex + dependencySets, every public function, no count bounds) and the
 * authors' builder re-implemented with Jedi (scripts/jedi-deps.py, run on Debian's python3 with python3-jedi), then
 *   - exact-set agreement: targets whose dependency sets are equal, over the targets present in EITHER output
 *     (a target one side lacks — a file only one side could parse — counts as a disagreement);
 *   - edge precision / recall of ours against Jedi, an edge being (target, dependency), both keyed by file and
 *     start line;
 *   - the time of each side;
 *   - every differing edge grouped by kind: which side has it, and how the call that produced it is written.
 * Jedi's trace (one line per resolved call site) names the call behind each Jedi edge; our call sites (same
 * positions: the callee's final name) name the call behind each of ours.
 *
 * Jedi runs the authors' way (a fresh jedi.Script per call site) unless --fast (one Script per file: about 3x faster,
 * but Jedi's shared inference state then changes a few answers). --cache FOLDER keeps each code base's Jedi output
 * (records, trace, time) there and reuses it on the next run, so resolver changes can be re-measured quickly.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dependencySets, type DependencyRecord } from '../src/core/index/dependencies';
import type { CallSite, RepoIndex } from '../src/core/index/types';
import { indexDirectory } from '../src/node/deps-cli';
import { loadTreeSitterNode } from '../src/node/wasm';

const JEDI_SCRIPT = resolve(import.meta.dirname, 'jedi-deps.py');
const UNBOUNDED = 1_000_000;

interface TraceLine {
  file: string;
  target_line: number;
  name: string;
  line: number;
  column: number;
  /** Every goto result: module path, 1-based line, name, and the definition the builder would accept, if any. */
  landed: [string | null, number, string, [string, number] | null][];
  accepted: [string, number] | null;
}

export interface JediRun {
  records: DependencyRecord[];
  trace: TraceLine[];
  ms: number;
}

/** Runs scripts/jedi-deps.py on DIR (all public functions) and reads its records and call-site trace. */
export async function runJedi(dir: string, opts: { python?: string; fast?: boolean; hashSeed?: string } = {}): Promise<JediRun> {
  const work = mkdtempSync(join(tmpdir(), 'jedi-deps-'));
  const tracePath = join(work, 'trace.jsonl');
  const args = [JEDI_SCRIPT, dir, '--min-deps', '0', '--max-deps', String(UNBOUNDED), '--trace', tracePath];
  if (opts.fast) args.push('--reuse-script');
  const started = performance.now();
  const stdout = await new Promise<string>((done, fail) => {
    // A fixed hash seed fixes the order of Jedi's added sys.path (the builder builds it from a set).
    const child = spawn(opts.python ?? '/usr/bin/python3', args, { env: { ...process.env, PYTHONHASHSEED: opts.hashSeed ?? '0' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => fail(new Error(`cannot run ${opts.python ?? '/usr/bin/python3'}: ${e.message} (apt-get install -y python3-jedi)`)));
    child.on('close', (code) =>
      code === 0 ? done(Buffer.concat(out).toString('utf8')) : fail(new Error(`jedi-deps.py exited ${code}: ${Buffer.concat(err).toString('utf8').trim()}`)),
    );
  });
  const ms = performance.now() - started;
  const records = parseLines<DependencyRecord>(stdout);
  const trace = parseLines<TraceLine>(readFileSync(tracePath, 'utf8'));
  rmSync(work, { recursive: true, force: true });
  return { records, trace, ms };
}

/** runJedi, or its earlier result for the same folder name and mode kept in `cache`. */
async function cachedJedi(dir: string, cache: string | undefined, opts: { python?: string; fast?: boolean }): Promise<JediRun> {
  if (!cache) return runJedi(dir, opts);
  const file = join(cache, `${baseName(dir)}${opts.fast ? '.fast' : ''}.jedi.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as JediRun;
  const run = await runJedi(dir, opts);
  mkdirSync(cache, { recursive: true });
  writeFileSync(file, JSON.stringify(run));
  return run;
}

function baseName(dir: string): string {
  return (
    dir
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? 'repo'
  );
}

function parseLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const targetKey = (file: string, line: number) => `${file}:${line}`;

export interface Disagreement {
  /** 'jedi only': an edge we miss; 'ours only': an edge Jedi does not make. */
  side: 'jedi only' | 'ours only' | 'target only in jedi' | 'target only in ours';
  /** How the call is written (see callShape). */
  shape: string;
  target: string;
  dependency: string;
  /** The call site(s) behind the edge: `file:line callee`. */
  calls: string[];
  /** For an edge only we make: what Jedi's goto returned at that call site. */
  jediSaw?: string;
}

export interface Comparison {
  targets: number;
  exact: number;
  ourEdges: number;
  jediEdges: number;
  commonEdges: number;
  disagreements: Disagreement[];
}

/** Compares our records with Jedi's, over the union of targets. */
export function compareRecords(ours: DependencyRecord[], jedi: JediRun, index: RepoIndex): Comparison {
  const oursBy = new Map(ours.map((r) => [targetKey(r.target_function_file, r.target_function_line_start), r]));
  const jediBy = new Map(jedi.records.map((r) => [targetKey(r.target_function_file, r.target_function_line_start), r]));
  const keys = new Set([...oursBy.keys(), ...jediBy.keys()]);
  const callsAt = new Map<string, CallSite>();
  for (const c of index.calls) callsAt.set(`${c.file}:${c.line}:${c.column}`, c);
  const traceAt = new Map<string, TraceLine>();
  const traceByTarget = new Map<string, TraceLine[]>();
  for (const t of jedi.trace) {
    traceAt.set(`${t.file}:${t.line}:${t.column}`, t);
    const k = targetKey(t.file, t.target_line);
    const list = traceByTarget.get(k);
    if (list) list.push(t);
    else traceByTarget.set(k, [t]);
  }
  const defsByKey = new Map(index.definitions.map((d) => [targetKey(d.file, d.lineStart), d]));

  let exact = 0;
  let ourEdges = 0;
  let jediEdges = 0;
  let commonEdges = 0;
  const disagreements: Disagreement[] = [];
  for (const key of keys) {
    const o = oursBy.get(key);
    const j = jediBy.get(key);
    const oDeps = new Set((o?.dependencies ?? []).map((d) => targetKey(d.file_path, d.line_start)));
    const jDeps = new Set((j?.dependencies ?? []).map((d) => targetKey(d.file_path, d.line_start)));
    ourEdges += oDeps.size;
    jediEdges += jDeps.size;
    let same = !!o && !!j && oDeps.size === jDeps.size;
    for (const d of oDeps) {
      if (jDeps.has(d)) commonEdges++;
      else same = false;
    }
    if (same) {
      exact++;
      continue;
    }
    const target = `${key} ${(o ?? j)!.target_function_name}`;
    if (!o || !j) {
      disagreements.push({ side: o ? 'target only in ours' : 'target only in jedi', shape: '-', target, dependency: '-', calls: [] });
      continue;
    }
    const targetDef = defsByKey.get(key);
    for (const d of jDeps) {
      if (oDeps.has(d)) continue;
      const sites = (traceByTarget.get(key) ?? []).filter((t) => t.accepted && targetKey(t.accepted[0], t.accepted[1]) === d);
      const calls = sites.map((t) => callsAt.get(`${t.file}:${t.line}:${t.column}`));
      // goto returned several repo definitions: the builder kept whichever came first in a set's order.
      const coinToss = sites.some((t) => new Set(t.landed.filter((l) => l[3]).map((l) => targetKey(l[3]![0], l[3]![1]))).size > 1);
      disagreements.push({
        side: 'jedi only',
        shape: coinToss ? 'jedi picked one of several' : calls[0] ? callShape(calls[0]) : 'unknown',
        target,
        dependency: `${d} ${defsByKey.get(d)?.name ?? '?'}`,
        calls: sites.map((t, i) => `${t.file}:${t.line + 1} ${calls[i]?.callee ?? t.name}`),
      });
    }
    for (const d of oDeps) {
      if (jDeps.has(d)) continue;
      const dep = defsByKey.get(d);
      // Our call sites inside the target that name the dependency (its final name).
      const sites = index.calls.filter(
        (c) => c.name === dep?.name && targetDef && c.file === targetDef.file && c.line >= targetDef.decoratorLine && c.line <= targetDef.lineEnd,
      );
      const seen = sites.map((c) => traceAt.get(`${c.file}:${c.line}:${c.column}`));
      disagreements.push({
        side: 'ours only',
        shape: sites[0] ? callShape(sites[0]) : 'unknown',
        target,
        dependency: `${d} ${dep?.name ?? '?'}`,
        calls: sites.map((c) => `${c.file}:${c.line + 1} ${c.callee}`),
        jediSaw: seen
          .map((t) => (!t ? 'not asked' : t.landed.length ? t.landed.map(([p, l, n]) => `${n}@${shortPath(p)}:${l}`).join(' | ') : 'nothing'))
          .join('; '),
      });
    }
  }
  return { targets: keys.size, exact, ourEdges, jediEdges, commonEdges, disagreements };
}

function shortPath(p: string | null): string {
  if (!p) return '?';
  const i = p.indexOf('/python3.11/');
  return i >= 0 ? `<stdlib>/${p.slice(i + 12)}` : p;
}

/** A coarse class of how the callee is written: the call forms the reference measures (tasks §2). */
export function callShape(c: CallSite): string {
  const callee = c.callee.replace(/\s+/g, '');
  if (c.form === 'name') return 'f()';
  if (/^(self|cls)\.[A-Za-z_]\w*$/.test(callee)) return 'self.m() / cls.m()';
  if (/^super\(\)\./.test(callee)) return 'super().m()';
  if (/^(self|cls)\.[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(callee)) return 'self.x.m()';
  if (/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(callee)) return 'x.m()';
  if (/^[A-Za-z_][\w.]*$/.test(callee)) return 'a.b.m()';
  return 'expr.m()';
}

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a';
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      python: { type: 'string' },
      fast: { type: 'boolean' },
      cache: { type: 'string' },
      examples: { type: 'string' },
    },
  });
  if (!positionals.length) {
    console.error('usage: npx tsx scripts/compare-jedi.ts DIR [DIR ...] [--python /usr/bin/python3] [--fast] [--cache FOLDER] [--examples 5]');
    return 2;
  }
  const examples = Number(values.examples ?? 5);
  await loadTreeSitterNode(['python']); // loaded once, outside the timed part
  const rows: string[][] = [];
  for (const dir of positionals) {
    const started = performance.now();
    const index = await indexDirectory(dir);
    const ours = dependencySets(index, { minDeps: 0, maxDeps: UNBOUNDED });
    const oursMs = performance.now() - started;
    const jedi = await cachedJedi(resolve(dir), values.cache, { python: values.python, fast: values.fast });
    const cmp = compareRecords(ours, jedi, index);
    if (values.cache) writeFileSync(join(values.cache, `${baseName(dir)}.disagreements.json`), JSON.stringify(cmp.disagreements, null, 1));
    console.log(`\n## ${dir}: ${index.stats.files} files, ${index.stats.lines} lines, ${index.stats.callSites} call sites`);
    console.log(`targets (either side)   ${cmp.targets}`);
    console.log(`exact-set agreement     ${cmp.exact} (${pct(cmp.exact, cmp.targets)})`);
    console.log(`edges ours / jedi / both ${cmp.ourEdges} / ${cmp.jediEdges} / ${cmp.commonEdges}`);
    console.log(`edge precision          ${pct(cmp.commonEdges, cmp.ourEdges)}`);
    console.log(`edge recall             ${pct(cmp.commonEdges, cmp.jediEdges)}`);
    console.log(`time ours / jedi        ${oursMs.toFixed(0)} ms / ${jedi.ms.toFixed(0)} ms (${(jedi.ms / oursMs).toFixed(0)}x)`);
    const groups = new Map<string, Disagreement[]>();
    for (const d of cmp.disagreements) {
      const k = `${d.side} | ${d.shape}`;
      const list = groups.get(k);
      if (list) list.push(d);
      else groups.set(k, [d]);
    }
    for (const [k, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`\n  ${k}: ${list.length}`);
      for (const d of list.slice(0, examples)) {
        console.log(`    ${d.target} -> ${d.dependency}`);
        for (const c of d.calls.slice(0, 3)) console.log(`        at ${c}`);
        if (d.jediSaw !== undefined) console.log(`        jedi: ${d.jediSaw}`);
      }
    }
    rows.push([
      dir,
      String(cmp.targets),
      pct(cmp.exact, cmp.targets),
      pct(cmp.commonEdges, cmp.ourEdges),
      pct(cmp.commonEdges, cmp.jediEdges),
      `${oursMs.toFixed(0)} ms`,
      `${(jedi.ms / 1000).toFixed(1)} s`,
    ]);
  }
  console.log('\n| code base | targets | exact sets | precision | recall | ours | jedi |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('compare-jedi.ts')) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      console.error(`compare-jedi: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
