import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ActionFormat } from '../core/agents/llm-agent';
import { createAgent, type AgentId } from '../core/agents/providers';
import { playEpisode } from '../core/agents/play-episode';
import type { Agent } from '../core/agents/types';
import { terminalSafe } from '../core/display/terminal-text';
import { readEpisodeResultsJsonl } from '../core/formats/episode-record';
import { readInstancesJsonl } from '../core/formats/instances-jsonl';
import { toJsonl } from '../core/formats/jsonl';
import { withoutSecrets } from '../core/formats/secrets';
import { buildIndex } from '../core/index/build';
import { baseUrlProblem, displayUrl, redactSecret, type LlmEndpoint } from '../core/llm/openai-client';
import { scoreSucceeded } from '../core/scoring/score';
import type { TaskKind } from '../core/tasks/instance-types';
import { taskRegistry, type TaskRegistry } from '../core/tasks/registry';
import type { InstanceBase } from '../core/tasks/spec';
import type { RepoFile } from '../core/repo/types';
import { warnTooDeep } from './deps-cli';
import { generatorInput, instanceLanguages, languageList, readRepoFolder, sourceFiles } from './repo-folder';
import { nodeIndexPool } from './index-pool';
import { loadTreeSitterNode } from './wasm';

/**
 * `hgym run DIR`: plays many episodes with an agent and appends one OpenHands-shaped line per finished episode to
 * --out, so `hgym score` and the authors' scripts read it. Resumable: instance ids already in --out are skipped,
 * and a stopped run (Ctrl-C) writes nothing for the episodes it cut short.
 */

export interface RunCliOptions {
  dir: string;
  instances?: string;
  /** Generate the instances: the spec's options (`optionsFromFlags`, with `n` and `seed`). */
  generate?: { task: TaskKind; options: Record<string, unknown>; repoName?: string };
  agent: AgentId;
  llm?: { baseUrl: string; model: string; apiKey?: string; actionFormat: ActionFormat; timeoutMs?: number };
  concurrency: number;
  out: string;
  /** Default: each instance's spec's step limit. */
  maxSteps?: number;
  signal?: AbortSignal;
  /** The task kinds (the app's by default). */
  registry?: TaskRegistry;
}

export interface RunSummary {
  total: number;
  skipped: number;
  played: number;
  /** Played episodes that ran to an end (submitted or at the step limit), not stopped by an error. */
  ended: number;
  succeeded: number;
  errors: number;
}

async function loadInstances(o: RunCliOptions, files: RepoFile[], log: (l: string) => void): Promise<InstanceBase[]> {
  const registry = o.registry ?? taskRegistry;
  if (o.instances) {
    const { instances, problems } = readInstancesJsonl(readFileSync(o.instances, 'utf8'), registry);
    for (const p of problems) log(`${o.instances}:${p.line}: ${p.message}`);
    return instances;
  }
  const g = o.generate!;
  const spec = registry.get(g.task);
  // The same repo name and commit as `hgym generate` gives the same folder, so ids match across the two commands.
  const { code, meta } = generatorInput(o.dir, files, spec, g.repoName);
  const index = await buildIndex(code, await loadTreeSitterNode(spec.languages), { pool: nodeIndexPool() });
  warnTooDeep(index, log);
  return spec.generate(index, meta, g.options);
}

function makeAgent(o: RunCliOptions): Agent {
  const l = o.llm;
  const endpoint: LlmEndpoint | undefined = l && { baseUrl: l.baseUrl, model: l.model, ...(l.apiKey ? { apiKey: l.apiKey } : {}) };
  const made = createAgent(o.agent, {
    ...(endpoint ? { endpoint } : {}),
    ...(l?.actionFormat ? { actionFormat: l.actionFormat } : {}),
    ...(l?.timeoutMs !== undefined ? { timeoutMs: l.timeoutMs } : {}),
  });
  if (!made.ok) throw new Error(made.error);
  return made.agent;
}

function doneIds(out: string, log: (l: string) => void): Set<string> {
  if (!existsSync(out)) return new Set();
  const { records, problems } = readEpisodeResultsJsonl(readFileSync(out, 'utf8'));
  for (const p of problems) log(`${out}:${p.line}: ${p.message} (this line is ignored; its episode runs again)`);
  return new Set(records.map((r) => r.record.instance_id));
}

