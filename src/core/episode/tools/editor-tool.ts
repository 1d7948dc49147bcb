import { splitLines } from '../shell/command';
import { parentOf } from '../workspace-paths';
import { stringArg, ToolError, type OpenHandsActionKind, type Tool, type ToolContext, type TypedWord } from './tool';

/**
 * The file editor, modelled on OpenHands' `str_replace_editor` (the tool the paper's agents edited with): the same
 * commands, arguments, output layout (`cat -n` numbering, 4-line snippets after an edit) and error wording, so a
 * model trained on those trajectories meets what it knows. Differences: relative paths are accepted (taken from
 * the shell's current directory), a file view has no phantom empty line after a final newline, and undoing a
 * `create` removes the file.
 */

const SNIPPET_CONTEXT = 4;
/** The commands, each with its OpenHands action kind: a `view` reads, the others edit. */
const COMMAND_ACTIONS = { view: 'read', create: 'edit', str_replace: 'edit', insert: 'edit', undo_edit: 'edit' } as const satisfies Record<
  string,
  OpenHandsActionKind
>;
type Command = keyof typeof COMMAND_ACTIONS;
const COMMANDS = Object.keys(COMMAND_ACTIONS) as Command[];

function numbered(lines: string[], firstLine: number): string {
  return lines.map((l, i) => `${String(i + firstLine).padStart(6)}\t${l}`).join('\n');
}

function catN(what: string, lines: string[], firstLine = 1): string {
  return `Here's the result of running \`cat -n\` on ${what}:\n${numbered(lines, firstLine)}\n`;
}

function invalid(param: string, value: unknown, hint: string): ToolError {
  const shown = Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
  return new ToolError(`Invalid \`${param}\` parameter: ${shown}. ${hint}`);
}

function missing(param: string, command: string): ToolError {
  return new ToolError(`Parameter \`${param}\` is required for command: ${command}.`);
}

interface Target {
  rel: string;
  abs: string;
}

function resolveTarget(ctx: ToolContext, path: string): Target {
  const r = ctx.paths.resolve(path, ctx.shell.state.cwd);
  if (!r.ok) throw invalid('path', path, `The path is outside the workspace; use a path under ${ctx.paths.root}.`);
  return { rel: r.rel, abs: ctx.paths.absolute(r.rel) };
}

function readFile(ctx: ToolContext, t: Target): string {
  const text = ctx.workspace.read(t.rel);
  if (text === undefined) throw invalid('path', t.abs, `The path ${t.abs} does not exist. Please provide a valid path.`);
  return text;
}

