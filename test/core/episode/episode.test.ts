import { startOf } from '../../../src/core/tasks/make-episode';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Episode, type ScoreResult } from '../../../src/core/episode/episode';
import { EpisodeSetupError, type EpisodeInstance } from '../../../src/core/episode/episode-start';
import { ToolRegistry } from '../../../src/core/episode/tools/registry';
import type { Trajectory } from '../../../src/core/episode/trajectory';
import { FIXTURES, toyShopFiles } from './toy-shop';

const ROOT = '/workspace/toy__shop__fixture';
const MONEY = `${ROOT}/shop/util/money.py`;

function firstLine(path: string) {
  return JSON.parse(readFileSync(resolve(FIXTURES, path), 'utf8').split('\n')[0]!);
}
function results(task: string): { case: string; test_result: { git_patch: string } }[] {
  return readFileSync(resolve(FIXTURES, `scoring/${task}.results.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

let files: { path: string; text: string }[];
let localize: EpisodeInstance;
let depSearch: EpisodeInstance;
beforeAll(async () => {
  files = await toyShopFiles();
  localize = firstLine('scoring/func-localize.instances.jsonl');
  depSearch = firstLine('scoring/dep-search.instances.jsonl');
});

/** A controllable wall clock. */
function fakeTime(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const bash = (command: string) => ({ tool: 'execute_bash', args: { command } });
const editor = (args: Record<string, unknown>) => ({ tool: 'str_replace_editor', args });

describe('reset: the start state of each task', () => {
  it('function localization: the target docstring is gone from the workspace and the diff starts empty', async () => {
    const ep = new Episode();
    const instruction = ep.reset(startOf(localize, files));
    expect(instruction).toContain(`The repository is at ${ROOT}.`);
    expect(instruction).toContain('format_price');
    const original = files.find((f) => f.path === 'shop/util/money.py')!.text.split('\n');
    const start = ep.workspace.read('shop/util/money.py')!.split('\n');
    expect(start.length).toBe(original.length - 4);
    expect(start[40]).toBe('def format_price(money):');
    expect(start[41]).toBe('    whole, cents = divmod(money.cents, 100)');
    expect(ep.diff()).toBe('');
    expect(ep.status).toBe('running');
    expect(ep.stepCount).toBe(0);
  });

  it('dependency search: the repo as it is, and an instruction naming the target at its 1-based line', () => {
    const ep = new Episode();
    const instruction = ep.reset(startOf(depSearch, files));
    expect(instruction).toContain('`summary` at line 40 of `shop/core/cart.py`');
    for (const f of files) expect(ep.workspace.read(f.path)).toBe(f.text);
  });

  it('refuses an instance whose file is not in the repo', () => {
    expect(() => new Episode().reset(startOf({ ...localize, file_path: 'nope.py' } as typeof localize, files))).toThrow(EpisodeSetupError);
    expect(() => new Episode().reset(startOf({ instance_id: 'x', repo: 'a/b', base_commit: 'c' }, files))).toThrow(/neither/);
  });
});

describe('playing an episode with the editor', () => {
  it("writing the docstring with str_replace gives the same patch as the authors' git diff", async () => {
    const ep = new Episode();
    ep.reset(startOf(localize, files));
    const r = await ep.step(
      editor({
        command: 'str_replace',
        path: MONEY,
        old_str: 'def format_price(money):\n',
        new_str: 'def format_price(money):\n    """\n    Format money as a price string.\n    """\n',
      }),
    );
    expect(r.info.error).toBe(false);
    expect(r.observation).toContain(
      `The file ${MONEY} has been edited. Here's the result of running \`cat -n\` on a snippet of ${MONEY}:\n    38\t    return wrapper\n`,
    );
    expect(r.observation).toContain('    42\t    """\n');
    expect(r.observation.endsWith('Review the changes and make sure they are as expected. Edit the file again if necessary.')).toBe(true);
    const expected = results('func-localize').find((x) => x.case === 'multiline_docstring')!.test_result.git_patch;
    expect(ep.diff()).toBe(expected);
    expect(ep.trajectory.steps[0]!.edits).toEqual(['shop/util/money.py']);
  });

  it('view shows cat -n numbering for a file, a range, and a folder two levels deep', async () => {
    const ep = new Episode();
    ep.reset(startOf(depSearch, files));
    const whole = await ep.step(editor({ command: 'view', path: `${ROOT}/shop/core/base.py` }));
    expect(whole.observation).toBe(
      `Here's the result of running \`cat -n\` on ${ROOT}/shop/core/base.py:\n` +
        files
          .find((f) => f.path === 'shop/core/base.py')!
          .text.split('\n')
          .slice(0, 11)
          .map((l, i) => `${String(i + 1).padStart(6)}\t${l}`)
          .join('\n') +
        '\n',
    );
    const part = await ep.step(editor({ command: 'view', path: 'shop/core/cart.py', view_range: [40, 44] }));
    const cart = files.find((f) => f.path === 'shop/core/cart.py')!.text.split('\n');
    expect(part.observation).toBe(
      `Here's the result of running \`cat -n\` on ${ROOT}/shop/core/cart.py:\n${cart
        .slice(39, 44)
        .map((l, i) => `${String(40 + i).padStart(6)}\t${l}`)
        .join('\n')}\n`,
    );
    const toEnd = await ep.step(editor({ command: 'view', path: 'shop/core/cart.py', view_range: [72, -1] }));
    expect(
      toEnd.observation
        .split('\n')
        .filter((l) => /^ +\d+\t/.test(l))
        .map((l) => l.split('\t')[0]!.trim()),
    ).toEqual(['72', '73']);
    const dir = await ep.step(editor({ command: 'view', path: ROOT }));
    expect(dir.observation).toBe(
      [
        `Here's the files and directories up to 2 levels deep in ${ROOT}, excluding hidden items:`,
        `${ROOT}/`,
        `${ROOT}/shop/`,
        `${ROOT}/shop/__init__.py`,
        `${ROOT}/shop/core/`,
        `${ROOT}/shop/util/`,
        `${ROOT}/tests/`,
        `${ROOT}/tests/test_cart.py`,
      ].join('\n'),
    );
    expect(ep.trajectory.steps.map((s) => s.views)).toEqual([
      [{ path: 'shop/core/base.py', start: 1, end: 11 }],
      [{ path: 'shop/core/cart.py', start: 40, end: 44 }],
      [{ path: 'shop/core/cart.py', start: 72, end: 73 }],
      [],
    ]);
    expect(ep.viewedFiles()).toEqual(['shop/core/base.py', 'shop/core/cart.py']);
  });

  it('insert after a line (0 = top), create, and undo_edit step back through the edits', async () => {
    const ep = new Episode();
    ep.reset(startOf(depSearch, files));
    const base = ep.workspace.read('shop/core/base.py')!;
    const top = await ep.step(editor({ command: 'insert', path: 'shop/core/base.py', insert_line: 0, new_str: '# header' }));
    expect(top.observation).toContain("Here's the result of running `cat -n` on a snippet of the edited file:\n     1\t# header\n     2\tclass Container:\n");
    expect(top.observation).toContain('(correct indentation, no duplicate lines, etc)');
    await ep.step(editor({ command: 'insert', path: 'shop/core/base.py', insert_line: 12, new_str: '# footer' }));
    expect(ep.workspace.read('shop/core/base.py')).toBe(`# header\n${base}# footer\n`);
    expect((await ep.step(editor({ command: 'create', path: 'shop/scratch.py', file_text: 'x = 1\n' }))).observation).toBe(
      `File created successfully at: ${ROOT}/shop/scratch.py`,
    );
    expect(ep.diff()).toContain('new file mode 100644');

    const undo1 = await ep.step(editor({ command: 'undo_edit', path: 'shop/core/base.py' }));
    expect(undo1.observation.startsWith(`Last edit to ${ROOT}/shop/core/base.py undone successfully. Here's the result of running \`cat -n\``)).toBe(true);
    expect(ep.workspace.read('shop/core/base.py')).toBe(`# header\n${base}`);
    await ep.step(editor({ command: 'undo_edit', path: 'shop/core/base.py' }));
    expect(ep.workspace.read('shop/core/base.py')).toBe(base);
    const none = await ep.step(editor({ command: 'undo_edit', path: 'shop/core/base.py' }));
    expect(none.observation).toBe(`ERROR:\nNo edit history found for ${ROOT}/shop/core/base.py.`);
    await ep.step(editor({ command: 'undo_edit', path: 'shop/scratch.py' }));
    expect(ep.workspace.isFile('shop/scratch.py')).toBe(false);
    expect(ep.diff()).toBe('');
  });
});

