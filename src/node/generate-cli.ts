import { writeFileSync } from 'node:fs';
import { buildIndex } from '../core/index/build';
import { writeInstancesJsonl } from '../core/formats/instances-jsonl';
import type { LlmEndpoint } from '../core/llm/openai-client';
import { memoryDescriptionCache } from '../core/tasks/describe-llm';
import type { TaskKind } from '../core/tasks/instance-types';
import { taskRegistry, type TaskRegistry } from '../core/tasks/registry';
import type { InstanceBase } from '../core/tasks/spec';
import { fileDescriptionCache } from './description-cache';
import { warnTooDeep } from './deps-cli';
import { generatorInput, readRepoFolder } from './repo-folder';
import { nodeIndexPool } from './index-pool';
import { loadTreeSitterNode } from './wasm';

export interface GenerateCliOptions {
  task: TaskKind;
  /** `owner/name` for the instances' `repo` field; default `local/<folder name>`. */
  repoName?: string;
  /** Instances JSONL goes here; stdout when absent. */
  out?: string;
  /** The spec's generator options (`optionsFromFlags`); the rest are its defaults. */
  options?: Record<string, unknown>;
  /** Write the descriptions with an LLM (for specs with a `describeWithLlm` step). */
  llm?: { endpoint: LlmEndpoint; cacheFile?: string };
  /** The task kinds (the app's by default). */
  registry?: TaskRegistry;
}

/**
 * `hgym generate DIR`: index the folder, generate instances (seeded: same folder + options, same bytes), and write
 * them as JSONL. Returns how many were written; progress and counts go to `log` (stderr), never into the JSONL.
 */
export async function runGenerate(
  dir: string,
  opts: GenerateCliOptions,
  write: (text: string) => void = (t) => process.stdout.write(t),
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const spec = (opts.registry ?? taskRegistry).get(opts.task);
  const { files } = await readRepoFolder(dir, log);
  const { code, meta } = generatorInput(dir, files, spec, opts.repoName);
  const ts = await loadTreeSitterNode(spec.languages);
  const index = await buildIndex(code, ts, { pool: nodeIndexPool() });
  warnTooDeep(index, log);
  let instances: InstanceBase[] = spec.generate(index, meta, opts.options ?? {});
  if (opts.llm) {
    if (!spec.describeWithLlm) throw new Error(`${spec.title} has no LLM description step`);
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const cache = opts.llm.cacheFile ? fileDescriptionCache(opts.llm.cacheFile) : memoryDescriptionCache();
    instances = await spec.describeWithLlm(instances, (path) => texts.get(path) ?? '', {
      endpoint: opts.llm.endpoint,
      cache,
      onRetry: (n, reason, delay) => log(`retry ${n} in ${delay} ms: ${reason}`),
    });
  }
  const text = writeInstancesJsonl(instances);
  if (opts.out) writeFileSync(opts.out, text);
  else write(text);
  log(`${instances.length} ${opts.task} instances from ${index.stats.files} files (${index.stats.lines} lines)${opts.out ? ` written to ${opts.out}` : ''}`);
  return instances.length;
}
