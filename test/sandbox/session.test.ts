import { startOf } from '../../src/core/tasks/make-episode';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { Episode } from '../../src/core/episode/episode';
import type { EpisodeInstance } from '../../src/core/episode/episode-start';
import { createNodeSandboxSession } from '../../src/sandbox/node/node-session';
import { FIXTURES, toyShopFiles } from '../core/episode/toy-shop';

// The session's paths that load no Python: engines this environment cannot run, the choice of tool for a terminal
// line, re-binding after a reset, and a closed session. (Python itself: run-tool.test.ts.)

let instance: EpisodeInstance;
let files: { path: string; text: string }[];

beforeAll(async () => {
  instance = JSON.parse(readFileSync(resolve(FIXTURES, 'scoring/dep-search.instances.jsonl'), 'utf8').split('\n')[0]!) as EpisodeInstance;
  files = await toyShopFiles();
});

function newEpisode(): Episode {
  const ep = new Episode({ maxSteps: 50 });
  ep.reset(startOf(instance, files));
  return ep;
}

const NO_PYTHON = 'Python is unavailable: this environment has no Web Workers';

describe('a session where Python cannot run', () => {
  test('statuses, the run tool and the shell all say why, in words a player can act on', async () => {
    const ep = newEpisode();
    const session = createNodeSandboxSession(ep, { environment: { workers: false } });
    expect(session.statuses()).toEqual([
      { kind: 'python', label: 'Python (Pyodide)', status: { state: 'unavailable', detail: NO_PYTHON } },
      { kind: 'node', label: 'Node (WebContainer)', status: { state: 'unavailable', detail: expect.stringContaining('not on the command line') } },
    ]);
    expect(ep.registry.get('run')!.description).toContain(`Not available here: ${NO_PYTHON}.`);

    const run = await ep.step({ tool: 'run', args: { command: 'python -m unittest tests.test_cart' } });
    expect(run.info.error).toBe(true);
    expect(run.observation).toBe(`ERROR:\n${NO_PYTHON}`);
    const node = await ep.step({ tool: 'run', args: { command: 'npm test' } });
    expect(node.observation).toMatch(/^ERROR:\nNode is unavailable here: node and npm run in the browser playground/);

    const bash = await ep.step({ tool: 'execute_bash', args: { command: 'python -c "print(1)"' } });
    expect(bash.observation).toBe(`${NO_PYTHON}\n[The command completed with exit code 127.]`);
    // Recorded like any step, refusals included.
    expect(ep.trajectory.steps.map((s) => [s.tool, s.error])).toEqual([
      ['run', true],
      ['run', true],
      ['execute_bash', false],
    ]);
    await session.dispose();
  });
});

describe('terminal lines', () => {
  test('a line with a program in it is a run step; any other line, or a program named as an argument, is execute_bash', () => {
    const session = createNodeSandboxSession(newEpisode(), { environment: { workers: false } });
    const tool = (line: string) => session.actionFor(line).tool;
    expect(tool('python tests/test_cart.py')).toBe('run');
    expect(tool('  cd tests && python3 -m unittest  ')).toBe('run');
    expect(tool('/usr/bin/python3.11 -c 1')).toBe('run');
    expect(tool('npm test | tail -n 5')).toBe('run');
    expect(tool('ls -la')).toBe('execute_bash');
    expect(tool('grep -rn python .')).toBe('execute_bash');
    expect(tool('echo "unterminated')).toBe('execute_bash');
    expect(session.actionFor(' python x.py ', 5)).toEqual({ tool: 'run', args: { command: 'python x.py', timeout: 5 } });
  });

  test('a shell line typed at the terminal is an execute_bash step printed whole', async () => {
    const ep = newEpisode();
    const session = createNodeSandboxSession(ep, { environment: { workers: false } });
    const out: string[] = [];
    const r = await session.exec('grep -c "def " shop/util/money.py', { onStdout: (c) => out.push(c) });
    expect(r).toMatchObject({ action: { tool: 'execute_bash' }, streamed: false });
    expect(r.print).toBe(`${readFileSync(resolve(FIXTURES, 'toy-shop/shop/util/money.py'), 'utf8').match(/def /g)!.length}\n`);
    expect(out).toEqual([]);
    // A step the caller's step function does not take (an episode that is over, in the page) prints nothing.
    expect(await session.exec('ls', { step: async () => null })).toMatchObject({ result: null, print: '' });
  });
});

describe('binding to the episode', () => {
  test("after a reset the episode's new shell gets the commands again (attach, or by itself on the next run)", async () => {
    const ep = newEpisode();
    const session = createNodeSandboxSession(ep, { environment: { workers: false } });
    ep.reset(startOf(instance, files));
    const before = await ep.step({ tool: 'execute_bash', args: { command: 'python -V' } });
    expect(before.observation).toBe('bash: python: command not found\n[The command completed with exit code 127.]');
    session.attach();
    const after = await ep.step({ tool: 'execute_bash', args: { command: 'python -V' } });
    expect(after.observation).toContain(NO_PYTHON);

    ep.reset(startOf(instance, files));
    const run = await ep.step({ tool: 'run', args: { command: 'python -V' } });
    expect(run.observation).toBe(`ERROR:\n${NO_PYTHON}`);
    const bash = await ep.step({ tool: 'execute_bash', args: { command: 'python3 -V' } });
    expect(bash.observation).toContain(NO_PYTHON);
  });

  test('a closed session refuses runs with a clear message, and never loaded Python', async () => {
    const ep = newEpisode();
    const session = createNodeSandboxSession(ep, { language: 'python' });
    expect(session.statuses()).toEqual([{ kind: 'python', label: 'Python (Pyodide)', status: { state: 'idle', detail: 'Python loads on the first run' } }]);
    let changes = 0;
    session.subscribe(() => changes++);
    await session.dispose();
    expect(changes).toBeGreaterThan(0);
    expect(session.statuses()).toEqual([]);
    const run = await ep.step({ tool: 'run', args: { command: 'python -c "print(1)"' } });
    expect(run.observation).toBe('ERROR:\nThe sandbox session was closed: programs cannot run in this episode any more.');
    const bash = await ep.step({ tool: 'execute_bash', args: { command: 'python -c "print(1)"' } });
    expect(bash.observation).toBe('the sandbox was closed: programs cannot run in this episode any more\n[The command completed with exit code 127.]');
  });
});
