import { afterAll, beforeAll, expect, test } from 'vitest';
import { createNodePythonSandbox } from '../../src/sandbox/node/python-node';
import type { PythonSandbox } from '../../src/sandbox/python-sandbox';
import { WorkspaceSync } from '../../src/sandbox/workspace-sync';
import { MapWorkspace, stdlibPackage } from './stdlib-sources';

// Without SharedArrayBuffer (a page that is not cross-origin isolated) the only way to stop a program is to
// terminate its engine; the sandbox must come back on the next command with every file in place.
let sandbox: PythonSandbox;
let workspace: MapWorkspace;
let sync: WorkspaceSync;

beforeAll(async () => {
  workspace = new MapWorkspace(stdlibPackage('tomllib'));
  sandbox = createNodePythonSandbox({ workspaceName: 'owner/toml', interrupts: false });
  sync = new WorkspaceSync(sandbox, workspace);
  await sync.push();
  await sandbox.start();
}, 120_000);

afterAll(async () => {
  await sandbox?.dispose();
});

test('a time-out terminates the engine; the restarted one has the workspace files and what programs wrote', async () => {
  const wrote = await sync.exec(`python -c "open('made_by_python.py','w').write('VALUE = 7\\n')"`);
  expect(wrote.exitCode).toBe(0);
  expect(workspace.read('made_by_python.py')).toBe('VALUE = 7\n');

  const loop = await sync.exec("python -c 'while True: pass'", { timeoutMs: 1500 });
  expect(loop).toMatchObject({ exitCode: 124, timedOut: true, changes: [] });
  expect(loop.stderr).toContain('time limit of 1.5 s');
  expect(sandbox.status().state).toBe('idle');

  // An edit made while no engine runs reaches the next one.
  workspace.write('edited_meanwhile.py', 'WORD = "fresh"\n');
  const after = await sync.exec(
    'python -c "import os, made_by_python, edited_meanwhile, tomllib; print(os.getcwd(), made_by_python.VALUE, edited_meanwhile.WORD, tomllib.loads(\'a = 1\'))"',
  );
  expect(after.stderr).toBe('');
  expect(after.stdout).toBe("/workspace/toml 7 fresh {'a': 1}\n");
  expect(sandbox.status().state).toBe('ready');
}, 60_000);

test('the stop button pressed while Python is loading again stops the program before it starts', async () => {
  const loop = await sync.exec("python -c 'while True: pass'", { timeoutMs: 500 });
  expect(loop.timedOut).toBe(true);
  expect(sandbox.status().state).toBe('idle');
  const stop = new AbortController();
  const off = sandbox.subscribe((s) => {
    if (s.state === 'starting') stop.abort();
  });
  const r = await sync.exec("python -c 'while True: pass'", { signal: stop.signal, timeoutMs: 60_000 });
  off();
  expect(r).toMatchObject({ exitCode: 130, timedOut: false, stderr: 'stopped before it started\n' });
  expect(sandbox.status().state).toBe('ready');
  expect((await sync.exec('python -c "print(5)"')).stdout).toBe('5\n');
}, 60_000);
