import { afterAll, beforeAll, expect, test } from 'vitest';
import { createNodePythonSandbox } from '../../src/sandbox/node/python-node';
import type { PythonSandbox } from '../../src/sandbox/python-sandbox';
import { WorkspaceSync } from '../../src/sandbox/workspace-sync';
import { MapWorkspace, stdlibPackage } from './stdlib-sources';

/**
 * A repo that IS a standard-library package (the embedded json sample): Pyodide imported the interpreter's json at
 * start-up, yet a program run from the repo must import the repo's json, as a fresh CPython started in that folder
 * would; and the interpreter's own json must be back afterwards.
 */
let sandbox: PythonSandbox;
let workspace: MapWorkspace;
let sync: WorkspaceSync;

beforeAll(async () => {
  const files = stdlibPackage('json').map((f) => (f.path === 'json/__init__.py' ? { ...f, text: `${f.text}\nPLAYGROUND_MARK = 6 * 7\n` } : f));
  workspace = new MapWorkspace(files);
  sandbox = createNodePythonSandbox({ root: '/workspace/json-sample' });
  sync = new WorkspaceSync(sandbox, workspace);
  await sync.push();
  await sandbox.start();
}, 120_000);

afterAll(async () => {
  await sandbox?.dispose();
});

test('the workspace package shadows the preloaded standard module, and edits are seen on the next run', async () => {
  const r = await sync.exec(`python -c "import json, json.decoder; print(json.PLAYGROUND_MARK, json.__file__, json.decoder.__file__)"`, { timeoutMs: 30_000 });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('42 /workspace/json-sample/json/__init__.py /workspace/json-sample/json/decoder.py\n');

  workspace.write('json/__init__.py', `${workspace.read('json/__init__.py')}\nPLAYGROUND_MARK = 7\n`);
  await sync.push();
  const again = await sync.exec(`python -m json.tool --help`, { timeoutMs: 30_000 });
  expect(again.exitCode).toBe(0);
  const edited = await sync.exec(`python -c "import json; print(json.PLAYGROUND_MARK)"`, { timeoutMs: 30_000 });
  expect(edited.stdout).toBe('7\n');
});

test("a program outside the repo package folder gets the interpreter's json back", async () => {
  await sync.push();
  workspace.write('tools/check.py', 'import json\nprint(json.__file__.startswith("/workspace"), hasattr(json, "PLAYGROUND_MARK"))\n');
  await sync.push();
  const r = await sync.exec('python tools/check.py', { timeoutMs: 30_000 });
  expect(r.stdout).toBe('False False\n');
});
