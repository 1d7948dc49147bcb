import type { Action } from './trajectory';
import { parseCommandLine } from './shell/parse';

/**
 * What a person types at a terminal prompt, as a tool call of the registry: shell command lines go to the shell as
 * they are, and a few words reach the other tools (`view PATH [A B]`, `str_replace PATH`, `insert PATH LINE`,
 * `create PATH`, `undo PATH`, `think ...`, `submit`). Edits whose text spans lines ask for text blocks first.
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

export const TYPED_COMMANDS_HELP = [
  'Type shell commands as in bash (ls, cd, cat, grep -rn, find, head, tail, sed -n, wc, git diff, ...), or:',
  '  view PATH [START END]   show a file with line numbers (or a folder), optionally only lines START..END',
  '  str_replace PATH        replace a unique piece of text: you are asked for the old and the new text',
  '  insert PATH LINE        insert text after line LINE (0 = at the top): you are asked for the text',
  '  create PATH             create a new file: you are asked for its content',
  '  undo PATH               undo the last edit of that file',
  '  think TEXT              note a thought (recorded, changes nothing)',
  '  submit                  finish: the changes are scored',
  'Text blocks end with a line holding a single "." (type ".." for a line that is just ".").',
  'Not counted as steps: diff (your changes so far), status (steps and time), pause / resume (the clock), help, quit.',
].join('\n');

const META = new Set<MetaCommand>(['help', 'diff', 'status', 'pause', 'resume', 'quit']);

const editor = (args: Record<string, unknown>): Action => ({ tool: 'str_replace_editor', args });

function words(line: string): string[] | null {
  const parsed = parseCommandLine(line);
  if (!parsed.ok || parsed.items.length !== 1 || parsed.items[0]!.pipeline.length !== 1) return null;
  return parsed.items[0]!.pipeline[0]!.words.map((w) => w.text);
}

export function parseTypedCommand(line: string): TypedCommand {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  const head = trimmed.split(/\s+/, 1)[0]!;
  const rest = trimmed.slice(head.length).trim();
  if (head === '?' || (META.has(head as MetaCommand) && rest === '')) return { kind: 'meta', name: head === '?' ? 'help' : (head as MetaCommand) };
  if (head === 'exit' && rest === '') return { kind: 'meta', name: 'quit' };
  if (head === 'think') return rest ? { kind: 'action', action: { tool: 'think', args: { thought: rest } } } : { kind: 'usage', message: 'usage: think TEXT' };
  if (head === 'submit') return { kind: 'action', action: { tool: 'submit', args: rest ? { message: rest } : {} } };
  const editorWords: Record<string, string> = {
    view: 'usage: view PATH [START END]',
    str_replace: 'usage: str_replace PATH',
    insert: 'usage: insert PATH LINE',
    create: 'usage: create PATH',
    undo: 'usage: undo PATH',
  };
  if (!(head in editorWords)) return { kind: 'action', action: { tool: 'execute_bash', args: { command: trimmed } } };
  const w = words(trimmed);
  const usage = { kind: 'usage' as const, message: editorWords[head]! };
  if (!w) return usage;
  const [, path, ...more] = w;
  if (path === undefined) return usage;
  const int = (s: string | undefined) => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null);
  switch (head) {
    case 'view': {
      if (more.length === 0) return { kind: 'action', action: editor({ command: 'view', path }) };
      const [a, b] = [int(more[0]), int(more[1])];
      if (more.length !== 2 || a === null || b === null) return usage;
      return { kind: 'action', action: editor({ command: 'view', path, view_range: [a, b] }) };
    }
    case 'str_replace':
      if (more.length) return usage;
      return {
        kind: 'blocks',
        prompts: ['old text', 'new text'],
        build: ([oldStr, newStr]) => editor({ command: 'str_replace', path, old_str: oldStr, new_str: newStr }),
      };
    case 'insert': {
      const at = int(more[0]);
      if (more.length !== 1 || at === null) return usage;
      return { kind: 'blocks', prompts: ['text to insert'], build: ([text]) => editor({ command: 'insert', path, insert_line: at, new_str: text }) };
    }
    case 'create':
      if (more.length) return usage;
      // A file typed line by line ends with a newline, as files written by editors do.
      return { kind: 'blocks', prompts: ['file content'], build: ([text]) => editor({ command: 'create', path, file_text: text === '' ? '' : `${text}\n` }) };
    default:
      if (more.length) return usage;
      return { kind: 'action', action: editor({ command: 'undo_edit', path }) };
  }
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
