import { chatCompletion, type ChatOptions, type LlmEndpoint } from '../llm/openai-client';
import type { FuncLocInstance } from './instance-types';
import { maskName, revealsName } from './describe';
import { localizeInstruction } from './instructions';
import { workspacePath } from './repo-meta';
import { hash32 } from './rng';

/**
 * The optional third description mode: an LLM writes the description (as the authors did with gpt-4o-mini), through
 * the same OpenAI-compatible endpoint model play uses. Results are cached per instance and model, so a set of
 * instances is described once.
 */
export interface DescriptionCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export function memoryDescriptionCache(): DescriptionCache {
  const m = new Map<string, string>();
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v) };
}

export function descriptionPrompt(instance: FuncLocInstance, source: string): string {
  const type = instance.module_type;
  return [
    'You write descriptions for a code-search exercise: a reader must find a definition in a repository from your',
    `description alone. Describe what this ${type} does and what it is for, in 1 to 3 sentences.`,
    `Rules: never write its name "${instance.module_name}" or any word of that name; say "this ${type}" instead;`,
    'do not quote its docstring; do not name the file. Answer with the description only.',
    '',
    `Docstring:\n${instance.docstring ?? ''}`,
    '',
    `Source:\n${source.slice(0, 5000)}`,
  ].join('\n');
}

/**
 * Returns the LLM's description with any leftover mention of the name masked, or throws the endpoint's LlmError.
 * `source` is the definition's original text (the authors sent the first 5,000 characters).
 */
export async function llmDescription(
  instance: FuncLocInstance,
  source: string,
  endpoint: LlmEndpoint,
  cache: DescriptionCache,
  options: ChatOptions = {},
): Promise<string> {
  const prompt = descriptionPrompt(instance, source);
  // The prompt's hash is in the key: a changed docstring or source is described afresh.
  const key = `${instance.instance_id}::${endpoint.model}::${hash32(prompt).toString(16)}`;
  const cached = await cache.get(key);
  if (cached) return cached;
  const res = await chatCompletion(
    endpoint,
    [
      { role: 'system', content: 'You are a precise technical writer.' },
      { role: 'user', content: prompt },
    ],
    { temperature: 0.3, maxTokens: 200, ...options },
  );
  let text = (res.message.content ?? '')
    .trim()
    .replace(/^```\w*\n?|```$/g, '')
    .trim();
  if (!text) throw new Error(`The model returned an empty description for ${instance.instance_id}`);
  if (revealsName(text, instance.module_name)) text = maskName(text, instance.module_name, instance.module_type);
  await cache.set(key, text);
  return text;
}

/**
 * The LLM mode over generated instances: each gets an LLM-written description in `brief_description` (masked, as
 * the prompt forbids the name), `description_mode: 'llm'`, and an instruction that does not name the target.
 * `sourceOf` gives the definition's original source text. Instances are described one after another (the endpoint
 * may rate-limit); the first error stops the run and is thrown, with the instances described so far cached.
 */
export async function describeWithLlm(
  instances: readonly FuncLocInstance[],
  sourceOf: (instance: FuncLocInstance) => string,
  endpoint: LlmEndpoint,
  cache: DescriptionCache,
  options: ChatOptions = {},
): Promise<FuncLocInstance[]> {
  const out: FuncLocInstance[] = [];
  for (const instance of instances) {
    const description = await llmDescription(instance, sourceOf(instance), endpoint, cache, options);
    const { function_description: _unmasked, ...rest } = instance;
    out.push({
      ...rest,
      brief_description: description,
      description_mode: 'llm',
      instruction: localizeInstruction({
        workspace: workspacePath({ repo: instance.repo, baseCommit: instance.base_commit }),
        moduleType: instance.module_type,
        description,
      }),
    });
  }
  return out;
}

/** The original source of a localization target, from its file's text (lines module_line_start..module_line_end). */
export function definitionSource(fileText: string, instance: Pick<FuncLocInstance, 'module_line_start' | 'module_line_end'>): string {
  return fileText
    .split('\n')
    .slice(instance.module_line_start, instance.module_line_end + 1)
    .join('\n');
}
