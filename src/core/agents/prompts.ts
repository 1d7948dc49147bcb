import type { PlayerGuide } from '../episode/episode-start';
import { standardTools } from '../episode/tools/registry';
import { pythonProfile } from '../lang/profiles/python';
import { DEFAULT_AGENT_RULES } from '../tasks/spec';
import type { Tool } from '../episode/tools/tool';

/**
 * Our prompts for model play. The system prompt describes the harness (the tools, the simulated shell, the step
 * budget, how an episode ends); the task itself comes from the instance's instruction, the first user message,
 * which says what the paper's agents were told (src/core/tasks/instructions.ts).
 */

/** The guide of a start made without a task spec: a Python repo and a documentation task. */
const DEFAULT_GUIDE: PlayerGuide = { language: pythonProfile.name, findDefinitions: pythonProfile.findDefinitions, rules: DEFAULT_AGENT_RULES };

/** A tool as the system prompt lists it: its name and its `brief` lines (a tool without them is not listed). */
export type ToolBrief = Pick<Tool, 'name' | 'brief'>;

/** The briefs of a registry's tools, as plain data (an agent's start). */
export function toolBriefs(tools: readonly Tool[]): ToolBrief[] {
  return tools.map(({ name, brief }) => (brief ? { name, brief } : { name }));
}

/** `- NAME: first line`, then the other lines indented under it. */
function toolList(tools: readonly ToolBrief[]): string[] {
  return tools.flatMap(({ name, brief }) => (brief?.length ? brief.map((line, i) => (i === 0 ? `- ${name}: ${line}` : `  ${line}`)) : []));
}

/** The system prompt; `tools` are the episode's (the standard tools by default). */
export function systemPrompt(o: { maxSteps: number; tools?: readonly ToolBrief[]; guide?: PlayerGuide }): string {
  const guide = o.guide ?? DEFAULT_GUIDE;
  return [
    `You are a careful software engineer working in a ${guide.language} repository through tools. You are given one task at a`,
    'time, in the first message. The answer is the set of edits you leave in the files; it is checked automatically from the',
    'final diff, so only the edits the task asks for may appear in it.',
    '',
    'Your tools:',
    ...toolList(o.tools ?? standardTools.list()),
    '',
    'How to work:',
    `- Search before reading: \`${guide.findDefinitions}\` finds definitions;`,
    '  view a range of a long file instead of all of it.',
    '- Re-check your conclusion against the code before editing.',
    ...guide.rules,
    `- You have at most ${o.maxSteps} tool calls in this episode; every call counts, failed ones too. When they run out,`,
    '  the episode ends and your edits are checked as they are.',
    '- Work on your own: nobody will answer questions. When the task is done, call submit.',
  ].join('\n');
}

/** The simulated user's answer to a reply with no tool call (as the paper's harness answered such replies). */
export function continuePrompt(textMode: boolean): string {
  return [
    'Please continue working on the task with the tools, on whatever approach you think is right.',
    textMode ? 'Reply with one function call in the <function=...> format.' : 'Reply with a tool call.',
    'If the task is done, call submit. Do not ask for help: no one will answer.',
  ].join(' ');
}