function viewDirectory(ctx: ToolContext, t: Target): string {
  const entries: string[] = [`${t.abs}/`];
  const hidden = ctx.workspace.list(t.rel).filter((e) => e.name.startsWith('.')).length;
  const walk = (rel: string, depth: number) => {
    for (const e of ctx.workspace.list(rel)) {
      if (e.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      entries.push(ctx.paths.absolute(childRel) + (e.kind === 'dir' ? '/' : ''));
      if (e.kind === 'dir' && depth < 2) walk(childRel, depth + 1);
    }
  };
  walk(t.rel, 1);
  const sorted = [entries[0], ...entries.slice(1).sort((a, b) => (a.replace(/\/$/, '') < b.replace(/\/$/, '') ? -1 : 1))];
  let out = `Here's the files and directories up to 2 levels deep in ${t.abs}, excluding hidden items:\n${sorted.join('\n')}`;
  if (hidden > 0) out += `\n\n${hidden} hidden files/directories in this directory are excluded. You can use 'ls -la ${t.abs}' to see them.`;
  return out;
}

function view(ctx: ToolContext, t: Target, range: number[] | undefined): string {
  if (ctx.workspace.isDir(t.rel) && !ctx.workspace.isFile(t.rel)) {
    if (range) throw invalid('view_range', range, 'The `view_range` parameter is not allowed when `path` points to a directory.');
    return viewDirectory(ctx, t);
  }
  const lines = splitLines(readFile(ctx, t));
  const n = lines.length;
  if (!range) {
    if (n) ctx.noteView({ path: t.rel, start: 1, end: n });
    return catN(t.abs, lines);
  }
  if (range.length !== 2) throw invalid('view_range', range, 'It should be a list of two integers.');
  const start = range[0]!;
  const endGiven = range[1]!;
  if (start < 1 || start > n) {
    throw invalid('view_range', range, `Its first element \`${start}\` should be within the range of lines of the file: [1, ${n}].`);
  }
  let end = endGiven;
  let note = '';
  if (end === -1) end = n;
  else if (end > n) {
    note = `\nNOTE: We only show up to ${n} since there's only ${n} lines in this file\n`;
    end = n;
  }
  if (end < start) {
    throw invalid('view_range', range, `Its second element \`${end}\` should be greater than or equal to the first element \`${start}\`.`);
  }
  ctx.noteView({ path: t.rel, start, end });
  return catN(t.abs, lines.slice(start - 1, end), start) + note;
}

function create(ctx: ToolContext, t: Target, fileText: string | undefined): string {
  if (ctx.workspace.exists(t.rel)) {
    throw invalid('path', t.abs, `File already exists at: ${t.abs}. Cannot overwrite files using command \`create\`.`);
  }
  if (fileText === undefined) throw missing('file_text', 'create');
  for (let d = parentOf(t.rel); d !== ''; d = parentOf(d)) {
    if (ctx.workspace.isFile(d)) throw invalid('path', t.abs, `${ctx.paths.absolute(d)} is a file, so it cannot hold ${t.abs}.`);
  }
  ctx.workspace.write(t.rel, fileText);
  ctx.history.push(t.rel, null);
  ctx.noteEdit(t.rel);
  return `File created successfully at: ${t.abs}`;
}

function snippet(ctx: ToolContext, t: Target, text: string, startLine: number, endLine: number): { lines: string[]; first: number } {
  const lines = splitLines(text).slice(startLine, endLine);
  if (lines.length) ctx.noteView({ path: t.rel, start: startLine + 1, end: startLine + lines.length });
  return { lines, first: startLine + 1 };
}

function strReplace(ctx: ToolContext, t: Target, oldStr: string | undefined, newStr: string | undefined): string {
  const text = readFile(ctx, t);
  if (oldStr === undefined) throw missing('old_str', 'str_replace');
  const replacement = newStr ?? '';
  if (replacement === oldStr) throw invalid('new_str', newStr, 'No replacement was performed. `new_str` and `old_str` must be different.');
  const found: number[] = [];
  if (oldStr !== '') for (let i = text.indexOf(oldStr); i !== -1; i = text.indexOf(oldStr, i + oldStr.length)) found.push(i);
  if (found.length === 0) throw new ToolError(`No replacement was performed, old_str \`${oldStr}\` did not appear verbatim in ${t.abs}.`);
  const lineOf = (i: number) => text.slice(0, i).split('\n').length;
  if (found.length > 1) {
    const lines = [...new Set(found.map(lineOf))];
    throw new ToolError(
      `No replacement was performed. Multiple occurrences of old_str \`${oldStr}\` in lines [${lines.join(', ')}]. Please ensure it is unique.`,
    );
  }
  const at = found[0]!;
  const updated = text.slice(0, at) + replacement + text.slice(at + oldStr.length);
  ctx.workspace.write(t.rel, updated);
  ctx.history.push(t.rel, text);
  ctx.noteEdit(t.rel);
  const line = lineOf(at);
  const start = Math.max(0, line - SNIPPET_CONTEXT);
  const end = line + SNIPPET_CONTEXT + (replacement.match(/\n/g) ?? []).length;
  const s = snippet(ctx, t, updated, start, end);
  return (
    `The file ${t.abs} has been edited. ${catN(`a snippet of ${t.abs}`, s.lines, s.first)}` +
    'Review the changes and make sure they are as expected. Edit the file again if necessary.'
  );
}

function insert(ctx: ToolContext, t: Target, insertLine: number | undefined, newStr: string | undefined): string {
  const text = readFile(ctx, t);
  if (insertLine === undefined) throw missing('insert_line', 'insert');
  if (newStr === undefined) throw missing('new_str', 'insert');
  const lines = splitLines(text);
  const n = lines.length;
  if (insertLine < 0 || insertLine > n) throw invalid('insert_line', insertLine, `It should be within the range of allowed values: [0, ${n}]`);
  const added = newStr.split('\n');
  const endsWithNewline = text === '' || text.endsWith('\n');
  const all = [...lines.slice(0, insertLine), ...added, ...lines.slice(insertLine)];
  // The file keeps its convention for the final newline.
  const updated = all.join('\n') + (endsWithNewline ? '\n' : '');
  ctx.workspace.write(t.rel, updated);
  ctx.history.push(t.rel, text);
  ctx.noteEdit(t.rel);
  const start = Math.max(0, insertLine - SNIPPET_CONTEXT);
  const end = Math.min(n + added.length, insertLine + SNIPPET_CONTEXT + added.length);
  const s = snippet(ctx, t, updated, start, end);
  return (
    `The file ${t.abs} has been edited. ${catN('a snippet of the edited file', s.lines, s.first)}` +
    'Review the changes and make sure they are as expected (correct indentation, no duplicate lines, etc). Edit the file again if necessary.'
  );
}

function undo(ctx: ToolContext, t: Target): string {
  const current = ctx.workspace.read(t.rel);
  const before = ctx.history.pop(t.rel);
  if (before === undefined) {
    if (current === undefined) throw invalid('path', t.abs, `The path ${t.abs} does not exist. Please provide a valid path.`);
    throw new ToolError(`No edit history found for ${t.abs}.`);
  }
  ctx.noteEdit(t.rel);
  if (before === null) {
    ctx.workspace.remove(t.rel);
    return `Last edit to ${t.abs} undone successfully: the file had been created with \`create\` and is removed.`;
  }
  ctx.workspace.write(t.rel, before);
  const lines = splitLines(before);
  if (lines.length) ctx.noteView({ path: t.rel, start: 1, end: lines.length });
  return `Last edit to ${t.abs} undone successfully. ${catN(t.abs, lines)}`;
}

const int = (s: string | undefined) => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null);
/** The path, when the typed words are exactly one. */
const onlyPath = (words: string[] | null) => (words?.length === 1 ? words[0]! : null);

