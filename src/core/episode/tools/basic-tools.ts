import { commandLineFacts, stringArg, ToolError, type Tool } from './tool';

/** The shell, `think` and `submit`: the other three tools of the paper's agent (OpenHands' bash, think, finish). */

export const bashTool: Tool = {
  name: 'execute_bash',
  description: [
    'Run a shell command line in the workspace (a simulated bash: nothing is executed, the commands work on the',
    'workspace files). Available: ls [-la], cd, pwd, cat [-n], nl [-ba], head/tail -n N, grep (-r -n -i -l -w -E -c -v -o -A/-B/-C,',
    "--include=GLOB), find PATH -name GLOB -type f|d, wc [-l], sed -n 'A,Bp', echo, sort, uniq, cut, xargs, git diff, git",
    "status; pipes (|), &&, ||, ;, quotes, globs, 2>/dev/null. Files are changed with str_replace_editor, not with '>'.",
  ].join(' '),
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command line, e.g. `grep -rn "def parse" --include=*.py .`' },
      timeout: { type: 'number', description: 'Accepted for compatibility with OpenHands; commands here finish at once.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
  action: () => 'run',
  ...commandLineFacts({ help: 'Type shell commands as in bash (ls, cd, cat, grep -rn, find, head, tail, sed -n, wc, git diff, ...), or:' }),
  brief: [
    'a simulated shell over the repository (grep, find, ls, cat, head, tail, sed -n, wc, pipes).',
    'It runs no programs (no python, pip or network): use it to search and read.',
  ],
  async run(args, ctx) {
    const command = (args.command as string).trim();
    if (command === '') throw new ToolError('No command given: pass a shell command line, e.g. `ls`.');
    const r = await ctx.shell.run(command);
    for (const v of r.views) ctx.noteView(v);
    return r.code === 0 ? r.output : `${r.output}[The command completed with exit code ${r.code}.]`;
  },
};

export const thinkTool: Tool = {
  name: 'think',
  description: 'Write down a thought: reasoning, a plan, a hypothesis to check. It changes nothing in the workspace.',
  parameters: {
    type: 'object',
    properties: { thought: { type: 'string', description: 'The thought.' } },
    required: ['thought'],
    additionalProperties: false,
  },
  action: () => 'think',
  summarize: (args) => stringArg(args, 'thought')?.slice(0, 80) ?? '',
  brief: ['note your reasoning when it helps; it changes nothing.'],
  typed: {
    words: [
      { word: 'think', usage: 'think TEXT', help: 'note a thought (recorded, changes nothing)', parse: (rest) => (rest ? { args: { thought: rest } } : null) },
    ],
  },
  run() {
    return 'Your thought has been logged.';
  },
};

export const submitTool: Tool = {
  name: 'submit',
  description: 'Finish the episode: the changes made so far are the answer and are scored. Call it once the task is done.',
  parameters: {
    type: 'object',
    properties: { message: { type: 'string', description: 'Optional: a short summary of what was done.' } },
    required: [],
    additionalProperties: false,
  },
  ends: true,
  action: () => 'finish',
  summarize: () => '',
  brief: ['ends the episode; your edits at that moment are the answer.'],
  typed: { words: [{ word: 'submit', usage: 'submit', help: 'finish: the changes are scored', parse: (rest) => ({ args: rest ? { message: rest } : {} }) }] },
  run() {
    return 'Submitted.';
  },
};
