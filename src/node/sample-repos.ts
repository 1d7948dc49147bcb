import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadZipRepo } from '../core/repo/zip';

/** The embedded samples (public/samples/*.zip, written at install by scripts/make-samples.mjs), read in Node. */
export const SAMPLES_DIR = resolve(fileURLToPath(import.meta.url), '..', '..', '..', 'public', 'samples');

/** The Python samples the baseline is measured on. */
export const PYTHON_SAMPLES = ['json', 'tomllib', 'logging', 'http', 'email', 'importlib', 'urllib', 'asyncio'] as const;

export async function loadSampleFiles(name: string): Promise<{ repo: string; files: { path: string; text: string }[] }> {
  const zip = resolve(SAMPLES_DIR, `cpython-${name}.zip`);
  const r = await loadZipRepo(new Uint8Array(readFileSync(zip)), `cpython-${name}.zip`);
  if (!r.ok) throw new Error(r.error);
  return { repo: `cpython/${name}`, files: r.value.files.map((f) => ({ path: f.path, text: f.text })) };
}
