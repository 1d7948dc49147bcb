import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openBrowser, type Session } from './browser';
import type { SandboxCheckApi } from '../../src/sandbox/check/main';
import { lastLine, NO_BRIDGE, NO_NETWORK, NO_PROCESSES, pythonC } from '../sandbox/escape-helpers';

/**
 * In real Chromium: code run in the page's Python Worker reaches neither the app's storage nor the network. The app's
 * IndexedDB holds a secret the program must not read; a server on this machine must see no request from it.
 */
type Api = { hgymSandboxCheck: SandboxCheckApi };

let s: Session;
let server: Server;
let requests = 0;
let port = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  s = await openBrowser();
  await s.page.goto(new URL('sandbox-check.html', inject('baseUrl')).href);
  await s.page.waitForFunction(() => 'hgymSandboxCheck' in window);
  // What the app keeps: a secret in the origin's IndexedDB.
  await s.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('hgym-escape-secret', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('keys');
        open.onsuccess = () => {
          const tx = open.result.transaction('keys', 'readwrite');
          tx.objectStore('keys').put('sk-do-not-leak', 'apiKey');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  const started = await s.page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.startPython());
  expect(started.status.state).toBe('ready');
}, 120_000);

afterAll(async () => {
  await s?.close();
  server?.close();
});

async function py(code: string) {
  return s.page.evaluate((c) => (window as unknown as Api).hgymSandboxCheck.python(c, 20_000), pythonC(code));
}
async function stillWorks() {
  expect(await py('print(6 * 7)')).toMatchObject({ exitCode: 0, stdout: '42\n' });
}

describe("the page's Python Worker", () => {
  test.each([
    ['js.indexedDB', "import js; js.indexedDB.open('hgym-escape-secret')", 'js'],
    ['js.fetch', `import js; js.fetch('http://127.0.0.1:${port}/')`, 'js'],
    ['js.importScripts', "from js import importScripts; importScripts('/x.js')", 'js'],
    ['js.eval', "import js; js.eval('self.indexedDB')", 'js'],
    ['pyodide_js', "import pyodide_js; pyodide_js.loadPackage('http://127.0.0.1:1/x.whl')", 'pyodide_js'],
  ])('%s fails with a clear message', async (_name, code, module) => {
    const r = await py(code);
    expect(r.exitCode).toBe(1);
    expect(lastLine(r.stderr)).toBe(`ImportError: No module named '${module}': ${NO_BRIDGE}`);
    await stillWorks();
  });

  test("Pyodide's HTTP helpers are refused", async () => {
    const r = await py(`from pyodide.http import open_url; open_url('http://127.0.0.1:${port}/')`);
    expect(lastLine(r.stderr)).toBe(`PermissionError: pyodide.http.open_url: ${NO_NETWORK}`);
    await stillWorks();
  });

  test('os.system and subprocess are refused', async () => {
    const sys = await py("import os; os.system('id')");
    expect(lastLine(sys.stderr)).toBe(`PermissionError: os.system: ${NO_PROCESSES}`);
    const sub = await py("import subprocess; subprocess.run(['id'])");
    expect(lastLine(sub.stderr)).toBe(`PermissionError: subprocess: ${NO_PROCESSES}`);
    await stillWorks();
  });

  test("a JavaScript function reached through a proxy cannot turn text into code (the worker's CSP)", async () => {
    const r = await py("from pyodide.ffi import create_proxy; F = create_proxy(len).constructor.constructor; F('return self.indexedDB')()");
    expect(r.exitCode).toBe(1);
    expect(lastLine(r.stderr)).toMatch(/^pyodide\.ffi\.JsException: EvalError: .*(unsafe-eval|Content Security Policy)/);
    await stillWorks();
  });

  test('sockets and urllib reach no server', async () => {
    const sock = await py(`import socket; socket.create_connection(("127.0.0.1", ${port}), timeout=2)`);
    expect(sock.exitCode).toBe(1);
    const web = await py(`import urllib.request; urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=2)`);
    expect(web.exitCode).toBe(1);
    await stillWorks();
  });

  test("after every attempt the app's storage is intact and the server saw no request from Python", async () => {
    const secret = await s.page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const open = indexedDB.open('hgym-escape-secret', 1);
          open.onsuccess = () => {
            const get = open.result.transaction('keys').objectStore('keys').get('apiKey');
            get.onsuccess = () => resolve(get.result);
          };
        }),
    );
    expect(secret).toBe('sk-do-not-leak');
    expect(requests).toBe(0);
    // The page itself may still connect (a model endpoint on this machine): the block is the Worker's, not the app's.
    const fromPage = await s.page.evaluate((u) => fetch(u).then((r) => r.text()), `http://127.0.0.1:${port}/`);
    expect(fromPage).toBe('ok');
    expect(requests).toBe(1);
  });

  test("the Worker's JavaScript scope has no storage, no network and no fresh scope (the lockdown, tried with JavaScript)", async () => {
    const probe = await s.page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.lockdown());
    expect(probe.left).toEqual([]);
    const reached = Object.entries(probe.tries).filter(([, v]) => v === 'reached');
    expect(reached).toEqual([]);
    expect(probe.tries.indexedDB).toMatch(/^refused: /);
    expect(probe.tries.fetch).toMatch(/^refused: /);
    expect(s.errors).toEqual([]);
  });
});
