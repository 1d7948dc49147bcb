import { STANDARD_TOOLS, ToolRegistry } from '../core/episode/tools/registry';
import { commandLineFacts, ToolError, type Tool, type ToolContext, type ToolLookup } from '../core/episode/tools/tool';
import type { ViewedRange } from '../core/episode/trajectory';
import { formatSeconds } from './duration';

/**
 * The `run` tool of the episode's registry: a program (python, node, npm) executed for real in a sandbox, on the
 * workspace as it is now. The registry stays free of sandboxes: the tool is given an executor (the sandbox session),
 * and only turns its report into an observation and tells the trajectory which files the program changed.
 */

export interface RunRequest {
  command: string;
  timeoutMs: number;
  /** The step's context: the workspace, the shell (its current directory) and the view/edit notes. */
  ctx: ToolContext;
}

export interface RunReport {
  /** What a terminal would have shown, stdout and stderr in the order they came. */
  output: string;
  exitCode: number;
  /** The time limit stopped it. */
  timedOut: boolean;
  /** The player stopped it (the terminal's stop button). */
  stopped: boolean;
  /** Workspace paths the program wrote or deleted; they are already applied to the workspace. */
  written: string[];
  deleted: string[];
  /** File lines shown, when shell commands of the line showed some (`python t.py && cat out.txt`). */
  views?: ViewedRange[];
}

/** Runs a request, or throws ToolError when it cannot run at all (not a program, the engine is unavailable here). */
export type RunExecutor = (request: RunRequest) => Promise<RunReport>;

export interface RunToolOptions {
  execute: RunExecutor;
  /** What can run here, for the description: e.g. ['python'] or ['python', 'node', 'npm']. */
  programs: readonly string[];
  /** Why engines this repo would use cannot run here, for the description. */
  unavailable?: readonly string[];
  defaultTimeoutS?: number;
  maxTimeoutS?: number;
  /** The typed lines that are programs to run (the others go to the shell); none without it. */
  claims?: (line: string) => boolean;
}

export const RUN_DEFAULT_TIMEOUT_S = 30;
export const RUN_MAX_TIMEOUT_S = 300;
/** Changed files listed by name in an observation; more are counted. */
const LISTED_FILES = 20;

export function describeRunTool(
  programs: readonly string[],
  unavailable: readonly string[] = [],
  defaultS = RUN_DEFAULT_TIMEOUT_S,
  maxS = RUN_MAX_TIMEOUT_S,
): string {
  const forms: string[] = [];
  if (programs.includes('python')) {
    forms.push('`python FILE [ARGS]`, `python -c CODE`, `python -m MODULE` (e.g. `python -m unittest tests.test_x`)');
  }
  if (programs.includes('node')) forms.push('`node FILE`, `npm test`, `npm run SCRIPT`');
  const parts = [forms.length ? `Execute a program for real in the sandbox: ${forms.join('; ')}.` : 'Execute a program (python, node) for real in a sandbox.'];
  if (programs.includes('python')) {
    parts.push('Python is CPython in Pyodide with the standard library only (no pytest, numpy or other packages).');
  }
  parts.push(
    'It runs on the workspace as it is now, edits included, from the current directory; files the program writes or',
    'deletes become part of the workspace (and of the diff). Shell operators work around it (`cd tests && python -m',
    'unittest`, `python x.py | tail -n 20`).',
    `The program is stopped after \`timeout\` seconds (default ${defaultS}, at most ${maxS}).`,
    'The observation is its output, its exit code and the files it changed.',
  );
  for (const why of unavailable) parts.push(`Not available here: ${why}.`);
  return parts.join(' ');
}

export function createRunTool(options: RunToolOptions): Tool {
  const defaultS = options.defaultTimeoutS ?? RUN_DEFAULT_TIMEOUT_S;
  const maxS = options.maxTimeoutS ?? RUN_MAX_TIMEOUT_S;
  return {
    name: 'run',
    description: describeRunTool(options.programs, options.unavailable, defaultS, maxS),
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command line, e.g. `python -m unittest tests.test_cart -v`.' },
        timeout: { type: 'number', description: `Time limit in seconds (default ${defaultS}, at most ${maxS}).` },
      },
      required: ['command'],
      additionalProperties: false,
    },
    action: () => 'run',
    ...commandLineFacts({ claims: options.claims ?? (() => false) }),
    brief: [
      `runs a program for real in the sandbox (${options.programs.length ? options.programs.join(', ') : 'python, node'}) on the workspace as it is now,`,
      `edits included, stopped after \`timeout\` seconds (default ${defaultS}); files it writes become part of the diff.`,
    ],
    async run(args, ctx) {
      const command = (args.command as string).trim();
      if (command === '') throw new ToolError('No command given: pass a program to run, e.g. `python -c "print(1)"`.');
      const seconds = args.timeout === undefined ? defaultS : (args.timeout as number);
      if (!(seconds > 0)) throw new ToolError(`timeout must be a positive number of seconds, got ${seconds}`);
      const timeoutMs = Math.min(seconds, maxS) * 1000;
      const report = await options.execute({ command, timeoutMs, ctx });
      for (const v of report.views ?? []) ctx.noteView(v);
      for (const p of [...report.written, ...report.deleted]) ctx.noteEdit(p);
      const notes = runNotes(report, timeoutMs, maxS).join('\n');
      const output = report.output && !report.output.endsWith('\n') ? `${report.output}\n` : report.output;
      return `${output}${notes}`;
    },
  };
}

/** The lines after the output: how it ended, and what it changed. The terminal prints them after live output. */
export function runNotes(report: RunReport, timeoutMs: number, maxS = RUN_MAX_TIMEOUT_S): string[] {
  const notes: string[] = [];
  if (report.timedOut) {
    notes.push(
      `[The program was stopped: it ran past its time limit of ${formatSeconds(timeoutMs)} (exit code ${report.exitCode}). ` +
        `If it needs longer, pass a larger timeout (at most ${maxS} s).]`,
    );
  } else if (report.stopped) notes.push(`[The program was stopped by the player (exit code ${report.exitCode}).]`);
  else notes.push(`[The command completed with exit code ${report.exitCode}.]`);
  const list = (paths: string[]) => paths.slice(0, LISTED_FILES).join(', ') + (paths.length > LISTED_FILES ? `, and ${paths.length - LISTED_FILES} more` : '');
  if (report.written.length) notes.push(`[Files the program wrote, now in the workspace: ${list(report.written)}]`);
  if (report.deleted.length) notes.push(`[Files the program deleted from the workspace: ${list(report.deleted)}]`);
  return notes;
}

/**
 * The tools of a stored episode (the History and Result screens): the standard ones and a `run` that runs nothing,
 * for what a step list or an exported record reads of them (action kinds, summaries).
 */
export const storedEpisodeTools: ToolLookup = new ToolRegistry([
  ...STANDARD_TOOLS,
  createRunTool({ execute: () => Promise.reject(new ToolError('This episode is not live: nothing runs here.')), programs: [] }),
]);
