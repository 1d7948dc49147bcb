import { zipSync } from 'fflate';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { startStandin, toolCallReply, type Standin } from '../core/llm/standin-server';
import { openBrowser, type Session } from './browser';

/**
 * Markup smuggled in through a file name, a docstring and a model's output is shown as text and never runs; the
 * Content-Security-Policy is really in force (an injected inline handler and script are blocked and reported). Every
 * payload would set `window.__xss` or open a dialog if it ran.
 */
const NAME_PAYLOAD = '<img src=x onerror=window.__xss=1>';
const DOC_PAYLOAD = '<script>window.__xss=2</script><img src=x onerror="window.__xss=3;alert(3)">';
const MODEL_PAYLOAD = '<img src=x onerror="window.__xss=4;alert(4)"><script>alert(5)</script>';

let s: Session;
let model: Standin;
const dialogs: string[] = [];

function evilZip(): Buffer {
  const enc = new TextEncoder();
  const mod = [
    'def settle(total, paid):',
    `    """Work out the change due. ${DOC_PAYLOAD}`,
    '',
    '    Returns what is left to pay, never below zero.',
    '    """',
    '    return max(total - paid, 0)',
    '',
  ].join('\n');
  return Buffer.from(
    zipSync({
      'evil-main/pkg/__init__.py': enc.encode(''),
      [`evil-main/pkg/${NAME_PAYLOAD}.py`]: enc.encode('X = 1\n'),
      'evil-main/pkg/billing.py': enc.encode(mod),
    }),
  );
}

beforeAll(async () => {
  s = await openBrowser();
  model = await startStandin((_req, n) => ({
    ...toolCallReply('execute_bash', { command: `echo '${MODEL_PAYLOAD}'` }, { id: `call_${n}`, content: MODEL_PAYLOAD }),
    delayMs: 100,
  }));
  s.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Collected from the first script on, whatever the page does later.
  await s.page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective}: ${e.blockedURI}`));
  });
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});

const violations = () => s.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
const xss = () => s.page.evaluate(() => (window as unknown as { __xss?: number }).__xss);

test('the page is served with its CSP and security headers, and carries the CSP as a meta for static hosts', async () => {
  const response = await s.page.goto(inject('baseUrl'));
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  const meta = await s.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toBe(headers['content-security-policy']);
  expect(meta).not.toContain("'unsafe-eval'");
  expect(meta).not.toMatch(/script-src[^;]*'unsafe-inline'/);
});

test('markup in file names, docstrings and model output is shown as text and never runs', async () => {
  const { page } = s;
  await page.goto(inject('baseUrl'));
  await page.getByLabel('Zip file').setInputFiles({ name: 'evil-main.zip', mimeType: 'application/zip', buffer: evilZip() });
  await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
  // The file name, in the file browser.
  await page.getByRole('tab', { name: /Files/ }).click();
  await expect.poll(() => page.locator('body').innerText()).toContain(`${NAME_PAYLOAD}.py`);
  // The docstring, as a task's description: generate, play, read the instruction.
  await page.getByRole('tab', { name: /Tasks/ }).click();
  await page.getByRole('button', { name: 'Generate' }).click();
  await page
    .getByRole('button', { name: /^Play .*settle/ })
    .first()
    .click();
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  expect(await page.getByLabel('Task', { exact: true }).innerText()).toContain('<script>window.__xss=2</script>');
  // The model's words and commands, in the terminal and the status line.
  await page.getByRole('button', { name: 'Watch a model play this task instead' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Agent', { exact: true }).selectOption('openai');
  await dialog.getByLabel('Provider').selectOption('custom');
  await dialog.getByLabel('Endpoint URL').fill(model.baseUrl);
  await dialog.getByLabel('Model').fill('standin-coder');
  await dialog.getByRole('button', { name: 'Start' }).click();
  const bar = page.getByRole('status', { name: 'Model run' });
  await bar.waitFor();
  await expect.poll(() => page.locator('.terminal-host .xterm-rows').innerText(), { timeout: 20_000 }).toContain('<script>alert(5)</script>');
  await bar.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => bar.innerText()).toContain('carry on by hand');

  expect(dialogs).toEqual([]);
  expect(await xss()).toBeUndefined();
  // Nothing was even attempted: no element was made from the text, so the policy had nothing to block.
  expect(await violations()).toEqual([]);
  expect(s.errors).toEqual([]);
});

test('the CSP is in force: an inline handler and an inline script injected into the page are blocked and reported', async () => {
  const { page } = s;
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:," onerror="window.__xss=6">';
    document.body.append(div);
    const script = document.createElement('script');
    script.textContent = 'window.__xss = 7';
    document.body.append(script);
  });
  await expect
    .poll(violations)
    .toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-attr: inline/), expect.stringMatching(/^script-src-elem: inline/)]));
  expect(await xss()).toBeUndefined();
  expect(dialogs).toEqual([]);
});
