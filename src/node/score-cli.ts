import { existsSync, readFileSync, statSync } from 'node:fs';
import { readEpisodeResultsJsonl, stepsFromHistory } from '../core/formats/episode-record';
import { readInstancesJsonl } from '../core/formats/instances-jsonl';
import { scoreEpisode, type EpisodeScore } from '../core/scoring/score';
import { taskRegistry, type TaskRegistry } from '../core/tasks/registry';
import { StartStateCache, type StrictContext } from '../core/scoring/workspace-patch';
import { normalizeRepoPath } from '../core/repo/paths';
import { instanceLanguages, readRepoFolder } from './repo-folder';
import { loadTreeSitterNode } from './wasm';

export interface ScoreCliOptions {
  instances: string;
  results: string;
  format: 'table' | 'jsonl';
  /** The original repo (at the instances' commit): needed for the strict verdict. */
  repo?: string;
  /** The task kinds (the app's by default). */
  registry?: TaskRegistry;
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

/**
 * The repo's files as every command reads a folder (src/node/repo-folder.ts: no link followed, the page's limits),
 * by their repo path. A folder with nothing readable leaves every file missing, so no patch passes the strict check.
 */
async function repoReader(root: string, warn: (line: string) => void): Promise<(path: string) => string | undefined> {
  let texts = new Map<string, string>();
  try {
    texts = new Map((await readRepoFolder(root, warn)).repo.files.map((f) => [f.path, f.text]));
  } catch (err) {
    warn(`--repo ${root}: ${(err as Error).message}`);
  }
  return (path) => {
    const rel = normalizeRepoPath(path);
    return rel.ok ? texts.get(rel.value) : undefined;
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
  const registry = opts.registry ?? taskRegistry;
  const inst = readInstancesJsonl(readText(opts.instances, 'instances'), registry);
  for (const p of inst.problems) warn(`${opts.instances}:${p.line}: ${p.message}`);
  const res = readEpisodeResultsJsonl(readText(opts.results, 'results'));
  for (const p of res.problems) warn(`${opts.results}:${p.line}: ${p.message}`);
  const byId = new Map(inst.instances.map((i) => [i.instance_id, i]));

  let strict: StrictContext | null = null;
  if (opts.repo) {
    if (!existsSync(opts.repo) || !statSync(opts.repo).isDirectory()) throw new Error(`--repo ${opts.repo} is not a folder`);
    // Results on one repo share start-state files: parse each once for the whole run.
    strict = {
      readFile: await repoReader(opts.repo, warn),
      ts: await loadTreeSitterNode(instanceLanguages(inst.instances, registry)),
      cache: new StartStateCache(),
    };
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
      const s = scoreEpisode(instance, record, { strict, steps: stepsFromHistory(record.history), registry });
      scores.push(s);
      lines.push({ instance_id: record.instance_id, reference: s.reference, strict: s.strict, metrics: s.metrics });
    } catch (err) {
      warn(`${opts.results}:${line}: ${(err as Error).message}`);
      lines.push({ instance_id: record.instance_id, reference: null, strict: null, metrics: null, error: (err as Error).message });
    }
  }
  strict?.cache?.dispose();
  if (opts.format === 'jsonl') for (const l of lines) write(JSON.stringify(l));
  else for (const l of scoreTable(lines, scores, registry)) write(l);
  return lines;
}

function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
}

/** A line's cells: its verdicts as its task spec writes them. */
function verdictCells(s: ScoreLine, task: string | undefined, registry: TaskRegistry): string[] {
  const spec = task === undefined ? undefined : registry.find(task);
  if (!s.reference || !spec) return [s.instance_id, `error: ${s.error ?? ''}`, '', ''];
  return [s.instance_id, spec.text.reference(s.reference), s.strict ? spec.text.strict(s.strict) : '-', String(s.metrics?.steps ?? 0)];
}

/** Per-instance verdicts, then a summary per task (the figures the authors' scripts print). */
export function scoreTable(lines: ScoreLine[], scores: EpisodeScore[], registry: TaskRegistry = taskRegistry): string[] {
  const taskOfLine = new Map(scores.map((s) => [s.instance_id, s.task]));
  const out = columns([['instance', 'reference', 'strict', 'steps'], ...lines.map((l) => verdictCells(l, taskOfLine.get(l.instance_id), registry))]);
  for (const spec of registry.all()) {
    const mine = scores.filter((s) => s.task === spec.kind);
    if (!mine.length) continue;
    const t = spec.text.summary(spec.summarize(mine));
    out.push('', t.heading);
    out.push(...columns(t.rows).map((l) => `  ${l}`));
    if (t.table) {
      out.push(`  ${t.table.heading}`);
      out.push(...columns(t.table.rows).map((l) => `    ${l}`));
    }
  }
  return out;
}
