/**
 * The agent benchmark (issue 5): on the embedded samples, the wall time of one baseline episode per task (reset,
 * every tool call through the registry, scoring with both verdicts, the OpenHands record), and the baseline's
 * success rates, per sample and per task, with 20 generated instances per task per sample (seed 1). The rates
 * are what the README reports; test/core/agents/baseline.test.ts asserts floors under them.
 *
 *   npx tsx bench/agents.ts [--n=20] [--samples=json,http]     standalone
 *   agentsBench                                                 the BenchSection for bench/run.ts
 */
import { performance } from 'node:perf_hooks';
import { BaselineAgent } from '../src/core/agents/baseline/baseline-agent';
import { playEpisode } from '../src/core/agents/play-episode';
import { buildIndex } from '../src/core/index/build';
import { scoreSucceeded } from '../src/core/scoring/score';
import { generateDepSearch } from '../src/core/tasks/dep-search/generate';
import { generateFuncLocalize } from '../src/core/tasks/func-localize/generate';
import type { TaskInstance } from '../src/core/tasks/instance-types';
import { contentFingerprint } from '../src/core/tasks/repo-meta';
import { loadSampleFiles, PYTHON_SAMPLES } from '../src/node/sample-repos';
import { loadTreeSitterNode } from '../src/node/wasm';
import { median, option, printTable, type BenchSection } from './section';

const TASKS = ['localize', 'masked', 'deps'] as const;
type Task = (typeof TASKS)[number];

export interface AgentBenchRow {
  sample: string;
  task: Task;
  episodes: number;
  reference: number;
  strict: number;
  meanSteps: number;
  medianMs: number;
}

export async function measureBaseline(samples: readonly string[], n: number): Promise<AgentBenchRow[]> {
  const ts = await loadTreeSitterNode(['python']);
  const rows: AgentBenchRow[] = [];
  for (const sample of samples) {
    const { repo, files } = await loadSampleFiles(sample);
    const index = await buildIndex(files, ts);
    const meta = { repo, baseCommit: contentFingerprint(files) };
    const sets: Record<Task, TaskInstance[]> = {
      localize: generateFuncLocalize(index, meta, { n, seed: 1 }),
      masked: generateFuncLocalize(index, meta, { n, seed: 1, mode: 'masked' }),
      deps: generateDepSearch(index, meta, { n, seed: 1 }),
    };
    for (const task of TASKS) {
      const times: number[] = [];
      let reference = 0;
      let strict = 0;
      let steps = 0;
      for (const inst of sets[task]) {
        const t0 = performance.now();
        const p = await playEpisode(new BaselineAgent(), inst, { files, treeSitter: ts });
        times.push(performance.now() - t0);
        steps += p.result.steps;
        if (p.score && scoreSucceeded(p.score)) reference++;
        if (p.score && scoreSucceeded(p.score, 'strict')) strict++;
      }
      const k = sets[task].length;
      rows.push({ sample, task, episodes: k, reference, strict, meanSteps: k ? steps / k : 0, medianMs: k ? median(times) : 0 });
    }
  }
  return rows;
}

const pct = (a: number, b: number) => (b ? `${a}/${b} (${Math.round((100 * a) / b)}%)` : '-');

async function runAgentsBench(options: string[]): Promise<void> {
  const n = Number(option(options, 'n') ?? 20);
  const samples = option(options, 'samples')?.split(',') ?? [...PYTHON_SAMPLES];
  const rows = await measureBaseline(samples, n);
  printTable([
    ['sample', 'task', 'reference', 'strict', 'steps', 'ms/episode'],
    ...rows.map((r) => [r.sample, r.task, pct(r.reference, r.episodes), pct(r.strict, r.episodes), r.meanSteps.toFixed(1), r.medianMs.toFixed(1)]),
  ]);
  console.log('');
  printTable([
    ['task (all samples)', 'reference', 'strict', 'ms/episode (median of samples)'],
    ...TASKS.map((task) => {
      const rs = rows.filter((r) => r.task === task);
      const sum = (f: (r: AgentBenchRow) => number) => rs.reduce((a, r) => a + f(r), 0);
      return [
        task,
        pct(
          sum((r) => r.reference),
          sum((r) => r.episodes),
        ),
        pct(
          sum((r) => r.strict),
          sum((r) => r.episodes),
        ),
        median(rs.map((r) => r.medianMs)).toFixed(1),
      ];
    }),
  ]);
}

export const agentsBench: BenchSection = {
  name: 'agents',
  title: 'Baseline agent: time per episode and success rates per task on the embedded samples',
  run: runAgentsBench,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(agentsBench.title);
  await runAgentsBench(process.argv.slice(2));
}
