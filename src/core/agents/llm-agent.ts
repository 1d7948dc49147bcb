import type { PlayerInfo } from '../episode/trajectory';
import { chatCompletion, LlmError, redactSecret, type ChatMessage, type ChatResponse, type LlmEndpoint, type ToolCall } from '../llm/openai-client';
import { DEFAULT_MODEL_OBSERVATION_CHARS, truncateForModel } from './observation';
import { continuePrompt, systemPrompt } from './prompts';
import { parseLenientJson, parseTextAction, textActionInstructions } from './text-actions';
import { NO_USAGE, type Agent, type AgentStart, type DecideContext, type Decision, type Feedback, type TokenUsage } from './types';

/**
 * A model behind any OpenAI-compatible chat-completions endpoint, playing through the registry's tools. Native
 * tool calls by default; the plain-text action format (text-actions.ts) for models served without tool calling,
 * chosen up front or switched to when the server refuses `tools`. The key lives only in `endpoint` and in the
 * Authorization header: the conversation, the trajectory and every message this agent produces are free of it.
 */

export type ActionFormat = 'native' | 'text' | 'auto';

export interface LlmAgentOptions {
  endpoint: LlmEndpoint;
  /** `auto` (default): native tool calls, falling back to text when the server refuses tools. */
  actionFormat?: ActionFormat;
  temperature?: number;
  maxTokens?: number;
  /** Per model call. Default 120 s. */
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** Observations are cut to this many characters in the conversation (the trajectory keeps them whole). */
  maxObservationChars?: number;
  /** Replies in a row with no tool call before the agent gives up. Default 3. */
  maxIdleReplies?: number;
  /** Replaces our system prompt. */
  systemPrompt?: string;
  fetch?: typeof fetch;
}

/** Pending tool calls of one model reply (a model may ask for several at once). */
interface Pending {
  id: string;
  tool: string;
  args: Record<string, unknown> | string;
  /** Shown to the model with the gym's observation when its arguments could not be read. */
  note?: string;
}

export class LlmAgent implements Agent {
  readonly player: PlayerInfo;
  /** A true private field: serializing the agent (a UI saving its state, a debug dump) cannot reach the key. */
  readonly #o: LlmAgentOptions;
  private messages: ChatMessage[] = [];
  private textMode = false;
  private queue: Pending[] = [];
  /** The call the last decision answered (its feedback goes back to the model under this id). */
  private inFlight: Pending | null = null;
  private start_: AgentStart | null = null;
  private callCounter = 0;

  constructor(options: LlmAgentOptions) {
    this.#o = options;
    this.player = { kind: 'model', name: options.endpoint.model };
  }

  /** The conversation so far (no key in it: the key is only ever a header). */
  get conversation(): readonly ChatMessage[] {
    return this.messages;
  }

  get usesTextActions(): boolean {
    return this.textMode;
  }

  start(start: AgentStart): void {
    this.start_ = start;
    this.textMode = this.#o.actionFormat === 'text';
    this.queue = [];
    this.inFlight = null;
    this.callCounter = 0;
    this.messages = [
      { role: 'system', content: this.systemText() },
      { role: 'user', content: start.instruction },
    ];
  }

