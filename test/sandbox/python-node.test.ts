import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodePythonSandbox } from '../../src/sandbox/node/python-node';
import type { PythonSandbox } from '../../src/sandbox/python-sandbox';
import type { SandboxStatus } from '../../src/sandbox/types';
import { WorkspaceSync } from '../../src/sandbox/workspace-sync';
import { MemoryShellSandbox } from '../../src/sandbox/memory-shell';
import { runnerForShell, sandboxCommand } from '../../src/sandbox/shell-bridge';
import { Workspace } from '../../src/core/episode/workspace';
import { WorkspacePaths } from '../../src/core/episode/workspace-paths';
import { WorkspaceShell } from '../../src/core/episode/shell/shell';
import { MapWorkspace, stdlibPackage } from './stdlib-sources';

// The workspace: CPython's real tomllib package (from Pyodide's stdlib zip) and a script that uses it. The script's
// folder comes first on sys.path, so `import tomllib` must load the workspace's copy, not the interpreter's.
const MAIN = `import json, sys, tomllib
doc = tomllib.loads(open(sys.argv[1]).read())
print(json.dumps(doc, sort_keys=True, default=str))
print("module:", tomllib.__file__.replace("\\\\", "/").split("/")[-2:])
`;
const TOML = `title = "sandbox"
[owner]
name = "Tom"
dob = 1979-05-27
[[points]]
x = 1
y = [2, 3]
`;

let sandbox: PythonSandbox;
let workspace: MapWorkspace;
let sync: WorkspaceSync;
const statuses: SandboxStatus[] = [];

beforeAll(async () => {
  workspace = new MapWorkspace([...stdlibPackage('tomllib'), { path: 'main.py', text: MAIN }, { path: 'data/doc.toml', text: TOML }]);
  sandbox = createNodePythonSandbox({ root: '/workspace/demo', interruptGraceMs: 1000 });
  sandbox.subscribe((s) => statuses.push(s));
  sync = new WorkspaceSync(sandbox, workspace);
  await sync.push();
  expect(sandbox.status().state).toBe('idle');
  await sandbox.start();
}, 120_000);

afterAll(async () => {
  await sandbox?.dispose();
});

