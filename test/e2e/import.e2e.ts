import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openBrowser, screenshot, type Session } from './browser';

let s: Session;
beforeAll(async () => {
  s = await openBrowser();
});
afterAll(async () => {
  await s?.close();
});

/** A real package from Pyodide's bundled stdlib, zipped GitHub-style under one top folder. */
function tomllibZip(): Buffer {
  const stdlib = unzipSync(readFileSync('node_modules/pyodide/python_stdlib.zip'));
  const files = Object.fromEntries(
    Object.entries(stdlib)
      .filter(([p]) => p.startsWith('tomllib/') && p.endsWith('.py'))
      .map(([p, b]) => [`tomli-main/src/${p}`, b]),
  );
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