/**
 * The editor's words at a terminal prompt: `view PATH [A B]`, and the edits, which ask for their text blocks
 * (a file typed line by line ends with a newline, as files written by editors do).
 */
const TYPED_WORDS: TypedWord[] = [
  {
    word: 'view',
    usage: 'view PATH [START END]',
    help: 'show a file with line numbers (or a folder), optionally only lines START..END',
    parse: (_rest, words) => {
      const [path, ...more] = words ?? [];
      if (path === undefined) return null;
      if (more.length === 0) return { args: { command: 'view', path } };
      const [a, b] = [int(more[0]), int(more[1])];
      return more.length === 2 && a !== null && b !== null ? { args: { command: 'view', path, view_range: [a, b] } } : null;
    },
  },
  {
    word: 'str_replace',
    usage: 'str_replace PATH',
    help: 'replace a unique piece of text: you are asked for the old and the new text',
    parse: (_rest, words) => {
      const path = onlyPath(words);
      return path === null
        ? null
        : { prompts: ['old text', 'new text'], build: ([oldStr, newStr]) => ({ command: 'str_replace', path, old_str: oldStr, new_str: newStr }) };
    },
  },
  {
    word: 'insert',
    usage: 'insert PATH LINE',
    help: 'insert text after line LINE (0 = at the top): you are asked for the text',
    parse: (_rest, words) => {
      const [path, ...more] = words ?? [];
      const at = int(more[0]);
      if (path === undefined || more.length !== 1 || at === null) return null;
      return { prompts: ['text to insert'], build: ([text]) => ({ command: 'insert', path, insert_line: at, new_str: text }) };
    },
  },
  {
    word: 'create',
    usage: 'create PATH',
    help: 'create a new file: you are asked for its content',
    parse: (_rest, words) => {
      const path = onlyPath(words);
      return path === null ? null : { prompts: ['file content'], build: ([text]) => ({ command: 'create', path, file_text: text === '' ? '' : `${text}\n` }) };
    },
  },
  {
    word: 'undo',
    usage: 'undo PATH',
    help: 'undo the last edit of that file',
    parse: (_rest, words) => {
      const path = onlyPath(words);
      return path === null ? null : { args: { command: 'undo_edit', path } };
    },
  },
];

