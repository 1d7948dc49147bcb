import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, type Session } from './browser';
import type { SandboxCheckApi } from '../../src/sandbox/check/main';

// The built app's sandbox-check.html drives the real Pyodide module Worker (and tries WebContainer) in Chromium.
let s: Session;
beforeAll(async () => {
  s = await openBrowser();
  await s.page.goto(new URL('sandbox-check.html', inject('baseUrl')).href);
  await s.page.waitForFunction(() => 'hgymSandboxCheck' in window);
});
afterAll(async () => {
  await s?.close();
});

type Api = { hgymSandboxCheck: SandboxCheckApi };

test('Python runs in a Worker: prints, sees an edit, and an infinite loop is stopped by the time limit', async () => {
  const { page } = s;
  const env = await page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.environment());
  expect(env).toMatchObject({ crossOriginIsolated: true, workers: true });

  const started = await page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.startPython());
  expect(started.status).toMatchObject({ state: 'ready', detail: expect.stringMatching(/^Python 3\.\d+\.\d+ \(Pyodide /) });
  expect(started.loadMs).toBeGreaterThan(0);

  const first = await page.evaluate(async () => {
    const api = (window as unknown as Api).hgymSandboxCheck;
    await api.writeFiles([
      { path: 'shop/prices.py', text: 'def total(items):\n    return sum(p * q for p, q in items)\n' },
      { path: 'main.py', text: 'from shop.prices import total\nprint("total", total([(3, 2), (5, 1)]))\n' },
    ]);
    return api.python('python main.py');
  });
  expect(first).toMatchObject({ exitCode: 0, stdout: 'total 11\n', timedOut: false });
  expect(first.streamed.join('')).toBe('total 11\n');

  // The editor's edit, as the workspace sync pushes it: the next run imports the new code.
  const edited = await page.evaluate(async () => {
    const api = (window as unknown as Api).hgymSandboxCheck;
    await api.writeFiles([{ path: 'shop/prices.py', text: 'def total(items):\n    return round(sum(p * q for p, q in items) * 1.2, 2)\n' }]);
    return api.python('python main.py');
  });
  expect(edited.stdout).toBe('total 13.2\n');

  const loop = await page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.python("python -c 'while True: pass'", 1500));
  expect(loop).toMatchObject({ exitCode: 124, timedOut: true });
  // Cross-origin isolated: stopped by interrupt (a KeyboardInterrupt in Python), not by killing the Worker.
  expect(loop.stderr).toContain('KeyboardInterrupt');
  const after = await page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.python('python -c "import sys; print(sys.platform)"'));
  expect(after).toMatchObject({ exitCode: 0, stdout: 'emscripten\n' });
  await expect.poll(() => page.locator('[data-term="Python"]').innerText()).toMatch(/^ready: Python 3/);
  await screenshot(page, 'sandbox-check-python');
  expect(s.errors).toEqual([]);
});

test('offline, Node falls back at once with a status that says why; online but unreachable, within the boot timeout', async () => {
  const { page, context } = s;
  await context.setOffline(true);
  const offline = await page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.node('node -v', 5000));
  expect(offline.status).toEqual({ state: 'unavailable', detail: 'Node is unavailable offline: WebContainer loads its runtime from StackBlitz' });
  expect(offline.result.exitCode).toBe(1);
  expect(offline.result.stderr).toContain('offline');
  expect(offline.elapsedMs).toBeLessThan(5000);
  await context.setOffline(false);

  // This machine has no route to StackBlitz: boot either fails or never settles; the timeout bounds the wait.
  const unreachable = await page.evaluate(() => (window as unknown as Api).hgymSandboxCheck.node('node -v', 4000));
  expect(unreachable.status.state).toBe('unavailable');
  expect(unreachable.status.detail).toMatch(/^Node is unavailable: /);
  expect(unreachable.elapsedMs).toBeLessThan(4000 + 2000);
  await expect.poll(() => page.locator('[data-term="Node"]').innerText()).toMatch(/^unavailable: Node is unavailable/);
  await screenshot(page, 'sandbox-check-node');
  expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});