describe('bad actions give an error observation, count as a step, and never throw', () => {
  const cases: [string, { tool: string; args: unknown }, string][] = [
    ['unknown tool', { tool: 'rm_rf', args: {} }, 'ERROR:\nUnknown tool `rm_rf`. The tools are: execute_bash, str_replace_editor, think, submit.'],
    ['missing argument', { tool: 'str_replace_editor', args: { command: 'view' } }, 'ERROR:\nstr_replace_editor needs the argument `path`'],
    [
      'unknown argument',
      { tool: 'execute_bash', args: { command: 'ls', cwd: '/' } },
      'ERROR:\nexecute_bash has no argument `cwd`; its arguments are: command, timeout',
    ],
    [
      'wrong type',
      { tool: 'str_replace_editor', args: { command: 'insert', path: MONEY, insert_line: 'top', new_str: 'x' } },
      'ERROR:\nstr_replace_editor: argument `insert_line` must be an integer, got "top"',
    ],
    [
      'bad enum',
      { tool: 'str_replace_editor', args: { command: 'delete', path: MONEY } },
      'ERROR:\nstr_replace_editor: argument `command` must be one of view, create, str_replace, insert, undo_edit, got "delete"',
    ],
    ['args not an object', { tool: 'execute_bash', args: 'ls' }, 'ERROR:\nthe arguments of execute_bash must be an object like {"command": ...}'],
    [
      'old_str missing',
      { tool: 'str_replace_editor', args: { command: 'str_replace', path: MONEY } },
      'ERROR:\nParameter `old_str` is required for command: str_replace.',
    ],
    [
      'old_str not found',
      { tool: 'str_replace_editor', args: { command: 'str_replace', path: MONEY, old_str: 'nowhere', new_str: 'x' } },
      `ERROR:\nNo replacement was performed, old_str \`nowhere\` did not appear verbatim in ${MONEY}.`,
    ],
    [
      'old_str not unique',
      { tool: 'str_replace_editor', args: { command: 'str_replace', path: MONEY, old_str: 'return', new_str: 'yield' } },
      'ERROR:\nNo replacement was performed. Multiple occurrences of old_str `return` in lines [14, 18, 21, 37, 38, 43, 47]. Please ensure it is unique.',
    ],
    [
      'same old and new',
      { tool: 'str_replace_editor', args: { command: 'str_replace', path: MONEY, old_str: 'import functools', new_str: 'import functools' } },
      'ERROR:\nInvalid `new_str` parameter: import functools. No replacement was performed. `new_str` and `old_str` must be different.',
    ],
    [
      'missing file',
      { tool: 'str_replace_editor', args: { command: 'view', path: `${ROOT}/nope.py` } },
      `ERROR:\nInvalid \`path\` parameter: ${ROOT}/nope.py. The path ${ROOT}/nope.py does not exist. Please provide a valid path.`,
    ],
    [
      'path escape',
      { tool: 'str_replace_editor', args: { command: 'view', path: '/etc/passwd' } },
      `ERROR:\nInvalid \`path\` parameter: /etc/passwd. The path is outside the workspace; use a path under ${ROOT}.`,
    ],
    [
      'relative escape',
      { tool: 'str_replace_editor', args: { command: 'create', path: '../evil.py', file_text: 'x' } },
      `ERROR:\nInvalid \`path\` parameter: ../evil.py. The path is outside the workspace; use a path under ${ROOT}.`,
    ],
    [
      'edit a folder',
      { tool: 'str_replace_editor', args: { command: 'insert', path: `${ROOT}/shop`, insert_line: 0, new_str: 'x' } },
      `ERROR:\nInvalid \`path\` parameter: ${ROOT}/shop. The path ${ROOT}/shop is a directory and only the \`view\` command can be used on directories.`,
    ],
    [
      'create over a file',
      { tool: 'str_replace_editor', args: { command: 'create', path: MONEY, file_text: 'x' } },
      `ERROR:\nInvalid \`path\` parameter: ${MONEY}. File already exists at: ${MONEY}. Cannot overwrite files using command \`create\`.`,
    ],
    [
      'insert_line out of range',
      { tool: 'str_replace_editor', args: { command: 'insert', path: MONEY, insert_line: 99, new_str: 'x' } },
      'ERROR:\nInvalid `insert_line` parameter: 99. It should be within the range of allowed values: [0, 47]',
    ],
    [
      'view_range out of range',
      { tool: 'str_replace_editor', args: { command: 'view', path: MONEY, view_range: [0, 5] } },
      'ERROR:\nInvalid `view_range` parameter: [0, 5]. Its first element `0` should be within the range of lines of the file: [1, 47].',
    ],
    [
      'view_range backwards',
      { tool: 'str_replace_editor', args: { command: 'view', path: MONEY, view_range: [9, 3] } },
      'ERROR:\nInvalid `view_range` parameter: [9, 3]. Its second element `3` should be greater than or equal to the first element `9`.',
    ],
    [
      'view_range on a folder',
      { tool: 'str_replace_editor', args: { command: 'view', path: ROOT, view_range: [1, 2] } },
      'ERROR:\nInvalid `view_range` parameter: [1, 2]. The `view_range` parameter is not allowed when `path` points to a directory.',
    ],
    ['empty shell command', { tool: 'execute_bash', args: { command: '  ' } }, 'ERROR:\nNo command given: pass a shell command line, e.g. `ls`.'],
    ['bad regex', { tool: 'execute_bash', args: { command: "grep -rnE 'def (' ." } }, 'grep: Unmatched ( or \\(\n[The command completed with exit code 2.]'],
    [
      'missing file in the shell',
      { tool: 'execute_bash', args: { command: 'cat shop/nope.py' } },
      'cat: shop/nope.py: No such file or directory\n[The command completed with exit code 1.]',
    ],
  ];

  it.each(cases)('%s', async (_name, action, expected) => {
    const ep = new Episode();
    ep.reset(startOf(localize, files));
    const r = await ep.step(action as { tool: string; args: Record<string, unknown> });
    expect(r.observation.startsWith(expected), r.observation).toBe(true);
    expect(r.terminated || r.truncated).toBe(false);
    expect(ep.stepCount).toBe(1);
    expect(ep.trajectory.steps[0]!.error).toBe(r.observation.startsWith('ERROR:'));
    expect(ep.diff()).toBe('');
  });

  const cyclic: Record<string, unknown> = { command: 'ls' };
  cyclic.self = cyclic;
  const malformed: [string, unknown, string][] = [
    ['a number for the tool', { tool: 42, args: {} }, "ERROR:\nThe action's tool must be a tool name (a string), got 42."],
    ['null for the tool', { tool: null, args: {} }, "ERROR:\nThe action's tool must be a tool name (a string), got null."],
    ['no tool', { args: { command: 'ls' } }, "ERROR:\nThe action's tool must be a tool name (a string), got undefined."],
    [
      'an object without a string form for the tool',
      { tool: Object.create(null), args: {} },
      "ERROR:\nThe action's tool must be a tool name (a string), got {}.",
    ],
    ['not an object', 'ls', 'ERROR:\nAn action is an object like {"tool": "execute_bash", "args": {"command": "ls"}}, got "ls".'],
    ['null', null, 'ERROR:\nAn action is an object like {"tool": "execute_bash", "args": {"command": "ls"}}, got null.'],
    ['a list', [1, 2], 'ERROR:\nAn action is an object like'],
    ['args a list', { tool: 'execute_bash', args: ['ls'] }, 'ERROR:\nthe arguments of execute_bash must be an object like {"command": ...}'],
    ['args a number', { tool: 'execute_bash', args: 5 }, 'ERROR:\nthe arguments of execute_bash must be an object like {"command": ...}'],
    ['a BigInt argument', { tool: 'execute_bash', args: { command: 10n } }, 'ERROR:\nThe arguments of execute_bash must be plain JSON'],
    ['cyclic arguments', { tool: 'execute_bash', args: cyclic }, 'ERROR:\nThe arguments of execute_bash must be plain JSON'],
    ['an inherited name as an argument', { tool: 'execute_bash', args: { command: 'ls', toString: 'x' } }, 'ERROR:\nexecute_bash has no argument `toString`'],
    [
      'a getter that throws',
      {
        tool: 'execute_bash',
        get args() {
          throw new Error('boom');
        },
      },
      'ERROR:\nAn action is an object like {"tool": "execute_bash", "args": {"command": "ls"}}; reading this one failed (boom).',
    ],
  ];

  it.each(malformed)('malformed action: %s', async (_name, action, expected) => {
    const ep = new Episode();
    ep.reset(startOf(localize, files));
    const r = await ep.step(action as never);
    expect(r.observation.startsWith(expected), r.observation).toBe(true);
    expect(r.info.error).toBe(true);
    expect(ep.stepCount).toBe(1);
    // The trajectory stays plain JSON (it is stored and exported).
    expect(() => JSON.stringify(ep.trajectory)).not.toThrow();
    expect(typeof ep.trajectory.steps[0]!.tool).toBe('string');
    const next = await ep.step(bash('ls'));
    expect(next.info.error).toBe(false);
  });

  it('accepts a numeric string and a JSON list where models send them', async () => {
    const ep = new Episode();
    ep.reset(startOf(localize, files));
    const r = await ep.step(editor({ command: 'view', path: MONEY, view_range: '[1, 2]' }));
    expect(r.info.error).toBe(false);
    expect(r.observation).toBe(`Here's the result of running \`cat -n\` on ${MONEY}:\n     1\timport functools\n     2\t\n`);
    const i = await ep.step(editor({ command: 'insert', path: MONEY, insert_line: '0', new_str: '# top' }));
    expect(i.info.error).toBe(false);
  });

  it('truncates long observations with a note', async () => {
    const ep = new Episode({ registry: new ToolRegistry(undefined, { maxChars: 16_000, maxLines: 400 }) });
    ep.reset(startOf(localize, files));
    const big = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    await ep.step(editor({ command: 'create', path: 'big.txt', file_text: big }));
    const r = await ep.step(bash('cat big.txt'));
    const lines = r.observation.split('\n');
    expect(lines[0]).toBe('line 1');
    expect(lines[399]).toBe('line 400');
    const kept = big.split('\n').slice(0, 400).join('\n').length;
    expect(lines[400]).toBe(
      `[... output truncated: showed 400 of 1000 lines (${kept} of ${big.length} characters). Narrow it down: grep -n PATTERN FILE, sed -n 'A,Bp' FILE, or view with a view_range.]`,
    );
    expect(ep.trajectory.steps[1]!.observation).toBe(r.observation);
  });
});

