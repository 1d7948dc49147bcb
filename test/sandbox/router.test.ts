import { describe, expect, test } from 'vitest';
import { chooseSandboxes, standardPlugins } from '../../src/sandbox/choose';
import { tokenizeCommand } from '../../src/sandbox/command-line';
import { MemoryShellSandbox } from '../../src/sandbox/memory-shell';
import { PythonSandbox } from '../../src/sandbox/python-sandbox';
import { SandboxRouter } from '../../src/sandbox/router';
import { quoteWord } from '../../src/sandbox/shell-bridge';
import { WebContainerSandbox } from '../../src/sandbox/webcontainer';
import type { SandboxEnvironment } from '../../src/sandbox/types';
import { MapWorkspace } from './stdlib-sources';

const OFFLINE_PAGE: SandboxEnvironment = { crossOriginIsolated: true, online: false, workers: true };

function plugins(spawned: string[]) {
  return standardPlugins({
    // The memory shell's seam, answered by a tiny `ls` over the workspace (the engine's shell plugs in here).
    shell: () => new MemoryShellSandbox(async (line, cwd) => ({ stdout: `ls in '${cwd}': ${line}\n`, stderr: '', code: 0 })),
    python: () =>
      new PythonSandbox({
        spawn: () => {
          spawned.push('python');
          throw new Error('not in this test');
        },
        indexURL: '/nowhere/',
      }),
    node: () => new WebContainerSandbox({ environment: OFFLINE_PAGE }),
  });
}

describe('chooseSandboxes', () => {
  test('a Python repo gets Python then the shell; Node is not its business', () => {
    const c = chooseSandboxes(plugins([]), { ...OFFLINE_PAGE, language: 'python' });
    expect(c.available.map((p) => p.kind)).toEqual(['python', 'memory']);
    expect(c.unavailable).toEqual([]);
  });

  test('a JavaScript repo offline: Node unavailable with the reason, the shell serves', () => {
    const c = chooseSandboxes(plugins([]), { ...OFFLINE_PAGE, language: 'javascript' });
    expect(c.available.map((p) => p.kind)).toEqual(['memory']);
    expect(c.unavailable.map((u) => [u.plugin.kind, u.reason])).toEqual([
      ['node', 'Node is unavailable offline: WebContainer loads its runtime from StackBlitz'],
    ]);
    const isolated = chooseSandboxes(plugins([]), { crossOriginIsolated: false, online: true, workers: true, language: 'typescript' });
    expect(isolated.unavailable[0]!.reason).toContain('not cross-origin isolated');
  });

  test('without workers there is no Python', () => {
    const c = chooseSandboxes(plugins([]), { ...OFFLINE_PAGE, workers: false, language: 'python' });
    expect(c.available.map((p) => p.kind)).toEqual(['memory']);
    expect(c.unavailable[0]!.reason).toContain('no Web Workers');
  });
});

describe('SandboxRouter', () => {
  test('routes by program, explains an engine this page cannot run, and never starts Python for a shell command', async () => {
    const spawned: string[] = [];
    const choice = chooseSandboxes(plugins(spawned), OFFLINE_PAGE);
    const router = new SandboxRouter(choice, new MapWorkspace([{ path: 'a.py', text: 'print(1)\n' }]));
    expect('sandbox' in router.route('python a.py') && router.route('python a.py')).toMatchObject({ sandbox: { kind: 'python' } });
    expect(router.route('python3.14 -m unittest')).toMatchObject({ sandbox: { kind: 'python' } });
    expect(router.route('grep -rn x .')).toMatchObject({ sandbox: { kind: 'memory' } });
    expect(router.route('npm test')).toEqual({ reason: 'Node is unavailable offline: WebContainer loads its runtime from StackBlitz' });

    const shell = await router.exec('ls src', { cwd: 'src' });
    expect(shell).toMatchObject({ exitCode: 0, stdout: "ls in 'src': ls src\n", ranIn: 'memory' });
    const node = await router.exec('node x.js');
    expect(node).toMatchObject({ exitCode: 127, ranIn: null, stderr: expect.stringContaining('offline') });
    expect(spawned).toEqual([]);
    expect(router.statuses().map((s) => [s.kind, s.status.state])).toEqual([
      ['python', 'idle'],
      ['memory', 'ready'],
      ['node', 'unavailable'],
    ]);
    await router.dispose();
  });

  test('a Python engine that fails to start: the command says why, the status is unavailable with the reason', async () => {
    const spawned: string[] = [];
    const router = new SandboxRouter(chooseSandboxes(plugins(spawned), OFFLINE_PAGE), new MapWorkspace([]));
    const r = await router.exec('python -c "print(1)"');
    expect(spawned).toEqual(['python']);
    expect(r).toMatchObject({ exitCode: 1, ranIn: 'python' });
    expect(r.stderr).toBe('Python is unavailable: not in this test\n');
    expect(router.statuses()[0]!.status).toEqual({ state: 'unavailable', detail: 'Python could not load: not in this test' });
  });
});

test('quoteWord gives the tokenizer back the same words', () => {
  const words = ['python', '-c', "print('it''s')", 'a b', '', '$HOME', 'x"y', 'tests/test_a.py'];
  expect(tokenizeCommand(words.map(quoteWord).join(' '))).toEqual({ ok: true, words });
});
