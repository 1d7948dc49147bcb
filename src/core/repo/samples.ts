import { joinUrl, type FetchLike } from './fetch';
import type { LoadOptions, Repo, Result } from './types';
import { loadZipRepo } from './zip';

/**
 * The embedded samples: zips and an index.json that scripts/make-samples.mjs writes to public/samples/ at install
 * time, served with the app, so they load with no network beyond the app's own origin. They go through the same zip
 * loader as uploads (same limits, same checks).
 */
export interface SampleInfo {
  id: string;
  name: string;
  /** Where the code comes from, e.g. `cpython/json`. */
  repo?: string;
  language: string;
  description: string;
  files: number;
  lines?: number;
  bytes: number;
  /** The zip's file name, beside index.json. */
  zip: string;
  zipBytes?: number;
}

function isSampleInfo(x: unknown): x is SampleInfo {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return (
    typeof s.id === 'string' &&
    typeof s.name === 'string' &&
    typeof s.zip === 'string' &&
    // A bare file name: the index may only point beside itself.
    /^[\w.-]+\.zip$/.test(s.zip) &&
    typeof s.files === 'number' &&
    typeof s.bytes === 'number'
  );
}

/** GET `url`; a network failure or an HTTP error becomes a message about `what`. */
async function getBytes(fetch: FetchLike, url: string, what: string, signal?: AbortSignal): Promise<Result<Uint8Array>> {
  try {
    const response = await fetch(url, signal ? { signal } : {});
    if (!response.ok) {
      return {
        ok: false,
        error: `${what} could not be loaded (HTTP ${response.status} for ${url}). scripts/make-samples.mjs writes the samples on install and build.`,
      };
    }
    return { ok: true, value: new Uint8Array(await response.arrayBuffer()) };
  } catch (e) {
    return {
      ok: false,
      error: `${what} could not be loaded (${e instanceof Error ? e.message : String(e)}). The samples are served with the app from public/samples/.`,
    };
  }
}

/** The samples listed in `<baseUrl>/index.json`. */
export async function listSamples(fetch: FetchLike, baseUrl: string, signal?: AbortSignal): Promise<Result<SampleInfo[]>> {
  const url = joinUrl(baseUrl, 'index.json');
  const bytes = await getBytes(fetch, url, 'The sample list', signal);
  if (!bytes.ok) return bytes;
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes.value));
  } catch (e) {
    return { ok: false, error: `The sample list (${url}) is not valid JSON: ${e instanceof Error ? e.message : String(e)}.` };
  }
  const samples = (body as { samples?: unknown } | null)?.samples;
  if (!Array.isArray(samples) || !samples.every(isSampleInfo)) return { ok: false, error: `The sample list (${url}) does not have the expected shape.` };
  return { ok: true, value: samples };
}

/** One sample as a Repo with id `sample-<id>`, so opening it twice replaces rather than duplicates. */
export async function loadSampleRepo(fetch: FetchLike, baseUrl: string, sampleId: string, options: LoadOptions = {}): Promise<Result<Repo>> {
  const list = await listSamples(fetch, baseUrl, options.signal);
  if (!list.ok) return list;
  const sample = list.value.find((s) => s.id === sampleId);
  if (!sample) return { ok: false, error: `There is no sample "${sampleId}" (available: ${list.value.map((s) => s.id).join(', ')}).` };
  const bytes = await getBytes(fetch, joinUrl(baseUrl, sample.zip), `The ${sample.name} sample`, options.signal);
  if (!bytes.ok) return bytes;
  options.onProgress?.({ stage: 'downloading', done: bytes.value.length, total: bytes.value.length, unit: 'bytes' });
  const meta = { name: sample.name, id: `sample-${sample.id}`, source: { kind: 'sample' as const, label: sample.id }, stripTopFolder: false };
  return loadZipRepo(bytes.value, sample.zip, meta, options);
}
