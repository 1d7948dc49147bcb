import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { buildIndex } from '../core/index/build';
import { writeInstancesJsonl } from '../core/formats/instances-jsonl';
import type { LlmEndpoint } from '../core/llm/openai-client';
import { memoryDescriptionCache } from '../core/tasks/describe-llm';
import type { TaskKind } from '../core/tasks/instance-types';
import { taskRegistry, type TaskRegistry } from '../core/tasks/registry';
import type { InstanceBase } from '../core/tasks/spec';
import { contentFingerprint } from '../core/tasks/repo-meta';
import { fileDescriptionCache } from './description-cache';
import { readRepoFiles, warnTooDeep } from './deps-cli';
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
  const files = await readRepoFiles(dir, log);
  if (!files.some((f) => f.path.endsWith('.py'))) throw new Error(`${dir} holds no Python files: both tasks need Python code`);
  const ts = await loadTreeSitterNode(['python']);
  const index = await buildIndex(files, ts, { pool: nodeIndexPool() });
  warnTooDeep(index, log);
  const meta = { repo: opts.repoName ?? `local/${basename(resolve(dir))}`, baseCommit: contentFingerprint(files) };
  const spec = (opts.registry ?? taskRegistry).get(opts.task);
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