describe('the end of an episode', () => {
  it('submit terminates, scores the final patch with the injected scorer, and later steps are refused', async () => {
    const seen: string[] = [];
    const stepsSeen: string[][] = [];
    const score = (instance: EpisodeInstance, patch: string, _ws: unknown, trajectory: Trajectory): ScoreResult => {
      seen.push(patch);
      stepsSeen.push(trajectory.steps.map((s) => s.tool));
      return { reward: patch.includes('+    """') ? 1 : 0, verdict: { instance: instance.instance_id, lines: patch.split('\n').length } };
    };
    const ep = new Episode({ score });
    ep.reset(startOf(localize, files));
    await ep.step(editor({ command: 'insert', path: MONEY, insert_line: 41, new_str: '    """Format money."""' }));
    const r = await ep.step({ tool: 'submit', args: { message: 'done' } });
    expect(r.terminated).toBe(true);
    expect(r.truncated).toBe(false);
    expect(r.reward).toBe(1);
    expect(r.info.outcome?.patch).toBe(seen[0]);
    expect(seen[0]).toContain('+    """Format money."""');
    expect(r.info.outcome?.verdict).toEqual({ instance: 'toy__fl__format_price', lines: seen[0]!.split('\n').length });
    expect(r.observation).toBe('Submitted.\n[Episode over: submitted; reward 1.]');
    expect(stepsSeen).toEqual([['str_replace_editor', 'submit']]);
    expect(ep.trajectory.steps[1]!.observation).toBe(r.observation);
    expect(ep.status).toBe('submitted');
    const after = await ep.step(bash('ls'));
    expect(after.observation).toContain('The episode is over (submitted)');
    expect(after.terminated).toBe(true);
    expect(ep.stepCount).toBe(2);
  });

  it('reaching the step limit truncates the episode and still scores it', async () => {
    const score = (_i: EpisodeInstance, patch: string) => ({ reward: 0.5, verdict: patch });
    const ep = new Episode({ maxSteps: 3, score });
    ep.reset(startOf(depSearch, files));
    await ep.step(bash('ls'));
    await ep.step(
      editor({ command: 'insert', path: 'shop/core/base.py', insert_line: 8, new_str: '    # this function/class is called by the summary function' }),
    );
    const last = await ep.step({ tool: 'think', args: { thought: 'one more look' } });
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    expect(last.reward).toBe(0.5);
    expect(last.info.outcome?.reason).toBe('step-limit');
    expect(last.info.outcome?.patch).toBe(ep.diff());
    expect(last.observation).toBe('Your thought has been logged.\n[Step limit of 3 reached: the episode is over and the changes are scored as they are.]');
    expect(ep.status).toBe('step-limit');
    expect((await ep.step(bash('ls'))).truncated).toBe(true);
    expect(ep.stepCount).toBe(3);
  });

  it("defaults to the paper's 30 steps", async () => {
    const ep = new Episode();
    ep.reset(startOf(depSearch, files));
    let r;
    for (let i = 0; i < 30; i++) r = await ep.step(bash('pwd'));
    expect(r!.truncated).toBe(true);
    expect(ep.maxSteps).toBe(30);
  });

  it('a failing scorer is reported, not thrown', async () => {
    const ep = new Episode({
      score: () => {
        throw new Error('scorer exploded');
      },
    });
    ep.reset(startOf(depSearch, files));
    const r = await ep.step({ tool: 'submit', args: {} });
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
    expect(r.info.outcome?.scoreError).toBe('scorer exploded');
    expect(r.observation).toContain('Scoring failed: scorer exploded');
  });

  it('without a scorer, submit keeps the patch and says it was not scored', async () => {
    const ep = new Episode();
    ep.reset(startOf(depSearch, files));
    const r = await ep.step({ tool: 'submit', args: {} });
    expect(r.info.outcome).toMatchObject({ reason: 'submitted', patch: '', scored: false, reward: 0 });
    expect(r.observation).toContain('not scored');
  });
});

