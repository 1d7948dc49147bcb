import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/core/repo/fetch';
import { listSamples, loadSampleRepo, type SampleInfo } from '../../../src/core/repo/samples';
import { ROOT, stdlibPackage } from './fixtures';

/** A fetch over local files, as the CLI or a test would pass: 404 for a missing file, like a static server. */
const fileFetch: FetchLike = async (url) => {
  const path = fileURLToPath(url);
  if (!existsSync(path)) return new Response('not found', { status: 404 });
  return new Response(readFileSync(path));
};

/**
 * The app's own samples (scripts/make-samples.mjs writes them on install). If they are not there, the same shape is
 * built here from Pyodide's stdlib so the loader is still tested on real zips.
 */
function samplesDir(preferShipped: boolean): string {
  const shipped = resolve(ROOT, 'public/samples');
  if (preferShipped && existsSync(join(shipped, 'index.json'))) return shipped;
  const dir = mkdtempSync(join(tmpdir(), 'samples-'));
  const samples: SampleInfo[] = ['json', 'email'].map((pkg) => {
    const files = stdlibPackage(pkg);
    writeFileSync(join(dir, `cpython-${pkg}.zip`), zipSync(files));
    const bytes = Object.values(files).reduce((s, b) => s + b.length, 0);
    return { id: `cpython-${pkg}`, name: pkg, language: 'python', description: pkg, files: Object.keys(files).length, bytes, zip: `cpython-${pkg}.zip` };
  });
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ samples }));
  return dir;
}

let base: string;
beforeAll(() => {
  base = pathToFileURL(samplesDir(true)).href + '/';
});

describe('samples', () => {
  it.each([
    ['the shipped samples', true],
    ['samples built from python_stdlib.zip', false],
  ])('lists %s and loads every one with the files and bytes the index promises', async (_, preferShipped) => {
    const base = pathToFileURL(samplesDir(preferShipped)).href + '/';
    const list = await listSamples(fileFetch, base);
    if (!list.ok) throw new Error(list.error);
    expect(list.value.length).toBeGreaterThanOrEqual(2);
    expect(list.value.some((s) => s.language === 'python')).toBe(true);
    for (const sample of list.value) {
      const repo = await loadSampleRepo(fileFetch, base, sample.id);
      if (!repo.ok) throw new Error(repo.error);
      expect(repo.value.id).toBe(`sample-${sample.id}`);
      expect(repo.value.source).toEqual({ kind: 'sample', label: sample.id });
      expect(repo.value.name).toBe(sample.name);
      expect(repo.value.files.length).toBe(sample.files);
      expect(repo.value.bytes).toBe(sample.bytes);
      expect(repo.value.skipped).toEqual([]);
    }
  });

  it("keeps a sample's package folder, so relative imports stay inside the package", async () => {
    const list = await listSamples(fileFetch, base);
    if (!list.ok) throw new Error(list.error);
    const json = list.value.find((s) => s.name === 'json')!;
    const repo = await loadSampleRepo(fileFetch, base, json.id);
    if (!repo.ok) throw new Error(repo.error);
    expect(repo.value.files.map((f) => f.path)).toContain('json/decoder.py');
    expect(repo.value.files.find((f) => f.path === 'json/__init__.py')!.text).toContain('from .decoder import JSONDecoder');
  });

  it('explains a missing sample, a missing zip, a broken index and no network', async () => {
    const unknown = await loadSampleRepo(fileFetch, base, 'no-such-sample');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toMatch(/^There is no sample "no-such-sample" \(available: .*cpython-json/);

    const dir = mkdtempSync(join(tmpdir(), 'samples-bad-'));
    const dirUrl = pathToFileURL(dir).href;
    expect(await listSamples(fileFetch, dirUrl)).toEqual({
      ok: false,
      error: `The sample list could not be loaded (HTTP 404 for ${dirUrl}/index.json). scripts/make-samples.mjs writes the samples on install and build.`,
    });
    writeFileSync(join(dir, 'index.json'), '{"samples": [');
    const broken = await listSamples(fileFetch, dirUrl);
    expect(!broken.ok && broken.error).toMatch(/is not valid JSON/);
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ samples: [{ id: 'x', name: 'x', zip: '../../etc/x.zip', files: 1, bytes: 1 }] }));
    const escaping = await listSamples(fileFetch, dirUrl);
    expect(!escaping.ok && escaping.error).toMatch(/does not have the expected shape/);
    writeFileSync(
      join(dir, 'index.json'),
      JSON.stringify({ samples: [{ id: 'gone', name: 'gone', language: 'python', description: '', zip: 'gone.zip', files: 1, bytes: 1 }] }),
    );
    expect(await loadSampleRepo(fileFetch, dirUrl, 'gone')).toEqual({
      ok: false,
      error: `The gone sample could not be loaded (HTTP 404 for ${dirUrl}/gone.zip). scripts/make-samples.mjs writes the samples on install and build.`,
    });

    const offline: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const r = await listSamples(offline, 'https://example.invalid/samples/');
    expect(r).toEqual({ ok: false, error: 'The sample list could not be loaded (Failed to fetch). The samples are served with the app from public/samples/.' });
  });
});
