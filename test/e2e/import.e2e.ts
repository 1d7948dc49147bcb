import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, type Session } from './browser';
import { TOY_SHOP } from '../data';

let s: Session;
beforeAll(async () => {
  s = await openBrowser();
});
afterAll(async () => {
  await s?.close();
});

/** A real package from Pyodide's bundled stdlib, zipped GitHub-style under one top folder (plus `extra` files there). */
function tomllibZip(extra: Record<string, string> = {}): Buffer {
  const stdlib = unzipSync(readFileSync('node_modules/pyodide/python_stdlib.zip'));
  const files = Object.fromEntries(
    Object.entries(stdlib)
      .filter(([p]) => p.startsWith('tomllib/') && p.endsWith('.py'))
      .map(([p, b]) => [`tomli-main/src/${p}`, b]),
  );
  for (const [p, text] of Object.entries(extra)) files[`tomli-main/${p}`] = strToU8(text);
  return Buffer.from(zipSync(files));
}

test('a zip upload is saved and reopens after a reload; a malformed zip shows an error and leaves it untouched', async () => {
  const { page } = s;
  await page.goto(inject('baseUrl'));
  await page.getByLabel('Zip file').setInputFiles({ name: 'tomli-main.zip', mimeType: 'application/zip', buffer: tomllibZip() });
  // A successful import opens the repo and indexes it.
  const stats = page.getByLabel('Index statistics');
  await stats.waitFor({ timeout: 60_000 });
  expect(await stats.innerText()).toMatch(/4\s*FILES/i);

  await page.goto(inject('baseUrl'));
  await page.reload();
  const saved = page.getByRole('table', { name: 'Saved repositories' });
  await expect.poll(() => saved.innerText()).toContain('tomli-main');
  const before = await saved.innerText();

  // A truncated zip: a real archive cut in half.
  const broken = tomllibZip().subarray(0, 900);
  await page.getByLabel('Zip file').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: broken });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/zip/i);
  await screenshot(page, 'home-import-error-1280');
  expect(await saved.innerText()).toBe(before);

  // Not a zip at all.
  await page.getByLabel('Zip file').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('just text, not an archive') });
  await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/zip/i);
  expect(await saved.innerText()).toBe(before);

  // Opening the saved repo works without re-importing.
  await page.getByRole('button', { name: 'Open tomli-main' }).click();
  await page.getByLabel('Index statistics').waitFor({ timeout: 60_000 });
  expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

test('a local folder opened with the folder input is imported with its structure, indexed and yields tasks', async () => {
  const { page } = s;
  // A real package on disk: the fixture toy-shop repo (imports between its modules need the folder structure).
  const dir = mkdtempSync(join(tmpdir(), 'hgym-folder-'));
  const repo = join(dir, 'toy-shop');
  cpSync(TOY_SHOP, repo, { recursive: true });
  try {
    await page.goto(inject('baseUrl'));
    await page.getByLabel('Folder', { exact: true }).setInputFiles(repo);
    const stats = page.getByLabel('Index statistics');
    await stats.waitFor({ timeout: 60_000 });
    const text = await stats.innerText();
    expect(text).toMatch(/7\s*FILES/i);
    // Resolved calls across the package's modules: the folder kept its structure.
    expect(Number(/([\d,]+)\s*RESOLVED CALLS/i.exec(text)![1])).toBeGreaterThan(10);
    await page.getByLabel('Task type').selectOption({ label: 'Dependency search' });
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => page.getByLabel('Generated tasks').locator('tbody tr').count()).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder holding symbolic links: nothing they point to comes in through the folder input', async () => {
  const { page } = s;
  const dir = mkdtempSync(join(tmpdir(), 'hgym-links-'));
  const repo = join(dir, 'toy-shop');
  cpSync(TOY_SHOP, repo, { recursive: true });
  writeFileSync(join(dir, 'outside-secret.txt'), 'SECRET = "e2e-outside-4b7d"\n');
  mkdirSync(join(dir, 'outside-dir'));
  writeFileSync(join(dir, 'outside-dir', 'leak.py'), 'SECRET = "e2e-outside-4b7d"\n');
  symlinkSync('../../outside-secret.txt', join(repo, 'shop', 'config.py'));
  symlinkSync('../outside-dir', join(repo, 'vendor'));
  try {
    await page.goto(inject('baseUrl'));
    await page.getByLabel('Folder', { exact: true }).setInputFiles(repo);
    const stats = page.getByLabel('Index statistics');
    await stats.waitFor({ timeout: 60_000 });
    // The same 7 files as the folder without links: Chromium lists neither the file link nor the folder link.
    expect(await stats.innerText()).toMatch(/7\s*FILES/i);
    await page.getByRole('tab', { name: /^Files/ }).click();
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('config.py');
    expect(body).not.toContain('leak.py');
    expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** 4 KB of Python nested 2,000 deep: more than the index's walk can follow. */
const DEEP_PY = 'x = ' + '('.repeat(2000) + '1' + ')'.repeat(2000) + '\n';

test('a zip with a file nested too deep: the file is named, the rest is indexed, the repo is saved once indexed', async () => {
  const { page } = s;
  await page.goto(inject('baseUrl'));
  const zip = tomllibZip({ 'src/deep/nested.py': DEEP_PY });
  await page.getByLabel('Zip file').setInputFiles({ name: 'deep-main.zip', mimeType: 'application/zip', buffer: zip });
  const stats = page.getByLabel('Index statistics');
  await stats.waitFor({ timeout: 60_000 });
  expect(await stats.innerText()).toMatch(/4\s*FILES/i);
  await expect.poll(() => page.getByRole('status', { name: 'Repo note' }).allInnerTexts()).toContain('1 file too deeply nested to index: src/deep/nested.py');
  // Tasks come from the files that were indexed.
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect.poll(() => page.getByLabel('Generated tasks').locator('tbody tr').count()).toBeGreaterThan(0);
  await screenshot(page, 'repo-too-deep-note-1280');
  await page.goto(inject('baseUrl'));
  await page.reload();
  await expect.poll(() => page.getByRole('table', { name: 'Saved repositories' }).innerText()).toContain('deep-main');
  expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

test('a zip whose indexing fails is not saved', async () => {
  const { page, context } = s;
  await page.goto(inject('baseUrl'));
  // The Worker cannot fetch the Python grammar: indexing fails after the zip was read.
  const grammar = /tree-sitter-python[^/]*\.wasm/;
  await context.route(grammar, (route) => route.abort());
  try {
    await page
      .getByLabel('Zip file')
      .setInputFiles({ name: 'unindexed-main.zip', mimeType: 'application/zip', buffer: tomllibZip({ 'src/extra.py': 'y = 2\n' }) });
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 60_000 }).toMatch(/tree-sitter-python.*The repo was not saved\./s);
  } finally {
    await context.unroute(grammar);
  }
  await page.goto(inject('baseUrl'));
  await page.reload();
  const saved = page.getByRole('table', { name: 'Saved repositories' });
  await expect.poll(() => saved.innerText()).toContain('tomli-main');
  expect(await saved.innerText()).not.toContain('unindexed-main');
});