describe('the clock and the trajectory', () => {
  it('counts playing time only, pauses, and stamps each step', async () => {
    const time = fakeTime();
    const ep = new Episode({ now: time.now, player: { kind: 'human', name: 'terminal' } });
    ep.reset(startOf(depSearch, files));
    time.advance(1000);
    await ep.step(bash('ls'));
    ep.clock.pause();
    time.advance(60_000);
    expect(ep.clock.elapsedMs()).toBe(1000);
    ep.clock.resume();
    time.advance(500);
    await ep.step({ tool: 'think', args: { thought: 'x' } });
    expect(ep.trajectory.steps.map((s) => [s.at - 1_700_000_000_000, s.elapsedMs])).toEqual([
      [1000, 1000],
      [61_500, 1500],
    ]);
    expect(ep.trajectory.player).toEqual({ kind: 'human', name: 'terminal' });
    expect(JSON.parse(JSON.stringify(ep.trajectory))).toEqual(ep.trajectory);
  });

  it('runs steps one at a time even when they are fired together', async () => {
    const ep = new Episode();
    ep.reset(startOf(depSearch, files));
    const [a, b] = await Promise.all([ep.step(bash('cd shop')), ep.step(bash('pwd'))]);
    expect(a.info.step).toBe(1);
    expect(b.observation).toBe(`${ROOT}/shop\n`);
  });
});

