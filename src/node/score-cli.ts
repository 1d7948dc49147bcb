import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { readEpisodeResultsJsonl, stepsFromHistory } from '../core/formats/episode-record';
import { readInstancesJsonl } from '../core/formats/instances-jsonl';
import type { DependencyReferenceVerdict } from '../core/scoring/reference-dep';
import type { LocalizationReferenceVerdict } from '../core/scoring/reference-localize';
import { scoreEpisode, type EpisodeScore } from '../core/scoring/score';
import type { StrictDependencyVerdict } from '../core/scoring/strict-dep';
import type { StrictLocalizationVerdict } from '../core/scoring/strict-localize';
import { summarizeDependency, summarizeLocalization, type CountRate } from '../core/scoring/summary';
import { StartStateCache, type StrictContext } from '../core/scoring/workspace-patch';
import { loadTreeSitterNode } from './wasm';

export interface ScoreCliOptions {
  instances: string;
  results: string;
  format: 'table' | 'jsonl';
  /** The original repo (at the instances' commit): needed for the strict verdict. */
  repo?: string;
}

/** One output line of `--format jsonl`. */
export interface ScoreLine {
  instance_id: string;
  reference: EpisodeScore['reference'] | null;
  strict: EpisodeScore['strict'];
  metrics: EpisodeScore['metrics'] | null;
  error?: string;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

/** No segment of `rel` under `base` is a symbolic link: the repo loaders never follow one, and nor does scoring. */
function linkFree(base: string, rel: string): boolean {
  let at = base;
  for (const segment of rel.split(sep)) {
    at = join(at, segment);
    if (lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink() !== false) return false;
  }
  return true;
}

/** A reader of repo files that refuses paths leaving the repo, through `..` or through a symbolic link. */
function repoReader(root: string): (path: string) => string | undefined {
  const base = resolve(root);
  const cache = new Map<string, string | undefined>();
  return (path) => {
    if (cache.has(path)) return cache.get(path);
    const rel = normalize(path);
    let text: string | undefined;
    if (!isAbsolute(rel) && !rel.startsWith('..')) {
      const full = join(base, rel);
      text = existsSync(full) && linkFree(base, rel) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
    }
    cache.set(path, text);
    return text;
  };
}

/**
 * `hgym score`: scores every line of the results file against its instance, in the results' order. Problems with
 * the input (bad lines, unknown instance ids, no --repo for strict) go to `warn`; the verdicts to `write`.
 */
export async function runScore(
  opts: ScoreCliOptions,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<ScoreLine[]> {
  const inst = readInstancesJsonl(readText(opts.instances, 'instances'));
  for (const p of inst.problems) warn(`${opts.instances}:${p.line}: ${p.message}`);
  const res = readEpisodeResultsJsonl(readText(opts.results, 'results'));
  for (const p of res.problems) warn(`${opts.results}:${p.line}: ${p.message}`);
  const byId = new Map(inst.instances.map((i) => [i.instance_id as string, i]));

  let strict: StrictContext | null = null;
  if (opts.repo) {
    if (!existsSync(opts.repo) || !statSync(opts.repo).isDirectory()) throw new Error(`--repo ${opts.repo} is not a folder`);
    // Results on one repo share start-state files: parse each once for the whole run.
    strict = { readFile: repoReader(opts.repo), ts: await loadTreeSitterNode(['python']), cache: new StartStateCache() };
  } else warn('no --repo given: the strict verdict (which applies each patch to the repo and parses it) is null');

  const lines: ScoreLine[] = [];
  const scores: EpisodeScore[] = [];
  for (const { line, record } of res.records) {
    const instance = byId.get(record.instance_id);
    if (!instance) {
      warn(`${opts.results}:${line}: instance ${record.instance_id} is not in ${opts.instances}`);
      lines.push({ instance_id: record.instance_id, reference: null, strict: null, metrics: null, error: 'instance not found' });
      continue;
    }
    try {
      const s = scoreEpisode(instance, record, { strict, steps: stepsFromHistory(record.history) });
      scores.push(s);
      lines.push({ instance_id: record.instance_id, reference: s.reference, strict: s.strict, metrics: s.metrics });
    } catch (err) {
      warn(`${opts.results}:${line}: ${(err as Error).message}`);
      lines.push({ instance_id: record.instance_id, reference: null, strict: null, metrics: null, error: (err as Error).message });
    }
  }
  strict?.cache?.dispose();
  if (opts.format === 'jsonl') for (const l of lines) write(JSON.stringify(l));
  else for (const l of scoreTable(lines, scores)) write(l);
  return lines;
}

const yes = (b: boolean | undefined) => (b === undefined ? '-' : b ? 'yes' : 'no');
const pct = (r: CountRate) => `${r.count}/${r.of} (${(100 * r.rate).toFixed(1)}%)`;
const f3 = (x: number) => x.toFixed(3);

function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
}

function verdictCells(s: ScoreLine): string[] {
  if (!s.reference) return [s.instance_id, `error: ${s.error ?? ''}`, '', ''];
  if ('success' in s.reference) {
    const r = s.reference as LocalizationReferenceVerdict;
    const st = s.strict as StrictLocalizationVerdict | null;
    return [s.instance_id, `success=${yes(r.success)} edited=${yes(r.target_docstring_edited)} comments_only=${yes(r.comments_only)}`, st ? `success=${yes(st.success)}${st.problems.length ? ` (${st.problems[0]})` : ''}` : '-', String(s.metrics?.steps ?? 0)];
  }
  const r = s.reference as DependencyReferenceVerdict;
  const st = s.strict as StrictDependencyVerdict | null;
  return [
    s.instance_id,
    `full=${yes(r.full_success)} tp=${r.true_positives} fn=${r.false_negatives} fp=${r.false_positives} dup=${r.duplicates} f1=${f3(r.f1)} comments_only=${yes(r.comments_only)}`,
    st ? `full=${yes(st.full_success)} tp=${st.true_positives} fp=${st.false_positives} dup=${st.duplicates} misplaced=${st.misplaced}` : '-',
    String(s.metrics?.steps ?? 0),
  ];
}

/** Per-instance verdicts, then a summary per task (the figures the authors' scripts print). */
export function scoreTable(lines: ScoreLine[], scores: EpisodeScore[]): string[] {
  const out = columns([['instance', 'reference', 'strict', 'steps'], ...lines.map(verdictCells)]);
  const fl = scores.filter((s) => s.task === 'func-localize');
  const ds = scores.filter((s) => s.task === 'dep-search');
  if (fl.length) {
    const s = summarizeLocalization(fl);
    out.push('', `function localization: ${s.instances} episodes`);
    out.push(
      ...columns([
        ['success', pct(s.success)],
        ['target docstring edited', pct(s.target_docstring_edited)],
        ['comments only', pct(s.comments_only)],
        ['strict success', s.strict ? pct(s.strict.success) : 'n/a (no --repo)'],
        ['mean steps', s.mean_steps.toFixed(1)],
      ]).map((l) => `  ${l}`),
    );
  }
  if (ds.length) {
    const s = summarizeDependency(ds);
    out.push('', `dependency search: ${s.instances} episodes`);
    out.push(
      ...columns([
        ['full success', pct(s.full_success)],
        ['comments only', pct(s.comments_only)],
        ['micro P / R / F1', `${f3(s.micro.precision)} / ${f3(s.micro.recall)} / ${f3(s.micro.f1)}`],
        ['macro P / R / F1', `${f3(s.macro.precision)} / ${f3(s.macro.recall)} / ${f3(s.macro.f1)}`],
        ['TP / FN / FP / dup', `${s.micro.true_positives} / ${s.micro.false_negatives} / ${s.micro.false_positives} / ${s.micro.duplicates}`],
        ['strict full success', s.strict ? pct(s.strict.full_success) : 'n/a (no --repo)'],
        ['strict micro F1', s.strict ? `${f3(s.strict.micro.f1)} (${s.strict.misplaced} misplaced)` : 'n/a'],
        ['mean steps', s.mean_steps.toFixed(1)],
      ]).map((l) => `  ${l}`),
    );
    out.push('  by number of dependencies:');
    out.push(
      ...columns([
        ['deps', 'episodes', 'full success', 'P', 'R', 'F1'],
        ...Object.entries(s.by_num_dependencies).map(([k, g]) => [k, String(g.instances), pct(g.full_success), f3(g.precision), f3(g.recall), f3(g.f1)]),
      ]).map((l) => `    ${l}`),
    );
  }
  return out;
}