export const editorTool: Tool = {
  name: 'str_replace_editor',
  description: [
    'View, create and edit files in the workspace.',
    '* `view` on a file shows it with line numbers (like `cat -n`); `view_range` [start, end] shows part of it (end -1 = to the end). On a folder it lists files and folders up to 2 levels deep.',
    '* `create` makes a new file with `file_text`; it cannot overwrite an existing file.',
    '* `str_replace` replaces `old_str` with `new_str`. `old_str` must match exactly one place in the file, whitespace included: add surrounding lines to make it unique.',
    '* `insert` adds `new_str` after line `insert_line` (0 inserts at the top).',
    '* `undo_edit` reverts the last edit made to the file.',
    `Paths are absolute under the workspace root (e.g. /workspace/<repo>/pkg/mod.py) or relative to the shell's current directory.`,
  ].join('\n'),
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'string', enum: [...COMMANDS], description: 'The command to run: view, create, str_replace, insert or undo_edit.' },
      path: { type: 'string', description: 'The file or folder, e.g. /workspace/<repo>/pkg/mod.py.' },
      file_text: { type: 'string', description: 'For `create`: the content of the new file.' },
      old_str: { type: 'string', description: 'For `str_replace`: the exact text to replace (must occur once).' },
      new_str: { type: 'string', description: 'For `str_replace`: the replacement text. For `insert`: the text to insert.' },
      insert_line: { type: 'integer', description: 'For `insert`: the line after which `new_str` goes (0 = top of the file).' },
      view_range: {
        type: 'array',
        items: { type: 'integer' },
        description: 'For `view` on a file: [start, end], 1-based and inclusive; end -1 means to the end.',
      },
    },
    required: ['command', 'path'],
    additionalProperties: false,
  },
  action: (args) => {
    const command = stringArg(args, 'command');
    return command !== null && Object.hasOwn(COMMAND_ACTIONS, command) ? COMMAND_ACTIONS[command as Command] : null;
  },
  summarize: (args) => {
    const [command, path] = [stringArg(args, 'command'), stringArg(args, 'path')];
    return command === null ? '' : path === null ? command : `${command} ${path}`;
  },
  brief: [
    'view files with line numbers, and edit them (str_replace, insert after a line, undo_edit).',
    "Edit only with this tool. Keep the file's indentation exactly.",
  ],
  typed: { words: TYPED_WORDS },
  run(args, ctx) {
    const command = args.command as Command;
    const path = args.path as string;
    if (!path.startsWith('/') && path.trim() === '') throw invalid('path', path, 'The path should not be empty.');
    const t = resolveTarget(ctx, path);
    if (command !== 'view' && command !== 'create' && ctx.workspace.isDir(t.rel) && !ctx.workspace.isFile(t.rel)) {
      throw invalid('path', t.abs, `The path ${t.abs} is a directory and only the \`view\` command can be used on directories.`);
    }
    switch (command) {
      case 'view':
        return view(ctx, t, args.view_range as number[] | undefined);
      case 'create':
        return create(ctx, t, args.file_text as string | undefined);
      case 'str_replace':
        return strReplace(ctx, t, args.old_str as string | undefined, args.new_str as string | undefined);
      case 'insert':
        return insert(ctx, t, args.insert_line as number | undefined, args.new_str as string | undefined);
      case 'undo_edit':
        return undo(ctx, t);
    }
  },
};
