import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, screenshotWidths, type Session } from './browser';
import { expectedInstances } from './expected-instances';

let s: Session;
let expected: Awaited<ReturnType<typeof expectedInstances>>;
beforeAll(async () => {
  [s, expected] = await Promise.all([openBrowser(), expectedInstances('cpython-json', 'cpython/json', 1, 10)]);
});
afterAll(async () => {
  await s?.close();
});

async function openSampleAndGenerate(page: Page, task: 'Function localization' | 'Dependency search') {
  await page.goto(inject('baseUrl'));
  await page.getByRole('button', { name: /^json/ }).click();
  await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
  await page.getByLabel('Task type').selectOption({ label: task });
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect.poll(() => page.getByLabel('Generated tasks').locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
}

const stepsUsed = async (page: Page) => Number(/Step (\d+)/.exec(await page.getByLabel('Steps used').innerText())![1]);

test('a newcomer finds a function with search, writes its docstring in the editor, submits and sees success', async () => {
  const { page } = s;
  await openSampleAndGenerate(page, 'Function localization');
  const target = expected.localize[0]!;
  // The page generated the same instance as the core in Node.
  await expect.poll(() => page.getByLabel('Generated tasks').locator('tbody tr').first().getAttribute('data-instance')).toBe(target.instance_id);
  await page
    .getByRole('button', { name: `Play ${target.module_name}`, exact: true })
    .first()
    .click();
  await page.getByLabel('Steps used').waitFor();
  expect(await page.getByLabel('Task', { exact: true }).innerText()).toContain(target.module_name);
  await screenshot(page, 'play-1280');

  // Search across files (Ctrl+Shift+F), then open the hit.
  await page.keyboard.press('Control+Shift+F');
  const keyword = target.module_type === 'class' ? 'class' : 'def';
  await page.getByLabel('Search across files').fill(`${keyword} ${target.module_name}`);
  await page.getByLabel('Search across files').press('Enter');
  const hit = page.getByLabel('Search results').getByRole('button', { name: new RegExp(`${target.file_path}:${target.module_line_start + 1}\\b`) });
  await hit.click();
  await expect.poll(() => page.locator('.editor-tab.active').innerText()).toContain(target.file_path.split('/').pop()!);
  expect(await stepsUsed(page)).toBe(2); // the grep and the view

  // Write the docstring as the first statement: go to the signature's last line, then type it.
  const original = expected.files.get(target.file_path)!.split('\n');
  const sigLast = target.docstring_line_start - 1; // 0-based line that ends the header in the original file
  const indent = /^\s*/.exec(original[target.docstring_line_start]!)![0];
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < sigLast; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.insertText(`\n${indent}"""Described by the playground test.\n\n${indent}Written in the browser editor.\n${indent}"""`);
  await expect.poll(() => page.locator('[aria-label="unsaved"]').count()).toBe(1);
  await page.keyboard.press('Control+s');
  await expect.poll(() => stepsUsed(page)).toBe(3);
  expect(await page.getByLabel('Last observation').innerText()).toContain('has been edited');

  // Submit with Ctrl+Enter and confirm.
  await page.keyboard.press('Control+Enter');
  await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
  const reference = page.getByLabel("Reference verdict (the authors' eval_localize.py)");
  await reference.waitFor({ timeout: 30_000 });
  expect(await reference.innerText()).toContain('Success');
  expect(await page.getByLabel('Strict verdict (checked with the parser)').innerText()).toContain('Success');
  const patch = await page.getByLabel('Patch', { exact: true }).innerText();
  // Exactly the four typed lines were added: the keys used (Ctrl+S, Ctrl+Enter) add nothing themselves.
  expect(patch.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toEqual([
    `+${indent}"""Described by the playground test.`,
    '+',
    `+${indent}Written in the browser editor.`,
    `+${indent}"""`,
  ]);
  expect(await page.getByLabel('Trajectory').innerText()).toMatch(/execute_bash grep[^\n]*\n[^\n]*view[^\n]*\n[^\n]*insert[^\n]*\nsubmit/);
  await screenshot(page, 'result-1280');
  expect(s.errors).toEqual([]);
});

test('a dependency-search episode survives a reload mid-way, and a partial answer shows found and missed', async () => {
  const { page } = s;
  await openSampleAndGenerate(page, 'Dependency search');
  const target = expected.deps.find((d) => d.num_dependencies >= 2)!;
  expect(target).toBeDefined();
  await page
    .getByRole('button', { name: `Play ${target.target_function_name}()`, exact: true })
    .first()
    .click();
  await page.getByLabel('Steps used').waitFor();

  // Comment above the first dependency only: open its file with Ctrl+P.
  const dep = target.dependencies[0]!;
  await page.keyboard.press('Control+p');
  await page.getByLabel('File name').fill(dep.file_path);
  await page.getByLabel('File name').press('Enter');
  await expect.poll(() => page.locator('.editor-tab.active').innerText()).toContain(dep.file_path.split('/').pop()!);
  const indent = /^\s*/.exec(expected.files.get(dep.file_path)!.split('\n')[dep.decorator_line]!)![0];
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < dep.decorator_line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Home'); // past the indentation, to column 0
  await page.keyboard.insertText(`${indent}# this function/class is called by the ${target.target_function_name} function\n`);
  await page.keyboard.press('Control+s');
  await expect.poll(() => stepsUsed(page)).toBe(2);
  // An unsaved draft too, in a terminal-free way: type in the editor without saving.
  await page.keyboard.insertText('# draft');
  await expect.poll(() => page.locator('[aria-label="unsaved"]').count()).toBe(1);
  // A shell command from the terminal is a step as well.
  await page.locator('.terminal-host .xterm').click();
  await page.keyboard.type('ls\n');
  await expect.poll(() => stepsUsed(page)).toBe(3);
  const url = page.url();

  await page.reload();
  await page.getByLabel('Steps used').waitFor();
  expect(page.url()).toBe(url);
  expect(await stepsUsed(page)).toBe(3);
  await expect.poll(() => page.locator('[aria-label="unsaved"]').count()).toBe(1);
  expect(await page.locator('.editor-tab.active').innerText()).toContain(dep.file_path.split('/').pop()!);

  // Drop the draft's text by closing the tab (it asks first), then submit.
  await page.getByRole('button', { name: `Close ${dep.file_path}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
  const deps = page.getByRole('table', { name: 'Dependencies' });
  await deps.waitFor({ timeout: 30_000 });
  const rows = deps.locator('tbody tr');
  expect(await rows.count()).toBe(target.num_dependencies);
  expect(await deps.locator('tr.found').count()).toBe(1);
  expect(await deps.locator('tr.missed').count()).toBe(target.num_dependencies - 1);
  expect(await page.getByLabel("Reference verdict (the authors' eval_dep.py)").innerText()).toMatch(/Found 1, missed \d/);
  await screenshot(page, 'result-deps-1280');

  await page.getByRole('link', { name: 'History' }).click();
  const episodes = page.getByRole('table', { name: 'Episodes' });
  await episodes.waitFor();
  await screenshot(page, 'history-1280');
  await expect.poll(() => episodes.locator('tbody tr').count()).toBe(2);

  // Exports: the OpenHands-shaped results (both finished episodes) and the solved one as a training conversation.
  const [results] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export JSONL \(2\)/ }).click()]);
  const records = readFileSync(await results.path(), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(records.map((r) => Object.keys(r).sort())[0]).toEqual(
    expect.arrayContaining(['history', 'instance', 'instance_id', 'instruction', 'metrics', 'test_result']),
  );
  expect(records.find((r) => r.instance.task === 'func-localize').test_result.git_patch).toContain('Described by the playground test.');
  const [training] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export training data \(1\)/ }).click()]);
  const conv = JSON.parse(readFileSync(await training.path(), 'utf8').trim());
  expect(conv.messages.map((m: { role: string }) => m.role).slice(0, 3)).toEqual(['system', 'user', 'assistant']);
  expect(conv.messages.at(-1).content).toContain('<function=submit>');
  expect(s.errors).toEqual([]);
});

test('closing a tab with unsaved text asks first: Escape keeps it, Discard drops it, Enter saves it as an edit', async () => {
  const { page } = s;
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/0`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  await page.getByLabel('Workspace files').getByRole('button', { name: 'decoder.py' }).click();
  await expect.poll(() => stepsUsed(page)).toBe(1);
  const close = page.getByRole('button', { name: 'Close json/decoder.py' });
  const dialog = page.getByRole('dialog', { name: 'Save the changes to decoder.py?' });
  const typeDraft = async (text: string) => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.insertText(text);
    await expect.poll(() => page.locator('[aria-label="unsaved"]').count()).toBe(1);
  };
  const editorText = () => page.locator('.cm-content').innerText();

  // Escape: nothing closes, the text stays, focus is back on the tab's close button.
  await typeDraft('# first draft\n');
  await close.focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  // Focus starts on the safe choice that loses nothing: Save.
  expect(await dialog.getByRole('button', { name: 'Save' }).evaluate((b) => b === document.activeElement)).toBe(true);
  await screenshotWidths(page, 'play-close-unsaved');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await close.evaluate((b) => b === document.activeElement)).toBe(true);
  expect(await page.locator('[aria-label="unsaved"]').count()).toBe(1);
  expect(await editorText()).toContain('# first draft');

  // Discard: the tab closes, the text is gone, no step was taken.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Shift+Tab');
  expect(await dialog.getByRole('button', { name: 'Discard' }).evaluate((b) => b === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => close.count()).toBe(0);
  expect(await stepsUsed(page)).toBe(1);
  await page.getByLabel('Workspace files').getByRole('button', { name: 'decoder.py' }).click();
  await expect.poll(() => stepsUsed(page)).toBe(2);
  expect(await editorText()).not.toContain('# first draft');

  // Enter on Save: the text becomes an edit step, then the tab closes.
  await typeDraft('# kept draft\n');
  await close.click();
  await dialog.waitFor();
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => stepsUsed(page)).toBe(3);
  await expect.poll(() => close.count()).toBe(0);
  await page.getByLabel('Workspace files').getByRole('button', { name: 'decoder.py' }).click();
  await expect.poll(() => editorText()).toContain('# kept draft');
  expect(await page.locator('[aria-label="unsaved"]').count()).toBe(0);

  // A tab without unsaved text closes at once.
  await close.click();
  expect(await dialog.count()).toBe(0);
  await expect.poll(() => close.count()).toBe(0);
  expect(s.errors).toEqual([]);
  expect(s.warnings.filter((w) => !w.includes('Measure loop restarted'))).toEqual([]);
});

test('the keyboard shortcuts: ? lists every command with its keys, and the keys it lists work', async () => {
  const { page } = s;
  await page.goto(`${inject('baseUrl')}#/s/cpython-json/func-localize/1/0`);
  await page.getByLabel('Steps used').waitFor({ timeout: 60_000 });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+?');
  const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await overlay.waitFor();
  const rows = await overlay.getByRole('table', { name: 'Keyboard shortcuts' }).locator('tr').allInnerTexts();
  expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
    'Open a file by name Ctrl/Cmd+P',
    'Search across files Ctrl/Cmd+Shift+F',
    'Save the edit in the editor Ctrl/Cmd+S',
    'Submit (asks first) Ctrl/Cmd+Enter',
    'Pause or resume the clock Ctrl/Cmd+Shift+P',
    'Show these shortcuts ?',
  ]);
  await screenshotWidths(page, 'play-shortcuts');
  await page.keyboard.press('Escape');
  await overlay.waitFor({ state: 'detached' });
  // The clock's key, from anywhere on the page.
  const pause = page.getByRole('button', { name: /^(Pause|Resume)$/ });
  expect(await pause.innerText()).toBe('Pause');
  await page.keyboard.press('Control+Shift+P');
  await expect.poll(() => pause.innerText()).toBe('Resume');
  await page.keyboard.press('Control+Shift+P');
  await expect.poll(() => pause.innerText()).toBe('Pause');
  // The Keys button opens the same list.
  await page.getByRole('button', { name: 'Keys' }).click();
  await overlay.waitFor();
  await overlay.getByRole('button', { name: 'Close' }).click();
  await overlay.waitFor({ state: 'detached' });
  expect(s.errors).toEqual([]);
});
