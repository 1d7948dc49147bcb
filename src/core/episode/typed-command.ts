import type { Action } from './trajectory';
import { parseCommandLine } from './shell/parse';
import { standardTools } from './tools/registry';
import type { ToolLookup, TypedWord } from './tools/tool';

/**
 * What a person types at a terminal prompt, as a tool call of the registry: shell command lines go to the shell as
 * they are, and the words the tools declare (`typed` in tool.ts: `view PATH [A B]`, `str_replace PATH`, `insert PATH
 * LINE`, `create PATH`, `undo PATH`, `think ...`, `submit`) reach the others. Edits whose text spans lines ask for
 * text blocks first.
 * Shared by `hgym play` and any other terminal front end, so a typed session records the same actions a model's does.
 */

export type MetaCommand = 'help' | 'diff' | 'status' | 'pause' | 'resume' | 'quit';

export type TypedCommand =
  | { kind: 'empty' }
  | { kind: 'meta'; name: MetaCommand }
  | { kind: 'action'; action: Action }
  /** Read one text block per prompt, then build the action from them. */
  | { kind: 'blocks'; prompts: string[]; build: (blocks: string[]) => Action }
  | { kind: 'usage'; message: string };

/** The help of the typed commands: the shell line's, then each tool's words in the registry's order, then the rest. */
export function typedCommandsHelp(tools: ToolLookup = standardTools): string {
  const lines: string[] = [];
  for (const t of tools.list()) if (t.typed?.line?.help) lines.push(t.typed.line.help);
  for (const t of tools.list()) for (const w of t.typed?.words ?? []) lines.push(`  ${w.usage.padEnd(23)} ${w.help}`);
  lines.push(
    'Text blocks end with a line holding a single "." (type ".." for a line that is just ".").',
    'Not counted as steps: diff (your changes so far), status (steps and time), pause / resume (the clock), help, quit.',
  );
  return lines.join('\n');
}

const META = new Set<MetaCommand>(['help', 'diff', 'status', 'pause', 'resume', 'quit']);

function words(line: string): string[] | null {
  const parsed = parseCommandLine(line);
  if (!parsed.ok || parsed.items.length !== 1 || parsed.items[0]!.pipeline.length !== 1) return null;
  return parsed.items[0]!.pipeline[0]!.words.map((w) => w.text);
}

/** The first tool of the registry with the typed word, and its form. */
function typedWord(tools: ToolLookup, word: string): { tool: string; form: TypedWord } | null {
  for (const t of tools.list()) {
    const form = t.typed?.words?.find((w) => w.word === word);
    if (form) return { tool: t.name, form };
  }
  return null;
}

/**
 * A typed line as a call of `tools` (the episode's registry): a meta command, a tool's word, a line a tool claims
 * (the sandbox's `run` takes programs), else the shell's line.
 */
export function parseTypedCommand(line: string, tools: ToolLookup = standardTools): TypedCommand {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  const head = trimmed.split(/\s+/, 1)[0]!;
  const rest = trimmed.slice(head.length).trim();
  if (head === '?' || (META.has(head as MetaCommand) && rest === '')) return { kind: 'meta', name: head === '?' ? 'help' : (head as MetaCommand) };
  if (head === 'exit' && rest === '') return { kind: 'meta', name: 'quit' };
  const typed = typedWord(tools, head);
  if (typed) {
    const { tool, form } = typed;
    const call = form.parse(rest, words(trimmed)?.slice(1) ?? null);
    if (!call) return { kind: 'usage', message: `usage: ${form.usage}` };
    if ('args' in call) return { kind: 'action', action: { tool, args: call.args } };
    return { kind: 'blocks', prompts: call.prompts, build: (blocks) => ({ tool, args: call.build(blocks) }) };
  }
  const all = tools.list();
  const lineTool = all.find((t) => t.typed?.line?.claims?.(trimmed)) ?? all.find((t) => t.typed?.line && !t.typed.line.claims);
  if (!lineTool) return { kind: 'usage', message: `${head}: not a command here (type "help")` };
  return { kind: 'action', action: { tool: lineTool.name, args: lineTool.typed!.line!.args(trimmed) } };
}

/** The line a person would have typed for a call (a terminal echoing a model's step), or null when its tool takes no typed line. */
export function typedLineOf(tools: ToolLookup, tool: string, args: Record<string, unknown>): string | null {
  return tools.get(tool)?.typed?.line?.line(args) ?? null;
}

/**
 * Collects a text block from lines: until a line that is exactly ".", with ".." standing for a literal ".".
 * Returns the block once it is complete, else null.
 */
export function blockLine(lines: string[], line: string): string | null {
  if (line === '.') return lines.join('\n');
  lines.push(line === '..' ? '.' : line);
  return null;
}
