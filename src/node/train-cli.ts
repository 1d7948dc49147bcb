import { readFileSync, writeFileSync } from 'node:fs';
import { systemPrompt } from '../core/agents/prompts';
import { ToolRegistry } from '../core/episode/tools/registry';
import { readEpisodeResultsJsonl, stepsFromHistory } from '../core/formats/episode-record';
import { readInstancesJsonl } from '../core/formats/instances-jsonl';
import { toJsonl } from '../core/formats/jsonl';
import { trainingConversation, type TrainingConversation } from '../core/formats/training';
import { scoreEpisode, scoreSucceeded } from '../core/scoring/score';
import { taskRegistry, type TaskRegistry } from '../core/tasks/registry';

export interface TrainCliOptions {
  instances: string;
  results: string;
  /** Keep every episode, not only the successful ones (the authors keep successes only). */
  all: boolean;
  out?: string;
  maxSteps: number;
  /** The task kinds (the app's by default). */
  registry?: TaskRegistry;
}

/**
 * `hgym train-data`: episode results -> the multi-turn chat conversations the authors fine-tune on (system with the
 * tool list, the instruction, then one assistant tool call and one execution result per step), for the episodes the
 * authors' reference verdict counts as successes. One JSON object per line: `instance_id` and `messages`.
 */
export function runTrainData(opts: TrainCliOptions, warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): TrainingConversation[] {
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
  };
  const inst = readInstancesJsonl(read(opts.instances, 'instances'), opts.registry);
  for (const p of inst.problems) warn(`${opts.instances}:${p.line}: ${p.message}`);
  const res = readEpisodeResultsJsonl(read(opts.results, 'results'));
  for (const p of res.problems) warn(`${opts.results}:${p.line}: ${p.message}`);
  const byId = new Map(inst.instances.map((i) => [i.instance_id as string, i]));
  const registry = opts.registry ?? taskRegistry;
  const tools = new ToolRegistry().functionSpecs();
  const out: (TrainingConversation & { instance_id: string })[] = [];
  let skipped = 0;
  for (const { line, record } of res.records) {
    const instance = byId.get(record.instance_id);
    if (!instance) {
      warn(`${opts.results}:${line}: instance ${record.instance_id} is not in ${opts.instances}`);
      continue;
    }
    const steps = stepsFromHistory(record.history);
    if (!opts.all && !scoreSucceeded(scoreEpisode(instance, record, { steps, registry }), 'reference', registry)) {
      skipped++;
      continue;
    }
    out.push({
      instance_id: record.instance_id,
      ...trainingConversation({ systemPrompt: systemPrompt({ maxSteps: opts.maxSteps }), instruction: record.instruction, tools, steps }),
    });
  }
  const text = toJsonl(out);
  if (opts.out) writeFileSync(opts.out, text);
  else process.stdout.write(text);
  warn(
    `${out.length} conversation${out.length === 1 ? '' : 's'} written${opts.all ? '' : `, ${skipped} unsuccessful episode${skipped === 1 ? '' : 's'} left out`}`,
  );
  return out;
}
