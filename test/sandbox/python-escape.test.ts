import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodePythonSandbox, nodePyodideIndexURL, pythonProcessArgs } from '../../src/sandbox/node/python-node';
import type { PythonSandbox } from '../../src/sandbox/python-sandbox';
import { lastLine, NO_BRIDGE, NO_PROCESSES, pythonC } from './escape-helpers';

/**
 * Python started by the CLI and the tests cannot reach the host: every escape route a repository's code could take
 * fails with a message, and the sandbox still works after each. The host side is checked for real: a marker file
 * that must not appear, a TCP server that must see no connection, an environment variable that must not be read.
 */

const host = mkdtempSync(join(tmpdir(), 'hgym-escape-'));
const marker = join(host, 'PWNED');
let sandbox: PythonSandbox;
let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  process.env.HGYM_ESCAPE_SECRET = 'sk-do-not-leak';
  server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  sandbox = createNodePythonSandbox({ root: '/workspace/escape' });
  await sandbox.start();
}, 120_000);

afterAll(async () => {
  await sandbox?.dispose();
  server?.close();
  rmSync(host, { recursive: true, force: true });
  delete process.env.HGYM_ESCAPE_SECRET;
});

const py = (code: string) => sandbox.exec(pythonC(code), { timeoutMs: 20_000 });

async function stillWorks() {
  const r = await sandbox.exec('python -c "print(6 * 7)"');
  expect(r).toMatchObject({ exitCode: 0, stdout: '42\n' });
}

describe('Python in the Node sandbox cannot start host processes', () => {
  test.each([
    ['os.system', `import os; os.system("echo PWNED > ${marker}")`, `PermissionError: os.system: ${NO_PROCESSES}`],
    ['os.popen', `import os; os.popen("touch ${marker}").read()`, `PermissionError: os.popen: ${NO_PROCESSES}`],
    ['subprocess.run', `import subprocess; subprocess.run(["touch", "${marker}"])`, `PermissionError: subprocess: ${NO_PROCESSES}`],
    ['subprocess.check_output', `import subprocess; subprocess.check_output("id", shell=True)`, `PermissionError: subprocess: ${NO_PROCESSES}`],
    ['os.execv', `import os; os.execv("/usr/bin/touch", ["touch", "${marker}"])`, `PermissionError: os.execv: ${NO_PROCESSES}`],
    ['os.kill', 'import os; os.kill(1, 9)', `PermissionError: os.kill: ${NO_PROCESSES}`],
  ])('%s fails with a clear message', async (_name, code, message) => {
    const r = await py(code);
    expect(r.exitCode).toBe(1);
    expect(lastLine(r.stderr)).toBe(message);
    expect(existsSync(marker)).toBe(false);
    await stillWorks();
  });
});

describe('Python in the Node sandbox has no bridge to JavaScript', () => {
  test.each([
    ['import js', "import js; js.eval(\"process.getBuiltinModule('child_process').execSync('id').toString()\")", 'js'],
    ['js.require', "from js import require; require('fs')", 'js'],
    ['js.process', 'import js; js.process.exit(3)', 'js'],
    ['js.fetch', "import js; js.fetch('http://127.0.0.1:1/')", 'js'],
    ['pyodide_js', 'import pyodide_js; pyodide_js.loadPackage("x")', 'pyodide_js'],
    ['pyodide.code.run_js', "from pyodide.code import run_js; run_js('process.exit(3)')", 'js'],
  ])('%s fails with a clear message', async (_name, code, module) => {
    const r = await py(code);
    expect(r.exitCode).toBe(1);
    expect(lastLine(r.stderr)).toBe(`ImportError: No module named '${module}': ${NO_BRIDGE}`);
    await stillWorks();
  });

  test('past the import guard there is still no js module', async () => {
    const r = await py('import sys; sys.meta_path.pop(0); import js');
    expect(lastLine(r.stderr)).toBe("ModuleNotFoundError: No module named 'js'");
    await stillWorks();
  });

  test('a JavaScript function reached through a proxy cannot turn text into code', async () => {
    const r = await py("from pyodide.ffi import create_proxy; F = create_proxy(len).constructor.constructor; F('return process')()");
    expect(lastLine(r.stderr)).toBe('pyodide.ffi.JsException: EvalError: Code generation from strings disallowed for this context');
    await stillWorks();
  });

  test('ctypes into the runtime kills the interpreter, not the host, and the next run gets a new one', async () => {
    const r = await py(`import ctypes; ctypes.CDLL(None).emscripten_run_script(b"require('fs').writeFileSync('${marker}', 'x')")`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[the Python engine failed and restarts on the next run; files this run wrote are lost]');
    expect(existsSync(marker)).toBe(false);
    await stillWorks();
  }, 60_000);
});

describe('Python in the Node sandbox has its own files, no network and no environment', () => {
  test('writing to a host path writes inside the sandbox only', async () => {
    const r = await py(`import os; os.makedirs("${host}", exist_ok=True); open("${marker}", "w").write("x"); print(open("${marker}").read())`);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'x\n' });
    expect(existsSync(marker)).toBe(false);
  });

  test("reading a host file finds the sandbox's file system, not the host's", async () => {
    const r = await py('open("/etc/passwd").read()');
    expect(lastLine(r.stderr)).toBe("FileNotFoundError: [Errno 44] No such file or directory: '/etc/passwd'");
  });

  test('a socket to a server on the host never connects', async () => {
    const r = await py(`import socket; socket.create_connection(("127.0.0.1", ${port}), timeout=2)`);
    expect(r.exitCode).toBe(1);
    expect(lastLine(r.stderr)).toBe('OSError: [Errno 23] Host is unreachable');
    const web = await py(`import urllib.request; urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=2)`);
    expect(lastLine(web.stderr)).toBe('urllib.error.URLError: <urlopen error [Errno 23] Host is unreachable>');
    await new Promise((r) => setTimeout(r, 200));
    expect(connections).toBe(0);
  });

  test("the host's environment (API keys) is not the program's", async () => {
    const r = await py('import os; print(sorted(k for k in os.environ if "SECRET" in k or "KEY" in k))');
    expect(r.stdout).toBe('[]\n');
  });
});

