/**
 * Where a model can be reached: the hosted APIs and the local servers people run, with what each needs before a
 * page (not just the CLI) may call it. A page at origin A calling a server at origin B is a cross-origin request:
 * the server must answer the browser's preflight (OPTIONS) with Access-Control-Allow-Origin for A and allow the
 * Authorization and Content-Type headers. The CLI has no such limit.
 */

export type ProviderId = 'openai' | 'openrouter' | 'vllm' | 'ollama' | 'lmstudio' | 'custom';

export interface ProviderPreset {
  id: ProviderId;
  label: string;
  baseUrl: string;
  /** A model id to start from (the user picks their own). */
  exampleModel: string;
  needsKey: boolean;
  /** Whether the server's OpenAI endpoint takes `tools` (else the plain-text action format is used). */
  nativeTools: 'yes' | 'depends on the model';
  /** What to do so a page may call it, and other setup. */
  notes: string;
  /** Headers the provider asks for besides the key. */
  headers?: Record<string, string>;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    exampleModel: 'gpt-4o-mini',
    needsKey: true,
    nativeTools: 'yes',
    notes:
      'Needs an API key (platform.openai.com). The API answers cross-origin requests from any page, so the key is sent from your browser straight to OpenAI; use a key with a spending limit.',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    exampleModel: 'qwen/qwen-2.5-coder-32b-instruct',
    needsKey: true,
    nativeTools: 'depends on the model',
    notes:
      'Needs an OpenRouter key. Allows cross-origin requests from any page. Tool calling depends on the model and its routed provider; choose the plain-text action format for models without it.',
    headers: { 'X-Title': 'Hybrid-Gym Playground' },
  },
  {
    id: 'vllm',
    label: 'vLLM (local)',
    baseUrl: 'http://localhost:8000/v1',
    exampleModel: 'Qwen/Qwen2.5-Coder-7B-Instruct',
    needsKey: false,
    nativeTools: 'depends on the model',
    notes:
      'Start with `vllm serve MODEL --allowed-origins \'["http://localhost:5173"]\'` (the page\'s origin; the default allows "*"), and for native tool calls add `--enable-auto-tool-choice --tool-call-parser hermes` (the parser matching the model). `--api-key` makes it require a key.',
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    baseUrl: 'http://localhost:11434/v1',
    exampleModel: 'qwen2.5-coder:7b',
    needsKey: false,
    nativeTools: 'depends on the model',
    notes:
      'Ollama only answers pages from localhost by default: start it with the page\'s origin allowed, e.g. `OLLAMA_ORIGINS=http://localhost:5173 ollama serve` (or `OLLAMA_ORIGINS=*`). Models without tool support answer 400 "does not support tools"; the agent then switches to the plain-text action format.',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio (local)',
    baseUrl: 'http://localhost:1234/v1',
    exampleModel: 'qwen2.5-coder-7b-instruct',
    needsKey: false,
    nativeTools: 'depends on the model',
    notes:
      'In LM Studio\'s Developer tab, start the server and switch on "Enable CORS" (or `lms server start --cors`). The model must be loaded; the id is the one `GET /v1/models` lists.',
  },
  {
    id: 'custom',
    label: 'Other OpenAI-compatible server',
    baseUrl: 'http://localhost:8080/v1',
    exampleModel: 'model',
    needsKey: false,
    nativeTools: 'depends on the model',
    notes:
      "Any server with POST {base}/chat/completions in the OpenAI shape. For use from this page it must answer CORS preflight requests for this page's origin, allowing the Authorization and Content-Type headers.",
  },
];

export function presetById(id: ProviderId): ProviderPreset {
  return PROVIDER_PRESETS.find((p) => p.id === id) ?? PROVIDER_PRESETS[PROVIDER_PRESETS.length - 1]!;
}

/**
 * What a failed call from a page most likely means, for the message a person reads: a browser reports a refused
 * cross-origin request as a bare network error, indistinguishable from a server that is down.
 */
export function corsHint(baseUrl: string): string {
  const preset = PROVIDER_PRESETS.find((p) => p.id !== 'custom' && sameHostPort(p.baseUrl, baseUrl));
  return preset ? `${preset.label}: ${preset.notes}` : presetById('custom').notes;
}

function sameHostPort(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    if (x.hostname === 'localhost' || x.hostname === '127.0.0.1') return (y.hostname === 'localhost' || y.hostname === '127.0.0.1') && x.port === y.port;
    return x.host === y.host;
  } catch {
    return false;
  }
}
