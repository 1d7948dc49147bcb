import { create } from 'zustand';
import type { ActionFormat } from '../core/agents/llm-agent';
import { agentProvider, createAgent, type AgentId } from '../core/agents/providers';
import type { Agent } from '../core/agents/types';
import { presetById, type ProviderId } from '../core/llm/presets';
import { getSetting, putSetting } from './db';

/**
 * Which agent plays when a model plays: the baseline (no model, offline) or an OpenAI-compatible endpoint. The API
 * key lives in this store's memory only, unless the person ticks "remember" (then IndexedDB, under its own
 * settings key); it never goes into episodes, exports or logs, and the agent holds it in a private field.
 */
export interface AgentConfig {
  kind: AgentId;
  provider: ProviderId;
  baseUrl: string;
  model: string;
  actionFormat: ActionFormat;
}

interface AgentSettingsState extends AgentConfig {
  apiKey: string;
  rememberKey: boolean;
  loaded: boolean;
  load(): Promise<void>;
  update(patch: Partial<AgentConfig & { apiKey: string; rememberKey: boolean }>): void;
  /** A fresh agent for one episode, or a message saying what is missing. */
  makeAgent(): { ok: true; agent: Agent } | { ok: false; error: string };
}

const CONFIG_KEY = 'agent-config';
const KEY_KEY = 'agent-api-key';
const openai = presetById('openai');

export const useAgentSettings = create<AgentSettingsState>((set, get) => ({
  kind: 'baseline',
  provider: 'openai',
  baseUrl: openai.baseUrl,
  model: openai.exampleModel,
  actionFormat: 'auto',
  apiKey: '',
  rememberKey: false,
  loaded: false,

  async load() {
    if (get().loaded) return;
    const config = await getSetting<Partial<AgentConfig> | null>(CONFIG_KEY, null);
    const key = await getSetting<string | null>(KEY_KEY, null);
    set({ ...(config ?? {}), ...(key ? { apiKey: key, rememberKey: true } : {}), loaded: true });
  },

  update(patch) {
    set(patch);
    const s = get();
    const config: AgentConfig = { kind: s.kind, provider: s.provider, baseUrl: s.baseUrl, model: s.model, actionFormat: s.actionFormat };
    void putSetting(CONFIG_KEY, config);
    // The key is written only while "remember" is ticked, and removed when it is unticked.
    void putSetting(KEY_KEY, s.rememberKey && s.apiKey ? s.apiKey : null);
  },

  makeAgent() {
    const s = get();
    if (!agentProvider(s.kind)?.needsEndpoint) return createAgent(s.kind, {});
    // The endpoint URL and the model name are checked by the provider, as for the CLI; the key is the page's preset's.
    const preset = presetById(s.provider);
    if (preset.needsKey && !s.apiKey) return { ok: false, error: `${preset.label} needs an API key.` };
    return createAgent(s.kind, {
      endpoint: {
        baseUrl: s.baseUrl.replace(/\/+$/, ''),
        model: s.model.trim(),
        ...(s.apiKey ? { apiKey: s.apiKey } : {}),
        ...(preset.headers ? { headers: preset.headers } : {}),
      },
      actionFormat: s.actionFormat,
    });
  },
}));