/** The boundaries themselves, with JavaScript (what a program could run if it got past every guard above). */
describe("the Python process's boundaries, tried with JavaScript", () => {
  const underFlags = (code: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'hgym-flags-'));
    const entry = join(dir, 'probe.cjs');
    writeFileSync(entry, code);
    const r = spawnSync(process.execPath, pythonProcessArgs(entry, nodePyodideIndexURL().replace(/\/$/, '')), { encoding: 'utf8', env: {} });
    rmSync(dir, { recursive: true, force: true });
    return r;
  };

  test.each([
    ['a child process', "require('child_process').execSync('touch MARKER')"],
    ['a file write', "require('fs').writeFileSync('MARKER', 'x')"],
    ['a file read outside Pyodide', "process.stdout.write(require('fs').readFileSync('/etc/passwd', 'utf8'))"],
    ['process.binding', "process.binding('tcp_wrap')"],
  ])('the permission model refuses %s', (_name, code) => {
    const r = underFlags(code.replace('MARKER', marker));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERR_ACCESS_DENIED');
    expect(r.stdout).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  test('strings do not become code', () => {
    const r = underFlags("new Function('return 1')()");
    expect(r.stderr).toContain('EvalError: Code generation from strings disallowed');
  });

  test("the engine thread's network, threads and signals are cut off", async () => {
    // The lockdown in a worker_thread of this test process, as the engine thread applies it.
    const source = `
      const { parentPort } = require('node:worker_threads');
      require(${JSON.stringify(require.resolve('tsx/cjs'))});
      const { lockDownEngineThread } = require(${JSON.stringify(require.resolve('../../src/sandbox/node/process-lockdown.ts'))});
      lockDownEngineThread();
      const tries = {
        'net.connect': () => require('node:net').connect(${port}, '127.0.0.1'),
        'net.Socket.connect': () => new (require('node:net').Socket)().connect(${port}, '127.0.0.1'),
        'http.get': () => require('node:http').get('http://127.0.0.1:${port}/'),
        'tls.connect': () => require('node:tls').connect(${port}, '127.0.0.1'),
        'dgram.send': () => require('node:dgram').createSocket('udp4').send('x', ${port}, '127.0.0.1'),
        'dns.lookup': () => require('node:dns').lookup('example.com', () => {}),
        'net.Server.listen': () => require('node:net').Server.prototype.listen.call(null, 0),
        'fetch': () => fetch('http://127.0.0.1:${port}/'),
        'worker_threads.Worker': () => new (require('node:worker_threads').Worker)('1', { eval: true }),
        'process.kill': () => process.kill(process.pid, 0),
      };
      const out = {};
      for (const [k, f] of Object.entries(tries)) {
        try { f(); out[k] = 'allowed'; } catch (e) { out[k] = e.message; }
      }
      parentPort.postMessage(out);
    `;
    const worker = new Worker(source, { eval: true });
    const out = await new Promise<Record<string, string>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(Object.entries(out).filter(([, v]) => v === 'allowed')).toEqual([]);
    expect(out['net.connect']).toBe('net.connect: the Python sandbox has no network');
    expect(out['worker_threads.Worker']).toBe('worker_threads.Worker: the Python sandbox cannot start threads');
    expect(out.fetch).toMatch(/fetch is not a function/);
    await new Promise((r) => setTimeout(r, 200));
    expect(connections).toBe(0);
  });
});
