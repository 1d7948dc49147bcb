import type { FunctionToolSpec } from '../episode/tools/registry';
import { systemSuffix } from '../formats/training';

/**
 * The plain-text action format, for models served without tool calling. The primary form is OpenHands' (the one
 * the authors' training conversations use, see formats/training.ts):
 *
 *   <function=execute_bash>
 *   <parameter=command>grep -rn "def parse" .</parameter>
 *   </function>
 *
 * Also read, because models emit them unprompted: `<tool name="NAME">{json args}</tool>`, Hermes/Qwen-style
 * `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, and a fenced ```json block holding
 * `{"tool"|"name": ..., "args"|"arguments": {...}}`. The first call in the reply is taken; text before it is the
 * thought.
 */

export type ParsedText =
  | { kind: 'call'; tool: string; args: Record<string, unknown>; thought: string }
  /** A call was attempted but its arguments cannot be read: `raw` goes to the gym, which answers with an error. */
  | { kind: 'malformed'; tool: string; raw: string; problem: string; thought: string }
  | { kind: 'none' };

interface Found {
  at: number;
  parse(): ParsedText;
}

function openHandsCall(text: string): Found | null {
  const m = /<function=([\w.-]+)>([\s\S]*?)(?:<\/function>|$)/.exec(text);
  if (!m) return null;
  return {
    at: m.index,
    parse: () => {
      const args: Record<string, unknown> = {};
      const re = /<parameter=([\w.-]+)>([\s\S]*?)<\/parameter>/g;
      for (let p = re.exec(m[2]!); p; p = re.exec(m[2]!)) {
        // A multi-line value sits on its own lines: one newline after the opening tag and one before the closing.
        args[p[1]!] = p[2]!.replace(/^\n/, '').replace(/\n$/, '');
      }
      return { kind: 'call', tool: m[1]!, args, thought: text.slice(0, m.index).trim() };
    },
  };
}

function jsonCall(text: string, re: RegExp, toolFromTag: boolean): Found | null {
  const m = re.exec(text);
  if (!m) return null;
  return {
    at: m.index,
    parse: () => {
      const thought = text.slice(0, m.index).trim();
      const tagTool = toolFromTag ? m[1]! : '';
      const body = (toolFromTag ? m[2]! : m[1]!).trim();
      const parsed = parseLenientJson(body);
      if (!parsed.ok) return { kind: 'malformed', tool: tagTool || guessTool(body), raw: body, problem: parsed.error, thought };
      const v = parsed.value;
      if (toolFromTag) {
        if (!isObject(v)) return { kind: 'malformed', tool: tagTool, raw: body, problem: 'the arguments are not a JSON object', thought };
        return { kind: 'call', tool: tagTool, args: v, thought };
      }
      if (!isObject(v)) return { kind: 'none' };
      const tool = typeof v.tool === 'string' ? v.tool : typeof v.name === 'string' ? v.name : null;
      if (!tool) return { kind: 'none' };
      let args: unknown = v.args ?? v.arguments ?? v.parameters ?? {};
      if (typeof args === 'string') {
        const inner = parseLenientJson(args);
        if (!inner.ok) return { kind: 'malformed', tool, raw: args, problem: inner.error, thought };
        args = inner.value;
      }
      if (!isObject(args)) return { kind: 'malformed', tool, raw: JSON.stringify(args), problem: 'the arguments are not a JSON object', thought };
      return { kind: 'call', tool, args, thought };
    },
  };
}

function guessTool(body: string): string {
  return /"(?:tool|name)"\s*:\s*"([\w.-]+)"/.exec(body)?.[1] ?? 'unknown';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the first tool call in a model's text reply. */
export function parseTextAction(text: string): ParsedText {
  const candidates = [
    openHandsCall(text),
    jsonCall(text, /<tool\s+name\s*=\s*["']([\w.-]+)["']\s*>([\s\S]*?)<\/tool>/, true),
    jsonCall(text, /<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/, false),
    jsonCall(text, /```(?:json)?\s*\n(\{[\s\S]*?\})\s*\n?```/, false),
  ].filter((c): c is Found => c !== null);
  candidates.sort((a, b) => a.at - b.at);
  for (const c of candidates) {
    const r = c.parse();
    if (r.kind !== 'none') return r;
  }
  return { kind: 'none' };
}

/**
 * JSON as models write it: also with a code fence around it, trailing commas, Python's True/False/None. Returns
 * the parse error of the original text when no repair helps.
 */
export function parseLenientJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const attempts = [text.trim()];
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/, '')
    .replace(/\s*```$/, '');
  attempts.push(unfenced);
  attempts.push(
    unfenced
      .replace(/,\s*([}\]])/g, '$1')
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null'),
  );
  let first = '';
  for (const a of attempts) {
    try {
      return { ok: true, value: JSON.parse(a === '' ? '{}' : a) };
    } catch (err) {
      first ||= (err as Error).message;
    }
  }
  return { ok: false, error: first };
}

/**
 * The instructions appended to the system prompt in text mode: the tool listing and the call format, worded as in
 * the training conversations (formats/training.ts), so a model trained on those meets what it learned.
 */
export function textActionInstructions(tools: readonly FunctionToolSpec[]): string {
  return systemSuffix(tools).trim();
}
