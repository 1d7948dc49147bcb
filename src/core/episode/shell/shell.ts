import { CommandStopped, ShellBudget, SHELL_TIME_LIMIT_MS } from './budget';
import { fail, lineCount, type CommandOutput, type ShellCommand, type ShellState } from './command';
import { find } from './commands/find';
import { git } from './commands/git';
import { grep } from './commands/grep';
import { cd, ls, pwd } from './commands/navigation';
import { cat, cut, echo, head, nl, sed, sort, tail, uniq, wc } from './commands/text';
import { compileGlob, unescapeGlob } from './glob';
import { parseCommandLine, type SimpleCommand, type Word } from './parse';
import type { ViewedRange } from '../trajectory';
import { joinRel } from '../workspace-paths';

/**
 * A bash look-alike over the workspace: nothing is executed, every command is a function over the in-memory files.
 * It runs pipelines (`|`), lists (`&&`, `||`, `;`), file-name expansion and the common redirections. The command
 * table is open: a sandbox (issue 6) registers `python` or `node` here, and the same command lines then run them.
 */

export interface ShellRun {
  /** stdout and stderr as a terminal shows them. */
  output: string;
  code: number;
  /** File lines shown by the last command of each pipeline (a `cat f | grep x` shows only grep's lines). */
  views: ViewedRange[];
}

export const BUILTIN_COMMANDS: Readonly<Record<string, ShellCommand>> = {
  ls,
  cd,
  pwd,
  cat,
  nl,
  head,
  tail,
  wc,
  sed,
  echo,
  sort,
  uniq,
  cut,
  grep,
  find,
  git,
  true: () => ({ stdout: '', stderr: '', code: 0 }),
  false: () => ({ stdout: '', stderr: '', code: 1 }),
};

interface Redirect {
  dropOut: boolean;
  dropErr: boolean;
  errToOut: boolean;
  outToErr: boolean;
}

const NO_REDIRECT: Readonly<Redirect> = { dropOut: false, dropErr: false, errToOut: false, outToErr: false };

/** What a command that threw prints: why it stopped (the time limit, say), or an internal error. */
function commandFailure(name: string, err: unknown): CommandOutput {
  if (err instanceof CommandStopped) return fail(`${name}: ${err.message}`, err.code);
  return fail(`bash: ${name}: internal error: ${(err as Error).message}`);
}

export class WorkspaceShell {
  private readonly commands = new Map<string, ShellCommand>(Object.entries(BUILTIN_COMMANDS));

  private readonly newBudget: () => ShellBudget;

  /** `timeLimitMs`: the time one command line may spend in the shell's own commands (see budget.ts), by `clock`. */
  constructor(
    readonly state: ShellState,
    options: { timeLimitMs?: number; clock?: () => number } = {},
  ) {
    this.newBudget = () => new ShellBudget(options.timeLimitMs ?? SHELL_TIME_LIMIT_MS, options.clock);
    this.commands.set('xargs', (input) => this.xargs(input.args, input.stdin, input.budget));
  }

  /** Adds or replaces a command (the extension point for sandboxes). */
  register(name: string, command: ShellCommand): void {
    this.commands.set(name, command);
  }

  commandNames(): string[] {
    return [...this.commands.keys()].sort();
  }

  async run(line: string): Promise<ShellRun> {
    const parsed = parseCommandLine(line);
    if (!parsed.ok) return { output: `${parsed.error}\n`, code: 2, views: [] };
    let output = '';
    let code = 0;
    const views: ViewedRange[] = [];
    let skip = false;
    const budget = this.newBudget();
    for (const item of parsed.items) {
      if (!skip) {
        const r = await this.pipeline(item.pipeline, budget);
        output += r.output;
        code = r.code;
        views.push(...r.views);
      }
      skip = (item.then === '&&' && code !== 0) || (item.then === '||' && code === 0);
    }
    return { output, code, views };
  }

  private async pipeline(commands: SimpleCommand[], budget: ShellBudget): Promise<ShellRun> {
    let stdin: string | null = null;
    let source: ViewedRange | null = null;
    let terminal = '';
    let last: CommandOutput = { stdout: '', stderr: '', code: 0 };
    for (let k = 0; k < commands.length; k++) {
      last = await this.simple(commands[k]!, stdin, source, budget);
      terminal += last.stderr;
      stdin = last.stdout;
      source = last.lineSource ?? null;
    }
    return { output: terminal + last.stdout, code: last.code, views: last.views ?? [] };
  }

  private async simple(command: SimpleCommand, pipedIn: string | null, pipedSource: ViewedRange | null, budget: ShellBudget): Promise<CommandOutput> {
    // The synchronous part of a command (all of a built-in one) counts against the line's time budget.
    let name = 'bash';
    let redirect = NO_REDIRECT;
    let pending: CommandOutput | Promise<CommandOutput>;
    budget.begin();
    try {
      const prepared = this.prepare(command, pipedIn, pipedSource, budget);
      if ('code' in prepared) return prepared;
      ({ name, redirect } = prepared);
      pending = prepared.start();
    } catch (err) {
      pending = commandFailure(name, err);
    } finally {
      budget.end();
    }
    let result: CommandOutput;
    try {
      result = await pending;
    } catch (err) {
      result = commandFailure(name, err);
    }
    let { stdout, stderr } = result;
    if (redirect.errToOut) [stdout, stderr] = [stdout + stderr, ''];
    if (redirect.outToErr) [stdout, stderr] = ['', stderr + stdout];
    if (redirect.dropOut) stdout = '';
    if (redirect.dropErr) stderr = '';
    return { ...result, stdout, stderr };
  }

