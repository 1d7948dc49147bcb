import { describe, expect, test } from 'vitest';
import { BaselineAgent } from '../../../src/core/agents/baseline/baseline-agent';
import { LlmAgent } from '../../../src/core/agents/llm-agent';
import { AGENT_PROVIDERS, agentIdList, createAgent } from '../../../src/core/agents/providers';

describe('the agent providers', () => {
  test('the CLI and the page list the same agents', () => {
    expect(AGENT_PROVIDERS.map((p) => p.id)).toEqual(['baseline', 'openai']);
    expect(agentIdList()).toBe('baseline or openai');
  });

  test('create makes the agent, or says what its settings lack', () => {
    const baseline = createAgent('baseline', {});
    expect(baseline.ok && baseline.agent).toBeInstanceOf(BaselineAgent);
    const llm = createAgent('openai', { endpoint: { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder:7b' } });
    expect(llm.ok && llm.agent).toBeInstanceOf(LlmAgent);
    expect(createAgent('openai', {})).toEqual({ ok: false, error: 'A model (OpenAI-compatible endpoint): it needs an endpoint URL and a model name' });
    expect(createAgent('openai', { endpoint: { baseUrl: 'not a url', model: 'm' } })).toMatchObject({
      ok: false,
      error: expect.stringContaining("'not a url' is not a URL"),
    });
    expect(createAgent('openai', { endpoint: { baseUrl: 'http://x/v1', model: ' ' } })).toEqual({
      ok: false,
      error: 'A model (OpenAI-compatible endpoint): set the model name',
    });
    expect(createAgent('gpt-9', {})).toEqual({ ok: false, error: 'unknown agent "gpt-9": choose baseline or openai' });
  });
});
