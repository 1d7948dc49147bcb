import { BaselineAgent } from './baseline/baseline-agent';
import { LlmAgent, type ActionFormat } from './llm-agent';
import type { Agent } from './types';
import { baseUrlProblem, type LlmEndpoint } from '../llm/openai-client';

/**
 * The agents a person can pick, behind one interface (JupyterLite's `KernelSpecs.register({spec, create})`): the
 * CLI's `--agent` and the page's agent picker both list this registry, check settings with it and create agents
 * through it. A new agent is one entry here.
 */
export interface AgentSettings {
  /** An OpenAI-compatible endpoint, for agents that talk to a model. */
  endpoint?: LlmEndpoint;
  actionFormat?: ActionFormat;
  timeoutMs?: number;
}

export interface AgentProvider {
  id: string;
  /** As the page's picker shows it. */
  label: string;
  /** Whether it needs `endpoint` (the CLI's --base-url and --model, the page's endpoint form). */
  needsEndpoint: boolean;
  /** Why the settings cannot make an agent, or null. */
  problem(settings: AgentSettings): string | null;
  create(settings: AgentSettings): Agent;
}

const endpointProblem = (s: AgentSettings): string | null => {
  if (!s.endpoint) return 'it needs an endpoint URL and a model name';
  const url = baseUrlProblem(s.endpoint.baseUrl);
  if (url) return url;
  return s.endpoint.model.trim() ? null : 'set the model name';
};

export const AGENT_PROVIDERS: readonly AgentProvider[] = [
  {
    id: 'baseline',
    label: 'Baseline (no model, works offline)',
    needsEndpoint: false,
    problem: () => null,
    create: () => new BaselineAgent(),
  },
  {
    id: 'openai',
    label: 'A model (OpenAI-compatible endpoint)',
    needsEndpoint: true,
    problem: endpointProblem,
    create: (s) =>
      new LlmAgent({
        endpoint: s.endpoint!,
        ...(s.actionFormat ? { actionFormat: s.actionFormat } : {}),
        ...(s.timeoutMs !== undefined ? { timeoutMs: s.timeoutMs } : {}),
      }),
  },
];

/** The id of one of AGENT_PROVIDERS (an open list: checked with `agentProvider`, not by the type). */
export type AgentId = string;

export function agentProvider(id: string): AgentProvider | undefined {
  return AGENT_PROVIDERS.find((p) => p.id === id);
}

/** "baseline or openai", for usage messages. */
export function agentIdList(): string {
  const ids = AGENT_PROVIDERS.map((p) => p.id);
  return ids.length > 1 ? `${ids.slice(0, -1).join(', ')} or ${ids.at(-1)}` : ids.join('');
}

/** An agent from a provider id and settings, or the reason there is none. */
export function createAgent(id: string, settings: AgentSettings): { ok: true; agent: Agent } | { ok: false; error: string } {
  const provider = agentProvider(id);
  if (!provider) return { ok: false, error: `unknown agent "${id}": choose ${agentIdList()}` };
  const problem = provider.problem(settings);
  return problem ? { ok: false, error: `${provider.label}: ${problem}` } : { ok: true, agent: provider.create(settings) };
}