  /** Expands the words and reads the redirections: the command ready to start, or the output of a failed redirection. */
  private prepare(
    command: SimpleCommand,
    pipedIn: string | null,
    pipedSource: ViewedRange | null,
    budget: ShellBudget,
  ): CommandOutput | { name: string; redirect: Redirect; start: () => CommandOutput | Promise<CommandOutput> } {
    const words = command.words.flatMap((w) => this.expand(w, budget));
    let stdin = pipedIn;
    let stdinSource = pipedSource;
    const redirect = { ...NO_REDIRECT };
    for (const r of command.redirects) {
      if (r.op === '<') {
        const p = this.state.paths.resolve(r.target, this.state.cwd);
        const text = p.ok ? this.state.workspace.read(p.rel) : undefined;
        if (text === undefined) return fail(`bash: ${r.target}: No such file or directory`);
        stdin = text;
        stdinSource = p.ok && text !== '' ? { path: p.rel, start: 1, end: lineCount(text) } : null;
      } else if (r.op === '>&') {
        if (r.fd === 2 && r.target === '1') redirect.errToOut = true;
        else if (r.fd === 1 && r.target === '2') redirect.outToErr = true;
        else return fail(`bash: ${r.target}: ambiguous redirect`);
      } else if (r.target === '/dev/null') {
        if (r.fd === 1 || r.fd === 3) redirect.dropOut = true;
        if (r.fd === 2 || r.fd === 3) redirect.dropErr = true;
      } else {
        return fail(`bash: writing files with '${r.op}' is not supported here; change files with str_replace_editor (create, str_replace, insert)`);
      }
    }
    const [name, ...args] = words;
    if (name === undefined) return { stdout: '', stderr: '', code: 0 };
    const impl = this.commands.get(name);
    if (!impl) return { stdout: '', stderr: `bash: ${name}: command not found\n`, code: 127 };
    return { name, redirect, start: () => impl({ name, args, stdin, stdinSource, state: this.state, budget }) };
  }

  /** Bash file-name expansion: sorted matches, or the word itself when nothing matches. */
  private expand(word: Word, budget: ShellBudget): string[] {
    if (word.glob === null) return [word.text];
    const pattern = word.glob;
    const { paths, workspace, cwd } = this.state;
    let base = cwd;
    let shownPrefix = '';
    let rest = pattern;
    if (pattern.startsWith('/')) {
      if (!pattern.startsWith(`${paths.root}/`)) return [unescapeGlob(pattern)];
      base = '';
      shownPrefix = `${paths.root}/`;
      rest = pattern.slice(paths.root.length + 1);
    }
    const dirOnly = rest.endsWith('/');
    const segments = rest.split('/').filter((s) => s !== '');
    let found: { rel: string; shown: string }[] = [{ rel: base, shown: '' }];
    segments.forEach((seg, i) => {
      const lastSeg = i === segments.length - 1;
      const next: { rel: string; shown: string }[] = [];
      for (const f of found) {
        const shown = (name: string) => (f.shown ? `${f.shown}/${name}` : name);
        if (/(^|[^\\])[*?[]/.test(seg)) {
          budget.check();
          const glob = compileGlob(seg);
          for (const e of workspace.list(f.rel)) {
            if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
            if (!glob.test(e.name)) continue;
            if ((!lastSeg || dirOnly) && e.kind !== 'dir') continue;
            next.push({ rel: joinRel(f.rel, e.name), shown: shown(e.name) });
          }
        } else {
          const name = unescapeGlob(seg);
          const r = paths.resolve(name, f.rel);
          if (r.ok && (lastSeg ? workspace.exists(r.rel) : workspace.isDir(r.rel))) next.push({ rel: r.rel, shown: shown(name) });
        }
      }
      found = next;
    });
    if (found.length === 0) return [unescapeGlob(pattern)];
    return found.map((f) => shownPrefix + f.shown + (dirOnly ? '/' : '')).sort();
  }

  private async xargs(args: string[], stdin: string | null, budget: ShellBudget): Promise<CommandOutput> {
    const [name = 'echo', ...fixed] = args.filter((a, i) => !(i === 0 && a === '-r'));
    const items = (stdin ?? '').split(/\s+/).filter((s) => s !== '');
    if (items.length === 0 && args[0] === '-r') return { stdout: '', stderr: '', code: 0 };
    const words = [name, ...fixed, ...items].map((text): Word => ({ text, glob: null }));
    const r = await this.simple({ words, redirects: [] }, null, null, budget);
    // xargs reports a failing command with status 123.
    return r.code === 0 || r.code === 127 ? r : { ...r, code: 123 };
  }
}
