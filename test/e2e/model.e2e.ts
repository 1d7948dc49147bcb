import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startStandin, type Standin } from '../core/llm/standin-server';
import { chooseStandin } from './agent-form';
import { openBrowser, screenshot, type Session } from './browser';

/**
 * Model play in the page. No real model can be reached from this machine: the LLM agent talks to a local
 * OpenAI-compatible stand-in on 127.0.0.1 (real HTTP, CORS preflight, chat-completions JSON with tool calls),
 * whose script views a file forever, so pause, step and stop can be watched.
 */
let s: Session;
let model: Standin;
const KEY = 'sk-test-SECRET-4242';
beforeAll(async () => {
  s = await openBrowser();
  model = await startStandin((req, n) => ({
    body: {
      id: `c${n}`,
      object: 'chat.completion',
      model: req.body.model,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: `call_${n}`,
                type: 'function',
                function: { name: 'execute_bash', arguments: JSON.stringify({ command: n % 2 ? 'ls' : 'grep -rn "def load" .' }) },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    },
    delayMs: 150,
  }));
});
afterAll(async () => {
  await s?.close();
  await model?.close();
});

async function openJsonTask(page: Page) {
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/0`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
}
const steps = async (page: Page) => Number(/Step (\d+)/.exec(await page.getByLabel('Steps used').innerText())![1]);

test('watch the baseline play a task to the end', async () => {
  const { page } = s;
  await openJsonTask(page);
  await page.getByRole('button', { name: 'Watch a model play this task instead' }).click();
  await page.getByRole('dialog').getByLabel('Agent', { exact: true }).selectOption('baseline');
  await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();
  // It submits on its own: the result screen follows.
  const ref = page.getByLabel("Reference verdict (the authors' eval_localize.py)");
  await ref.waitFor({ timeout: 60_000 });
  expect(await ref.innerText()).toContain('Success');
  expect(await page.getByLabel('Trajectory').innerText()).toContain('submit');
  await page.getByRole('link', { name: 'History' }).click();
  await expect.poll(() => page.getByRole('table', { name: 'Episodes' }).innerText()).toContain('baseline');
});

test('an OpenAI-compatible model plays live, and pause, step and stop work; the key stays out of everything', async () => {
  const { page } = s;
  await openJsonTask(page);
  await page.getByRole('button', { name: 'Watch a model play this task instead' }).click();
  const dialog = page.getByRole('dialog');
  await chooseStandin(dialog, model.baseUrl, KEY);
  await dialog.getByRole('button', { name: 'Start' }).click();
  const bar = page.getByRole('status', { name: 'Model run' });
  await bar.waitFor();
  await expect.poll(() => steps(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  // Its shell commands and their output show in the terminal as they happen.
  await expect.poll(() => page.locator('.terminal-host .xterm-rows').innerText()).toContain('[model] $ grep -rn "def load" .');
  await screenshot(page, 'play-model-1280');

  await bar.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => bar.innerText()).toContain('Paused');
  // A decision already in flight when Pause was pressed still lands; after it, nothing more.
  await page.waitForTimeout(500);
  const held = await steps(page);
  await page.waitForTimeout(800);
  expect(await steps(page)).toBe(held); // a paused run makes no calls
  const calls = model.requests.length;
  await bar.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => steps(page)).toBe(held + 1);
  await page.waitForTimeout(600);
  expect(await steps(page)).toBe(held + 1);
  expect(model.requests.length).toBe(calls + 1);

  await bar.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => bar.innerText()).toContain('carry on by hand');
  expect(model.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(model.requests[0]!.body.tools?.map((t) => t.function.name)).toEqual(expect.arrayContaining(['execute_bash', 'str_replace_editor', 'submit']));

  // The key is nowhere in what the page stored (the key was not set to be remembered).
  const stored = await page.evaluate(async () => {
    const read = (name: string) =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => {
          const db = open.result;
          const stores = [...db.objectStoreNames];
          if (!stores.length) return resolve('');
          const tx = db.transaction(stores, 'readonly');
          const out: unknown[] = [];
          let left = stores.length;
          for (const st of stores) {
            const r = tx.objectStore(st).getAll();
            r.onsuccess = () => {
              out.push(r.result);
              if (--left === 0) resolve(JSON.stringify(out));
            };
          }
        };
      });
    return (await read('hgym-play')) + (await read('hybrid-gym-repos')) + JSON.stringify(localStorage);
  });
  expect(stored).toContain('standin-coder');
  expect(stored).not.toContain(KEY);
  expect(s.errors).toEqual([]);
});

test("a batch run over generated tasks fills the results table beside people's results", async () => {
  const { page } = s;
  await page.goto(`${inject('baseUrl')}#/repo/sample%3Acpython-json`);
  await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByRole('button', { name: /Let a model play all \d+ tasks/ }).click();
  const panel = page.getByRole('region', { name: 'Batch run' });
  await panel.getByLabel('Agent', { exact: true }).selectOption('baseline');
  await panel.getByRole('button', { name: /^Run on \d+ tasks$/ }).click();
  const table = panel.getByRole('table', { name: 'Batch results' });
  await expect.poll(() => table.locator('tbody tr[data-status="done"]').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
  const text = await panel.innerText();
  expect(text).toMatch(/episodes played, \d+ solved/);
  // The localization episodes earlier in this browser were played by models; people have not played yet.
  expect(await table.innerText()).toContain('not played yet');
  await screenshot(page, 'repo-batch-1280');
});
