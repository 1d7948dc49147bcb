/**
 * A client for any OpenAI-compatible chat-completions endpoint (OpenAI, OpenRouter, vLLM, Ollama, LM Studio).
 * Plain fetch, so it runs in the page, a Worker and Node. The API key is only ever put in the Authorization header:
 * it is never part of a thrown message, a log line or a returned object (a provider that echoes the key back in an
 * error body has it cut out, and URLs in messages lose their query string and user info).
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: object };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatResponse {
  message: ChatMessage;
  finishReason: string | null;
  usage: Usage | null;
}

export interface LlmEndpoint {
  /** e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Extra headers some providers want (OpenRouter's HTTP-Referer, X-Title). */
  headers?: Record<string, string>;
}

export interface ChatOptions {
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  /** Per attempt. Default 120 s. */
  timeoutMs?: number;
  /** Attempts after the first, on 429, 5xx, timeouts and network errors. Default 4. */
  retries?: number;
  /** Base of the exponential backoff. Default 1000 ms. */
  backoffMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Called before each retry (for progress displays). */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
  /** Longest wait a Retry-After header may impose before the client gives up instead. Default 120 s. */
  maxRetryAfterMs?: number;
}

export class LlmError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

/** A URL as it may appear in a message: no user info, no query (keys sometimes travel there), no fragment. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/, '').replace(/\/\/[^/@]*@/, '//');
  }
}

/**
 * Why a base URL cannot be an endpoint (not a URL, not http(s), no host), or null when it can: checked before any
 * request, so a typo is one clear message instead of an error in every episode.
 */
export function baseUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return `'${displayUrl(url)}' is not a URL; give the endpoint's base URL, e.g. http://localhost:11434/v1`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return `'${displayUrl(url)}' is not an http(s) URL; give the endpoint's base URL, e.g. http://localhost:11434/v1`;
  if (!u.hostname) return `'${displayUrl(url)}' names no host; give the endpoint's base URL, e.g. http://localhost:11434/v1`;
  return null;
}

/** `text` with every occurrence of the key (and of a Bearer header built from it) replaced. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError('Aborted', null, false));
    const onAbort = () => {
      clearTimeout(t);
      reject(new LlmError('Aborted', null, false));
    };
    // Removed when the wait ends: a run's one signal outlives thousands of waits.
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(res: Response): number | null {
  const h = res.headers.get('retry-after');
  if (!h) return null;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const date = Date.parse(h);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

/** The provider's own error text, cut short; never echoes request headers. */
async function errorText(res: Response): Promise<string> {
  try {
    const body = await res.text();
    try {
      const j = JSON.parse(body) as { error?: { message?: string } | string };
      const m = typeof j.error === 'string' ? j.error : j.error?.message;
      if (m) return m.slice(0, 300);
    } catch {
      /* not JSON */
    }
    return body.slice(0, 300);
  } catch {
    return '';
  }
}

/**
 * Why a request may not have got through. Cross-origin refusals exist only for a page (a Worker included): in Node
 * (the CLI) naming them would send the user looking in the wrong place.
 */
function unreachableHint(): string {
  return typeof (globalThis as { location?: unknown }).location === 'undefined'
    ? 'Offline, wrong URL, or no server listening there.'
    : 'Offline, wrong URL, or the server does not allow cross-origin requests from this page.';
}

async function attempt(endpoint: LlmEndpoint, body: string, o: ChatOptions): Promise<ChatResponse> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), o.timeoutMs ?? 120_000);
  const onAbort = () => timeout.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const url = chatCompletionsUrl(endpoint.baseUrl);
  const shown = displayUrl(url);
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(endpoint.apiKey ? { Authorization: `Bearer ${endpoint.apiKey}` } : {}),
        ...endpoint.headers,
      },
      body,
      signal: timeout.signal,
    });
  } catch (err) {
    if (o.signal?.aborted) throw new LlmError('Aborted', null, false);
    if (timeout.signal.aborted) throw new LlmError(`No answer from ${shown} within ${o.timeoutMs ?? 120_000} ms`, null, true);
    throw new LlmError(`Could not reach ${shown} (${(err as Error).message}). ${unreachableHint()}`, null, true);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (!res.ok) {
    const retryable = res.status === 429 || res.status >= 500;
    const e = new LlmError(`${shown} answered ${res.status}: ${await errorText(res)}`, res.status, retryable);
    (e as LlmError & { retryAfter?: number | null }).retryAfter = retryAfterMs(res);
    throw e;
  }
  const json = (await res.json().catch(() => null)) as {
    choices?: { message?: ChatMessage; finish_reason?: string }[];
    usage?: Partial<Usage>;
  } | null;
  if (json === null) throw new LlmError(`${shown} did not answer with JSON: is this an OpenAI-compatible /chat/completions endpoint?`, res.status, false);
  const choice = json.choices?.[0];
  if (!choice?.message) throw new LlmError(`${shown} returned no choices`, res.status, false);
  return { message: choice.message, finishReason: choice.finish_reason ?? null, usage: normalizeUsage(json.usage) };
}

/** Providers differ: some omit `total_tokens`, some send no usage at all. */
function normalizeUsage(u: Partial<Usage> | undefined): Usage | null {
  if (!u || (typeof u.prompt_tokens !== 'number' && typeof u.completion_tokens !== 'number')) return null;
  const prompt = u.prompt_tokens ?? 0;
  const completion = u.completion_tokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: u.total_tokens ?? prompt + completion };
}

export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.trim().replace(/\/+$/, '')}/chat/completions`;
}

/** One chat completion, retried with exponential backoff (honouring Retry-After) on 429, 5xx and timeouts. */
export async function chatCompletion(endpoint: LlmEndpoint, messages: ChatMessage[], o: ChatOptions = {}): Promise<ChatResponse> {
  const body = JSON.stringify({
    model: endpoint.model,
    messages,
    ...(o.tools?.length ? { tools: o.tools, tool_choice: 'auto' } : {}),
    ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
    ...(o.maxTokens !== undefined ? { max_tokens: o.maxTokens } : {}),
  });
  const retries = o.retries ?? 4;
  for (let n = 0; ; n++) {
    try {
      return await attempt(endpoint, body, o);
    } catch (err) {
      const e = err as LlmError & { retryAfter?: number | null };
      if (!(e instanceof LlmError)) throw new LlmError(redactSecret(String((err as Error)?.message ?? err), endpoint.apiKey), null, false);
      const message = redactSecret(e.message, endpoint.apiKey);
      const tooLong = e.retryAfter != null && e.retryAfter > (o.maxRetryAfterMs ?? 120_000);
      if (!e.retryable || n >= retries || tooLong) {
        const why = tooLong ? ` (the server asks to wait ${Math.round(e.retryAfter! / 1000)} s before retrying)` : '';
        throw new LlmError(message + why, e.status, e.retryable);
      }
      // Jitter spreads concurrent episodes that hit the same rate limit.
      const delay = e.retryAfter ?? Math.round((o.backoffMs ?? 1000) * 2 ** n * (1 + Math.random() * 0.25));
      o.onRetry?.(n + 1, message, delay);
      await sleep(delay, o.signal);
    }
  }
}