  async next(last: Feedback | null, ctx: DecideContext): Promise<Decision> {
    if (!this.start_) throw new Error('LlmAgent.next before start');
    if (last && this.inFlight) this.answer(this.inFlight, last);
    this.inFlight = null;
    let usage: TokenUsage = { ...NO_USAGE };
    let idle = 0;
    while (this.queue.length === 0) {
      let response: ChatResponse;
      try {
        response = await this.call(ctx);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        return { kind: 'stop', error: this.safe((err as Error).message ?? String(err)), usage };
      }
      usage = {
        promptTokens: usage.promptTokens + (response.usage?.prompt_tokens ?? 0),
        completionTokens: usage.completionTokens + (response.usage?.completion_tokens ?? 0),
        calls: usage.calls + 1,
      };
      this.take(response);
      if (this.queue.length > 0) break;
      idle++;
      if (idle >= (this.#o.maxIdleReplies ?? 3)) {
        return { kind: 'stop', error: `The model replied ${idle} times in a row without a tool call.`, usage };
      }
      this.messages.push({ role: 'user', content: continuePrompt(this.textMode) });
    }
    const call = this.queue.shift()!;
    this.inFlight = call;
    const thought = this.pendingThought;
    this.pendingThought = '';
    // Arguments that could not be read go to the gym as they are: its registry answers with an error observation,
    // so the attempt is a recorded step, as it was an iteration for the paper's agents.
    const args = (typeof call.args === 'string' ? call.args : call.args) as Record<string, unknown>;
    return { kind: 'action', action: { tool: call.tool, args }, ...(thought ? { thought } : {}), usage };
  }

  private pendingThought = '';

  private systemText(): string {
    const { maxSteps, toolBriefs, guide } = this.start_!;
    const base = this.#o.systemPrompt ?? systemPrompt({ maxSteps, ...(toolBriefs ? { tools: toolBriefs } : {}), ...(guide ? { guide } : {}) });
    return this.textMode ? `${base}\n\n${textActionInstructions(this.start_!.tools)}` : base;
  }

  private async call(ctx: DecideContext): Promise<ChatResponse> {
    const opts = {
      temperature: this.#o.temperature ?? 0,
      ...(this.#o.maxTokens !== undefined ? { maxTokens: this.#o.maxTokens } : {}),
      ...(this.#o.timeoutMs !== undefined ? { timeoutMs: this.#o.timeoutMs } : {}),
      ...(this.#o.retries !== undefined ? { retries: this.#o.retries } : {}),
      ...(this.#o.backoffMs !== undefined ? { backoffMs: this.#o.backoffMs } : {}),
      ...(this.#o.fetch ? { fetch: this.#o.fetch } : {}),
      signal: ctx.signal,
      onRetry: ctx.onRetry,
    };
    if (this.textMode) return chatCompletion(this.#o.endpoint, this.messages, opts);
    try {
      return await chatCompletion(this.#o.endpoint, this.messages, { ...opts, tools: this.start_!.tools });
    } catch (err) {
      if (this.#o.actionFormat === 'auto' || this.#o.actionFormat === undefined) {
        if (err instanceof LlmError && refusesTools(err)) {
          this.switchToText();
          return chatCompletion(this.#o.endpoint, this.messages, opts);
        }
      }
      throw err;
    }
  }

  private switchToText(): void {
    this.textMode = true;
    this.messages[0] = { role: 'system', content: this.systemText() };
  }

  /** Records the reply in the conversation and queues the calls it makes. */
  private take(response: ChatResponse): void {
    const m = response.message;
    const content = typeof m.content === 'string' ? m.content : '';
    const calls = !this.textMode && Array.isArray(m.tool_calls) ? m.tool_calls.filter((c) => c?.function?.name) : [];
    if (calls.length > 0) {
      const ids = calls.map((c) => c.id || this.newCallId());
      const normalized: ToolCall[] = calls.map((c, i) => ({
        id: ids[i]!,
        type: 'function',
        function: { name: c.function.name, arguments: argumentText(c.function.arguments) },
      }));
      this.messages.push({ role: 'assistant', content: content || null, tool_calls: normalized });
      this.pendingThought = content.trim();
      for (const c of normalized) this.queue.push(readNativeCall(c));
      return;
    }
    this.messages.push({ role: 'assistant', content });
    // Models served without tool parsing often write the call as text; read it in either mode.
    const parsed = parseTextAction(content);
    if (parsed.kind === 'none') return;
    if (!this.textMode && this.#o.actionFormat !== 'native') this.switchToText();
    this.pendingThought = parsed.thought;
    const id = this.newCallId();
    if (parsed.kind === 'call') this.queue.push({ id, tool: parsed.tool, args: parsed.args });
    else this.queue.push({ id, tool: parsed.tool, args: parsed.raw, note: `The arguments could not be read as JSON (${parsed.problem}).` });
  }

  /** Gives the model the result of its call, in the form its mode expects. */
  private answer(call: Pending, last: Feedback): void {
    let content = truncateForModel(last.observation, this.#o.maxObservationChars ?? DEFAULT_MODEL_OBSERVATION_CHARS);
    if (call.note) content = `${content}\n${call.note} Send the arguments as a JSON object.`;
    if (last.stepsLeft <= 3 && last.stepsLeft > 0) content += `\n[${last.stepsLeft} tool call${last.stepsLeft === 1 ? '' : 's'} left before the episode ends.]`;
    if (this.textMode) {
      // An answer to a native call made before a switch to text still needs its tool message.
      if (this.messages.some((m) => m.tool_calls?.some((c) => c.id === call.id))) this.messages.push({ role: 'tool', tool_call_id: call.id, content });
      else this.messages.push({ role: 'user', content: `EXECUTION RESULT of [${call.tool}]:\n${content}` });
    } else {
      this.messages.push({ role: 'tool', tool_call_id: call.id, content });
    }
  }

  private newCallId(): string {
    this.callCounter++;
    return `call_${this.callCounter}`;
  }

  private safe(message: string): string {
    return redactSecret(message, this.#o.endpoint.apiKey);
  }
}

/** Some servers send arguments as an object instead of a JSON string. */
function argumentText(args: unknown): string {
  if (typeof args === 'string') return args;
  if (args === undefined || args === null) return '{}';
  return JSON.stringify(args);
}

function readNativeCall(c: ToolCall): Pending {
  const parsed = parseLenientJson(c.function.arguments);
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)) {
    return { id: c.id, tool: c.function.name, args: parsed.value as Record<string, unknown> };
  }
  const problem = parsed.ok ? 'they are not a JSON object' : parsed.error;
  return { id: c.id, tool: c.function.name, args: c.function.arguments, note: `The arguments could not be read as JSON (${problem}).` };
}

/** A 400 that says the model or server takes no tools (Ollama: "does not support tools"; others similar). */
function refusesTools(err: LlmError): boolean {
  return err.status === 400 && /tool|function/i.test(err.message) && /support|not (?:allowed|enabled|available)|unsupported|auto/i.test(err.message);
}
