import { chatCompletion, type ChatOptions, type LlmEndpoint } from '../llm/openai-client';
import type { FuncLocInstance } from './instance-types';
import { maskName, revealsName } from './describe';

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
  const key = `${instance.instance_id}::${endpoint.model}`;
  const cached = await cache.get(key);
  if (cached) return cached;
  const res = await chatCompletion(
    endpoint,
    [
      { role: 'system', content: 'You are a precise technical writer.' },
      { role: 'user', content: descriptionPrompt(instance, source) },
    ],
    { temperature: 0.3, maxTokens: 200, ...options },
  );
  let text = (res.message.content ?? '').trim().replace(/^```\w*\n?|```$/g, '').trim();
  if (!text) throw new Error(`The model returned an empty description for ${instance.instance_id}`);
  if (revealsName(text, instance.module_name)) text = maskName(text, instance.module_name, instance.module_type);
  await cache.set(key, text);
  return text;
}