describe('snapshot and restore', () => {
  it('a reloaded episode has the same edits, undo history, directory, steps, clock and views', async () => {
    const time = fakeTime();
    const ep = new Episode({ now: time.now, maxSteps: 10 });
    ep.reset(startOf(localize, files));
    await ep.step(bash('cd shop/util && cat money.py | head -3'));
    await ep.step(editor({ command: 'view', path: 'money.py', view_range: [38, 45] }));
    await ep.step(
      editor({
        command: 'str_replace',
        path: 'money.py',
        old_str: 'def format_price(money):\n',
        new_str: 'def format_price(money):\n    """\n    Format money.\n    """\n',
      }),
    );
    await ep.step(editor({ command: 'create', path: 'notes.txt', file_text: 'todo\n' }));
    time.advance(4200);
    ep.clock.pause();

    const saved = JSON.stringify(ep.snapshot());
    time.advance(999_999); // the page was closed for a while

    const again = new Episode({ now: time.now, maxSteps: 10 });
    again.restore(JSON.parse(saved), startOf(localize, files));
    expect(again.diff()).toBe(ep.diff());
    expect(again.stepCount).toBe(4);
    expect(again.trajectory).toEqual(ep.trajectory);
    expect(again.clock.elapsedMs()).toBe(ep.clock.elapsedMs());
    expect(again.clock.running).toBe(false);
    expect(again.status).toBe('running');
    expect(again.viewedFiles()).toEqual(['shop/util/money.py']);
    expect((await again.step(bash('pwd'))).observation).toBe(`${ROOT}/shop/util\n`);
    await again.step(editor({ command: 'undo_edit', path: 'money.py' }));
    expect(again.workspace.read('shop/util/money.py')).toBe(ep.workspace.readStart('shop/util/money.py'));
    expect(again.stepCount).toBe(6);
    expect(JSON.parse(JSON.stringify(again.snapshot()))).toEqual(again.snapshot());
  });

  it('a finished episode restores finished, with its outcome', async () => {
    const ep = new Episode({ score: () => ({ reward: 1, verdict: { ok: true } }) });
    ep.reset(startOf(depSearch, files));
    await ep.step({ tool: 'submit', args: {} });
    const again = new Episode();
    again.restore(JSON.parse(JSON.stringify(ep.snapshot())), startOf(depSearch, files));
    expect(again.status).toBe('submitted');
    expect(again.outcome).toEqual(ep.outcome);
    expect((await again.step(bash('ls'))).terminated).toBe(true);
  });

  it('refuses a snapshot of another instance or over a changed repo', async () => {
    const ep = new Episode();
    ep.reset(startOf(depSearch, files));
    await ep.step(editor({ command: 'insert', path: 'shop/core/base.py', insert_line: 0, new_str: '# x' }));
    const saved = JSON.parse(JSON.stringify(ep.snapshot()));
    expect(() => new Episode().restore(saved, startOf(localize, files))).toThrow(EpisodeSetupError);
    const changed = files.map((f) => (f.path === 'shop/core/base.py' ? { ...f, text: `${f.text}# changed\n` } : f));
    expect(() => new Episode().restore(saved, startOf(depSearch, changed))).toThrow(/repo differs/);
  });
});