export async function runEpisodes(o: RunCliOptions, log: (line: string) => void = (l) => process.stderr.write(`${terminalSafe(l)}\n`)): Promise<RunSummary> {
  const key = o.llm?.apiKey;
  const safe = (s: string) => redactSecret(s, key);
  const urlProblem = o.llm ? baseUrlProblem(o.llm.baseUrl) : null;
  if (urlProblem) throw new Error(`--base-url ${urlProblem}`);
  const { files } = await readRepoFolder(o.dir, log);
  const instances = await loadInstances(o, files, log);
  const languages = instanceLanguages(instances, o.registry ?? taskRegistry);
  if (instances.length && !sourceFiles(files, languages).length)
    throw new Error(`${o.dir} holds no ${languageList(languages)} files: the instances are on ${languageList(languages)} code`);
  const done = doneIds(o.out, log);
  const todo = instances.filter((i) => !done.has(i.instance_id));
  const summary: RunSummary = { total: instances.length, skipped: instances.length - todo.length, played: 0, ended: 0, succeeded: 0, errors: 0 };
  if (summary.skipped) log(`${summary.skipped} of ${instances.length} instances are already in ${o.out}: skipped`);
  const ts = await loadTreeSitterNode(languages);
  const agentName = o.llm ? `${o.llm.model} at ${displayUrl(o.llm.baseUrl)}` : o.agent;
  const tty = process.stderr.isTTY === true;
  const progress = (last: string) => {
    const rate = summary.played ? Math.round((100 * summary.succeeded) / summary.played) : 0;
    const line = `[${summary.played + summary.skipped}/${summary.total}] ${agentName}: ${summary.succeeded}/${summary.played} succeeded (${rate}%), ${summary.errors} errors | ${last}`;
    if (tty) process.stderr.write(`\r\x1b[K${terminalSafe(line).slice(0, (process.stderr.columns ?? 120) - 1)}`);
    else log(line);
  };

  let next = 0;
  const worker = async () => {
    while (next < todo.length && !o.signal?.aborted) {
      const instance = todo[next++]!;
      const id = instance.instance_id;
      try {
        const played = await playEpisode(makeAgent(o), instance, {
          files,
          treeSitter: ts,
          ...(o.maxSteps !== undefined ? { episodeMaxSteps: o.maxSteps } : {}),
          ...(o.registry ? { registry: o.registry } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
          metadata: { agent_config: o.llm ? { agent: o.agent, model: o.llm.model, base_url: displayUrl(o.llm.baseUrl) } : { agent: o.agent } },
        });
        if (played.result.reason === 'aborted') continue; // not written: a resumed run plays it again
        const record = withoutSecrets(played.record);
        if (record.error) record.error = safe(record.error);
        appendFileSync(o.out, toJsonl([record]));
        summary.played++;
        if (played.result.reason === 'error') summary.errors++;
        else summary.ended++;
        if (played.score && scoreSucceeded(played.score, 'reference', o.registry)) summary.succeeded++;
        progress(`${id}: ${played.result.reason}, ${played.result.steps} steps${played.result.error ? `, ${safe(played.result.error)}` : ''}`);
      } catch (err) {
        summary.errors++;
        log(`${id}: ${safe((err as Error).message ?? String(err))}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, todo.length)) }, worker));
  if (tty && summary.played) process.stderr.write('\n');
  log(
    `${summary.played} episodes played, ${summary.succeeded} succeeded (reference verdict), ${summary.errors} errors, ${summary.skipped} skipped; results in ${o.out}`,
  );
  if (todo.length && !summary.ended && !o.signal?.aborted) log(`No episode ran to an end: every one stopped on an error (see above).`);
  return summary;
}

/** The exit code of `hgym run`: 130 when stopped, 1 when episodes were to be played and none ran to an end or some are missing. */
export function runExitCode(s: RunSummary, aborted: boolean): number {
  if (aborted) return 130;
  if (s.total > s.skipped && s.ended === 0) return 1;
  return s.played + s.skipped === s.total ? 0 : 1;
}
