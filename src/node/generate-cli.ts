import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { buildIndex } from '../core/index/build';
import { writeInstancesJsonl } from '../core/formats/instances-jsonl';
import type { LlmEndpoint } from '../core/llm/openai-client';
import { generateDepSearch, type DepSearchOptions } from '../core/tasks/dep-search/generate';
import { definitionSource, describeWithLlm, memoryDescriptionCache } from '../core/tasks/describe-llm';
import { generateFuncLocalize, type FuncLocalizeOptions } from '../core/tasks/func-localize/generate';
import type { TaskInstance, TaskKind } from '../core/tasks/instance-types';
import { contentFingerprint } from '../core/tasks/repo-meta';
import { fileDescriptionCache } from './description-cache';
import { readRepoFiles, warnTooDeep } from './deps-cli';
import { loadTreeSitterNode } from './wasm';

export interface GenerateCliOptions {
  task: TaskKind;
  /** `owner/name` for the instances' `repo` field; default `local/<folder name>`. */
  repoName?: string;
  /** Instances JSONL goes here; stdout when absent. */
  out?: string;
  funcLocalize?: Partial<FuncLocalizeOptions>;
  depSearch?: Partial<DepSearchOptions>;
  /** Write the descriptions with an LLM (function localization only). */
  llm?: { endpoint: LlmEndpoint; cacheFile?: string };
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
  const index = await buildIndex(files, ts);
  warnTooDeep(index, log);
  const meta = { repo: opts.repoName ?? `local/${basename(resolve(dir))}`, baseCommit: contentFingerprint(files) };
  let instances: TaskInstance[] =
    opts.task === 'func-localize' ? generateFuncLocalize(index, meta, opts.funcLocalize) : generateDepSearch(index, meta, opts.depSearch);
  if (opts.llm && opts.task === 'func-localize') {
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const cache = opts.llm.cacheFile ? fileDescriptionCache(opts.llm.cacheFile) : memoryDescriptionCache();
    instances = await describeWithLlm(instances as Parameters<typeof describeWithLlm>[0], (i) => definitionSource(texts.get(i.file_path) ?? '', i), opts.llm.endpoint, cache, {
      onRetry: (n, reason, delay) => log(`retry ${n} in ${delay} ms: ${reason}`),
    });
  }
  const text = writeInstancesJsonl(instances);
  if (opts.out) writeFileSync(opts.out, text);
  else write(text);
  log(`${instances.length} ${opts.task} instances from ${index.stats.files} files (${index.stats.lines} lines)${opts.out ? ` written to ${opts.out}` : ''}`);
  return instances.length;
}