describe('the one tool registry', () => {
  it('describes every tool with a JSON schema a chat-completions API accepts', () => {
    const specs = new ToolRegistry().functionSpecs();
    expect(specs.map((s) => s.function.name)).toEqual(['execute_bash', 'str_replace_editor', 'think', 'submit']);
    for (const s of specs) {
      expect(s.type).toBe('function');
      expect(s.function.description.length).toBeGreaterThan(20);
      expect(s.function.parameters.type).toBe('object');
      for (const r of s.function.parameters.required) expect(Object.keys(s.function.parameters.properties)).toContain(r);
    }
    expect(JSON.parse(JSON.stringify(specs))).toEqual(specs);
  });

  it('takes a new tool (the sandbox `run` tool of issue 6) that then plays like the others', async () => {
    const registry = new ToolRegistry();
    registry.register({
      name: 'run',
      description: 'Run a command in the sandbox (test double: echoes the file it would run).',
      parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'], additionalProperties: false },
      run: async (args, ctx) => `would run ${args.command} with ${ctx.workspace.files().length} files`,
    });
    const ep = new Episode({ registry });
    ep.reset(startOf(depSearch, files));
    const r = await ep.step({ tool: 'run', args: { command: 'python -m unittest' } });
    expect(r.observation).toBe(`would run python -m unittest with ${files.length} files`);
    expect(ep.trajectory.steps[0]!.tool).toBe('run');
  });
});
