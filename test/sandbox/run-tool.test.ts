import { startOf } from '../../src/core/tasks/make-episode';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemPrompt, toolBriefs } from '../../src/core/agents/prompts';
import { Episode } from '../../src/core/episode/episode';
import type { EpisodeInstance } from '../../src/core/episode/episode-start';
import { createNodeSandboxSession } from '../../src/sandbox/node/node-session';
import type { EngineStatus, SandboxSession } from '../../src/sandbox/session';
import { copyToyShop, FIXTURES, toyShopFiles } from '../core/episode/toy-shop';

// An episode over the toy-shop fixture (function localization: format_price's docstring removed) with the `run` tool
// and the shell's `python` attached to Pyodide on a worker_thread. What Python prints is checked against Debian's
// CPython running the same code on a copy of the same files on disk.

const ROOT = '/workspace/toy__shop__fixture';
const PRICE =
  "from shop.core.cart import Cart, make_item; from shop.util.money import format_price; c = Cart(); c.add(make_item('a', 250)); c.add(make_item('b', 1999)); print(format_price(c.total()))";

let episode: Episode;
let session: SandboxSession;
let copy: { dir: string; cleanup: () => void };
const firstStatuses: EngineStatus[][] = [];

function cpython(code: string): string {
  return execFileSync('python3', ['-B', '-c', code], { cwd: copy.dir, encoding: 'utf8' });
}

const step = (tool: string, args: Record<string, unknown>) => episode.step({ tool, args });
const lastStep = () => episode.trajectory.steps[episode.trajectory.steps.length - 1]!;

beforeAll(async () => {
  copy = copyToyShop();
  const instance = JSON.parse(readFileSync(resolve(FIXTURES, 'scoring/func-localize.instances.jsonl'), 'utf8').split('\n')[0]!) as EpisodeInstance;
  episode = new Episode({ maxSteps: 100 });
  episode.reset(startOf(instance, await toyShopFiles()));
  session = createNodeSandboxSession(episode, { language: 'python', python: { interruptGraceMs: 1000 } });
  firstStatuses.push(session.statuses());
  await session.preload();
}, 120_000);

afterAll(async () => {
  await session?.dispose();
  copy?.cleanup();
});