describe('Python in Pyodide (Node worker_thread)', () => {
  test('loads lazily and reports its version', () => {
    expect(statuses[0]).toMatchObject({ state: 'starting' });
    expect(sandbox.status().state).toBe('ready');
    expect(sandbox.status().detail).toMatch(/^Python 3\.\d+\.\d+ \(Pyodide \d+/);
  });

  test('runs a script of the workspace that imports a workspace package, and prints what CPython prints', async () => {
    const chunks: string[] = [];
    const r = await sync.exec('python main.py data/doc.toml', { onStdout: (c) => chunks.push(c) });
    expect(r).toMatchObject({ exitCode: 0, stderr: '', timedOut: false });
    expect(chunks.join('')).toBe(r.stdout);
    const [json, module] = r.stdout.trimEnd().split('\n');
    expect(module).toBe("module: ['tomllib', '__init__.py']");
    // The same script under Debian's CPython (its own tomllib) gives the same document.
    const cpython = execFileSync(
      'python3',
      ['-c', 'import json,sys,tomllib; print(json.dumps(tomllib.loads(sys.stdin.read()), sort_keys=True, default=str))'],
      {
        input: TOML,
      },
    ).toString();
    expect(JSON.parse(json!)).toEqual(JSON.parse(cpython));
  });

  test('an edit made in the workspace is seen by the next run (no stale module)', async () => {
    const parser = workspace.read('tomllib/_parser.py')!;
    // A real edit of the package's code, as the editor would make it: loads() now also counts its calls.
    const edited = parser.replace(
      /^def loads\(/m,
      'CALLS = []\n\ndef loads(*a, **k):\n    CALLS.append(1)\n    print("loads call", len(CALLS))\n    return _loads(*a, **k)\n\ndef _loads(',
    );
    expect(edited).not.toBe(parser);
    workspace.write('tomllib/_parser.py', edited);
    const r = await sync.exec('python main.py data/doc.toml');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('loads call 1');
    workspace.write('tomllib/_parser.py', parser);
    const again = await sync.exec('python main.py data/doc.toml');
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('loads call');
  });

  test('files Python writes and deletes come back to the workspace', async () => {
    workspace.write('scratch/old.txt', 'to be removed');
    const code =
      "import os, pathlib; pathlib.Path('out/report.txt').parent.mkdir(exist_ok=True); open('out/report.txt','w').write('lines: %d' % len(open('tomllib/_parser.py').read().splitlines())); os.remove('scratch/old.txt')";
    const r = await sync.exec(`python -c "${code}"`);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const lines = workspace.read('tomllib/_parser.py')!.split('\n').length - 1;
    expect(workspace.read('out/report.txt')).toBe(`lines: ${lines}`);
    expect(workspace.read('scratch/old.txt')).toBeUndefined();
    expect(r.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual(['delete scratch/old.txt', 'write out/report.txt']);
    // Nothing else moved: the files the program only read are not reported.
    const idle = await sync.exec('python -c "print(1)"');
    expect(idle.changes).toEqual([]);
  });

  test('an infinite loop is stopped by the time limit (interrupt) and the next command works', async () => {
    const r = await sandbox.exec("python -c 'while True: pass'", { timeoutMs: 1500 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(124);
    expect(r.stderr).toContain('KeyboardInterrupt');
    expect(r.stderr).toContain('time limit of 1.5 s');
    const next = await sandbox.exec('python -c "print(6 * 7)"');
    expect(next).toMatchObject({ exitCode: 0, stdout: '42\n', timedOut: false });
    expect(sandbox.status().state).toBe('ready');
  });

  test('python -m unittest reports the result of a test file', async () => {
    workspace.write(
      'tests/test_toml.py',
      `import unittest, tomllib

class TomlTest(unittest.TestCase):
    def test_table(self):
        self.assertEqual(tomllib.loads("[a]\\nb = 1")["a"]["b"], 1)

    def test_wrong_on_purpose(self):
        self.assertEqual(tomllib.loads("x = 2")["x"], 3)
`,
    );
    const r = await sync.exec('python -m unittest tests.test_toml -v');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/test_table .* ok/);
    expect(r.stderr).toMatch(/test_wrong_on_purpose .* FAIL/);
    expect(r.stderr).toContain('AssertionError: 2 != 3');
    expect(r.stderr).toMatch(/Ran 2 tests/);
    expect(r.stderr).toContain('FAILED (failures=1)');
    const one = await sync.exec('python -m unittest tests.test_toml.TomlTest.test_table');
    expect(one.exitCode).toBe(0);
    expect(one.stderr).toMatch(/Ran 1 test[\s\S]*\nOK\n/);
  });

  test('cwd, argv and exit codes behave as in a shell', async () => {
    workspace.write('tools/argv.py', 'import os, sys\nprint(os.getcwd(), sys.argv)\nsys.exit(int(sys.argv[1]))\n');
    const r = await sync.exec("python argv.py 3 'two words'", { cwd: 'tools' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe("/workspace/demo/tools ['argv.py', '3', 'two words']\n");
    expect(r.exitCode).toBe(3);
    const missing = await sync.exec('python nope.py');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("can't open file '/workspace/demo/nope.py'");
    const boom = await sync.exec('python -c "import tomllib; tomllib.loads(\'x = \')"');
    expect(boom.exitCode).toBe(1);
    expect(boom.stderr).toMatch(/Traceback[\s\S]*tomllib\/_parser\.py[\s\S]*TOMLDecodeError/);
    expect(boom.stderr).not.toContain('hgym-runner');
    const noModule = await sync.exec('python -m no_such_module');
    expect(noModule).toMatchObject({ exitCode: 1, stderr: 'python: No module named no_such_module\n' });
    const other = await sync.exec('ls -la');
    expect(other.exitCode).toBe(127);
    const exitMessage = await sync.exec('python -c "raise SystemExit(\'bye\')"');
    expect(exitMessage).toMatchObject({ exitCode: 1, stderr: 'bye\n' });
  });

  test('the stop button (an AbortSignal) stops a running program', async () => {
    const stop = new AbortController();
    workspace.write('spin.py', 'import time\nwhile True:\n    time.sleep(0.01)\n');
    const running = sync.exec('python spin.py', { signal: stop.signal, timeoutMs: 60_000 });
    setTimeout(() => stop.abort(), 300);
    const r = await running;
    expect(r).toMatchObject({ exitCode: 130, timedOut: false });
    expect((await sandbox.exec('python -c "print(\'alive\')"')).stdout).toBe('alive\n');
  });

  test('a program that swallows the interrupt is stopped by restarting the engine, which then re-loads the files', async () => {
    workspace.write(
      'stubborn.py',
      'while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        print("ignored", flush=True)\n',
    );
    const r = await sync.exec('python stubborn.py', { timeoutMs: 1000 });
    expect(r).toMatchObject({ exitCode: 124, timedOut: true });
    expect(r.stdout).toContain('ignored');
    expect(sandbox.status()).toEqual({ state: 'idle', detail: 'Python restarts on the next run' });
    // The new engine has the workspace, including what earlier programs wrote (out/report.txt).
    const next = await sync.exec('python -c "print(open(\'out/report.txt\').read())"');
    expect(next.stderr).toBe('');
    expect(next.stdout).toBe(`${workspace.read('out/report.txt')}\n`);
  }, 60_000);

  test("the episode's shell runs python through the sandbox, in pipelines, and the memory sandbox wraps that shell", async () => {
    const workspace = new Workspace(new Map([['pkg/count.py', 'import sys\nfor i in range(int(sys.argv[1])):\n    print("line", i)\n']]));
    const shell = new WorkspaceShell({ workspace, paths: new WorkspacePaths('/workspace/demo'), cwd: '' });
    const episodeSync = new WorkspaceSync(sandbox, workspace);
    shell.register('python', sandboxCommand(episodeSync));
    const piped = await shell.run('python pkg/count.py 12 | grep -c line');
    expect(piped).toMatchObject({ output: '12\n', code: 0 });
    const memory = new MemoryShellSandbox(runnerForShell(shell));
    // Python's write lands in the episode's workspace, where the shell's cat (and the episode's diff) see it.
    const r = await memory.exec(`python -c "open('out.txt', 'w').write('made in python')" && cat out.txt`, { cwd: 'pkg' });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'made in python' });
    expect(workspace.diff()).toContain('+made in python');
  }, 60_000);
});
