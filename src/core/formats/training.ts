import type { ToolSpec } from '../llm/openai-client';
import type { TrajectoryStep } from '../scoring/metrics';
import { withoutSecrets } from './secrets';

/**
 * A successful trajectory as a training conversation, in the shape the authors fine-tuned on
 * (hybrid-gym-reference.md §7: OpenHands' `convert_fncall_messages_to_non_fncall_messages` without the in-context
 * example): `{"messages": [{"role", "content"}]}` where
 * - the system message ends with a listing of the tools (`---- BEGIN FUNCTION #i: name ----` blocks) and the rules
 *   of the text call format;
 * - each assistant turn is its reasoning, a blank line, then one call as
 *   `<function=NAME>\n<parameter=P>VALUE</parameter>\n</function>` (a multi-line value on its own lines);
 * - each tool result is a user message `EXECUTION RESULT of [NAME]:\n…`;
 * - the conversation ends with the last call (the last LLM call of a run has no result), one call per turn.
 * No instance id and no reward: only successful episodes are converted.
 */

export interface TrainingMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TrainingConversation {
  messages: TrainingMessage[];
}

export interface TrainingInput {
  systemPrompt: string;
  instruction: string;
  /** The tool list the player had (the registry's specs), in the order offered. */
  tools: readonly ToolSpec[];
  steps: readonly TrajectoryStep[];
}

/** Python's `str(value)` for JSON scalars, and `json.dumps` (", " / ": " separators) for lists and objects. */
function pythonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return pythonJson(value);
}

function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
    .join(', ')}}`;
}

/** One tool call as text: `<function=NAME>` / `<parameter=…>` lines / `</function>`. */
export function callAsText(tool: string, args: Record<string, unknown>): string {
  let out = `<function=${tool}>\n`;
  for (const [name, value] of Object.entries(args)) {
    const multiline = typeof value === 'string' && value.includes('\n');
    out += `<parameter=${name}>${multiline ? '\n' : ''}${pythonText(value)}${multiline ? '\n' : ''}</parameter>\n`;
  }
  return `${out}</function>`;
}

/** The tool listing appended to the system prompt. */
export function toolsAsText(tools: readonly ToolSpec[]): string {
  return tools
    .map((tool, i) => {
      const fn = tool.function;
      let block = `---- BEGIN FUNCTION #${i + 1}: ${fn.name} ----\nDescription: ${fn.description}\n`;
      const params = fn.parameters as
        { properties?: Record<string, { type?: string; description?: string; enum?: unknown[] }>; required?: string[] } | undefined;
      if (params) {
        block += 'Parameters:\n';
        const required = new Set(params.required ?? []);
        Object.entries(params.properties ?? {}).forEach(([name, p], j) => {
          let desc = p.description ?? 'No description provided';
          if (p.enum) desc += `\nAllowed values: [${p.enum.map((v) => `\`${String(v)}\``).join(', ')}]`;
          block += `  (${j + 1}) ${name} (${p.type ?? 'string'}, ${required.has(name) ? 'required' : 'optional'}): ${desc}\n`;
        });
      } else block += 'No parameters are required for this function.\n';
      return `${block}---- END FUNCTION #${i + 1} ----\n`;
    })
    .join('\n');
}

/** The rules of the text call format, after the tool listing (the same format the converted data teaches). */
export function systemSuffix(tools: readonly ToolSpec[]): string {
  return [
    '',
    'You have access to the following functions:',
    '',
    toolsAsText(tools),
    'To call a function, reply in exactly this format and add nothing after it:',
    '',
    '<function=example_function_name>',
    '<parameter=example_parameter_1>value_1</parameter>',
    '<parameter=example_parameter_2>',
    'A value that spans',
    'several lines',
    '</parameter>',
    '</function>',
    '',
    '<IMPORTANT>',
    'Reminder:',
    '- A call starts with <function= and ends with </function>',
    '- Give every required parameter',
    '- Call one function at a time',
    '- Any reasoning goes BEFORE the call, never after it',
    '- When no function fits, answer in plain text without mentioning functions',
    '</IMPORTANT>',
    '',
  ].join('\n');
}

export function trainingConversation(input: TrainingInput): TrainingConversation {
  const messages: TrainingMessage[] = [
    { role: 'system', content: input.systemPrompt + systemSuffix(input.tools) },
    { role: 'user', content: input.instruction },
  ];
  input.steps.forEach((step, i) => {
    const call = callAsText(step.tool, withoutSecrets(step.args));
    messages.push({ role: 'assistant', content: `${step.thought ?? ''}\n\n${call}`.replace(/^\s+/, '') });
    if (i < input.steps.length - 1) messages.push({ role: 'user', content: `EXECUTION RESULT of [${step.tool}]:\n${step.observation}` });
  });
  return { messages };
}