describe('the run tool and the shell over Pyodide, in an episode', () => {
  test('Python is idle until used and the run tool is in the registry', () => {
    const python = firstStatuses[0]!.find((s) => s.kind === 'python')!;
    expect(python.status).toEqual({ state: 'idle', detail: 'Python loads on the first run' });
    expect(session.statuses().find((s) => s.kind === 'python')!.status.state).toBe('ready');
    // A Python repo: Node is not among its engines.
    expect(session.statuses().map((s) => s.kind)).toEqual(['python']);
    const tool = episode.registry.get('run')!;
    expect(tool.description).toContain('python -m MODULE');
    expect(tool.description).not.toContain('npm test');
    expect(episode.registry.functionSpecs().map((f) => f.function.name)).toContain('run');
  });

  test("the model's system prompt lists run beside the shell, which runs no programs", () => {
    const prompt = systemPrompt({ maxSteps: 30, tools: toolBriefs(episode.registry.list()) });
    expect(prompt).toMatch(/^- run: runs a program for real in the sandbox \(python\)/m);
    expect(prompt).toMatch(/^- execute_bash: .*\n {2}It runs no programs/m);
  });

  test('run python -c "print(1+1)" gives 2 in the observation and in the trajectory', async () => {
    const r = await step('run', { command: 'python -c "print(1+1)"' });
    expect(r.info.error).toBe(false);
    expect(r.observation).toBe('2\n[The command completed with exit code 0.]');
    expect(lastStep()).toMatchObject({ tool: 'run', args: { command: 'python -c "print(1+1)"' }, observation: r.observation, error: false, edits: [] });
    expect(episode.snapshot().trajectory.steps.at(-1)!.observation).toBe(r.observation);
  });

  test("the repo's own code runs and prints what CPython prints for it", async () => {
    const r = await step('run', { command: `python -c "${PRICE}"` });
    expect(r.observation).toBe(`${cpython(PRICE)}[The command completed with exit code 0.]`);
  });

  test('an edit made with str_replace_editor is seen by the next run', async () => {
    const old = '    return f"{whole}.{cents:02d} {money.currency}"';
    const edited = '    return f"{money.currency} {whole},{cents:02d}"';
    const e = await step('str_replace_editor', { command: 'str_replace', path: `${ROOT}/shop/util/money.py`, old_str: old, new_str: edited });
    expect(e.info.error).toBe(false);
    // The same edit on disk, for CPython.
    const onDisk = join(copy.dir, 'shop/util/money.py');
    writeFileSync(onDisk, readFileSync(onDisk, 'utf8').replace(old, edited));
    const expected = cpython(PRICE);
    expect(expected).toMatch(/^EUR \d+,\d\d\n$/);
    const r = await step('run', { command: `python -c "${PRICE}"` });
    expect(r.observation).toBe(`${expected}[The command completed with exit code 0.]`);
  });

  test('a file the program writes is in the workspace, the diff and the step edits; a deletion too', async () => {
    const r = await step('run', { command: `python -c "import json; open('shop/prices.json', 'w').write(json.dumps({'n': 2}) + '\\n')"` });
    expect(r.observation).toBe('[The command completed with exit code 0.]\n[Files the program wrote, now in the workspace: shop/prices.json]');
    expect(lastStep().edits).toEqual(['shop/prices.json']);
    expect(episode.workspace.read('shop/prices.json')).toBe('{"n": 2}\n');
    expect(episode.diff()).toContain('diff --git a/shop/prices.json b/shop/prices.json\nnew file mode 100644');
    expect(episode.diff()).toContain('+{"n": 2}');
    const del = await step('run', { command: `python -c "import os; os.remove('shop/prices.json')"` });
    expect(del.observation).toContain('[Files the program deleted from the workspace: shop/prices.json]');
    expect(episode.diff()).not.toContain('prices.json');
  });

  test('an infinite loop with timeout 1 s is stopped, and the next run works', async () => {
    const r = await step('run', { command: "python -c 'while True: pass'", timeout: 1 });
    expect(r.info.error).toBe(false);
    expect(r.observation).toContain('KeyboardInterrupt');
    expect(r.observation).toContain('[The program was stopped: it ran past its time limit of 1 s (exit code 124).');
    const next = await step('run', { command: 'python -c "print(6 * 7)"' });
    expect(next.observation).toBe('42\n[The command completed with exit code 0.]');
  }, 30_000);

  test('execute_bash reaches Python through the shell: pipes, 2>&1, and unittest over the repo', async () => {
    const piped = await step('execute_bash', { command: `python -c "for i in range(5): print('line', i)" | grep -c line` });
    expect(piped.observation).toBe('5\n');
    await step('str_replace_editor', {
      command: 'create',
      path: `${ROOT}/tests/test_money.py`,
      file_text:
        'import unittest\nfrom shop.util.money import Money, format_price\n\nclass T(unittest.TestCase):\n    def test_price(self):\n        self.assertIn("3,05", format_price(Money(305)))\n\n    def test_wrong(self):\n        self.assertEqual(format_price(Money(1)), "0.01 EUR")\n',
    });
    const r = await step('execute_bash', { command: 'python -m unittest tests.test_money 2>&1 | tail -n 3' });
    expect(r.observation).toMatch(/^Ran 2 tests in [\d.]+s\n\nFAILED \(failures=1\)\n$/);
    const direct = await step('run', { command: 'python -m unittest tests.test_money.T.test_price' });
    expect(direct.observation).toMatch(/Ran 1 test in [\d.]+s\n\nOK\n\[The command completed with exit code 0\.\]$/);
  }, 30_000);

  test('run follows the shell: its current directory, and lines with operators', async () => {
    await step('execute_bash', { command: 'cd shop/util' });
    const here = await step('run', { command: 'python -c "import os; print(os.getcwd())"' });
    expect(here.observation).toBe(`${ROOT}/shop/util\n[The command completed with exit code 0.]`);
    await step('execute_bash', { command: `cd ${ROOT}` });
    const chained = await step('run', { command: `python -c "open('made.txt', 'w').write('x')" && cat made.txt && python -c "import sys; sys.exit(3)"` });
    expect(chained.observation).toBe('x\n[The command completed with exit code 3.]\n[Files the program wrote, now in the workspace: made.txt]');
    expect(lastStep().edits).toEqual(['made.txt']);
    expect(lastStep().views).toEqual([{ path: 'made.txt', start: 1, end: 1 }]);
  });

  test('run refuses a shell command and says what to use', async () => {
    const r = await step('run', { command: 'ls shop' });
    expect(r.info.error).toBe(true);
    expect(r.observation).toBe('ERROR:\nrun executes programs (python); `ls` is a shell command: use execute_bash for it.');
  });

  test('the terminal: live output, the stop button, and shell lines as execute_bash steps', async () => {
    const chunks: string[] = [];
    const stop = new AbortController();
    const stopped = await session.exec(`python -c "import time; print('started', flush=True)\nwhile True: time.sleep(0.01)"`, {
      onStdout: (c) => {
        chunks.push(c);
        stop.abort();
      },
      signal: stop.signal,
      timeoutS: 60,
    });
    expect(stopped.action).toMatchObject({ tool: 'run', args: { timeout: 60 } });
    expect(chunks.join('')).toBe('started\n');
    expect(stopped.streamed).toBe(true);
    expect(stopped.print).toBe('[The program was stopped by the player (exit code 130).]');
    expect(stopped.result!.observation).toContain('started\n');
    expect(lastStep().tool).toBe('run');

    const ok = await session.exec('python -c "print(7)"', { onStdout: (c) => chunks.push(c) });
    expect(chunks.at(-1)).toBe('7\n');
    expect(ok.print).toBe('');

    const grep = await session.exec('grep -rn "def format_price" shop');
    expect(grep).toMatchObject({ action: { tool: 'execute_bash' }, streamed: false });
    expect(grep.print).toBe('shop/util/money.py:41:def format_price(money):\n');
  }, 30_000);

  test('a program run inside execute_bash tells file listeners what it changed', async () => {
    const seen: string[][] = [];
    const off = session.onFilesChanged((paths) => seen.push(paths));
    await step('execute_bash', { command: `python -c "open('shop/notes.txt', 'w').write('n')" && cat shop/notes.txt` });
    off();
    expect(seen).toEqual([['shop/notes.txt']]);
    expect(episode.diff()).toContain('+n');
  });
});
