import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/core/repo/fetch';
import { createRepoLoader, type RepoRequest } from '../../../src/core/repo/loader';
import { openRepoStore } from '../../../src/core/repo/store';
import { ROOT, stdlibPackage } from './fixtures';
import { startGitHubStandIn, type StandIn } from './github-standin';

const SHA = 'c'.repeat(40);
let gh: StandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn([
    {
      fullName: 'acme/tiny',
      defaultBranch: 'main',
      refs: { main: SHA },
      commits: { [SHA]: [{ path: 'tiny.py', bytes: strToU8('def tiny():\n    return 1\n') }] },
    },
  ]);
});
afterAll(() => gh.close());

/** Local files for file: URLs, the network for the stand-in's http: URLs. */
const fetchLike: FetchLike = async (url, init) => {
  if (!url.startsWith('file:')) return fetch(url, init);
  const path = fileURLToPath(url);
  return existsSync(path) ? new Response(readFileSync(path)) : new Response('', { status: 404 });
};

const samplesUrl = pathToFileURL(join(ROOT, 'public/samples')).href + '/';
const haveSamples = existsSync(join(ROOT, 'public/samples/index.json'));

describe('createRepoLoader: one interface for every source', () => {
  const loader = () => createRepoLoader({ fetch: fetchLike, samplesUrl, githubApi: gh.apiBase, githubRaw: gh.rawBase });
  const json = stdlibPackage('json');

  it('loads a zip given as bytes or as a Blob (a File from an upload)', async () => {
    const zip = zipSync(json);
    const fromBytes = await loader().load({ kind: 'zip', fileName: 'json.zip', data: zip });
    const fromBlob = await loader().load({ kind: 'zip', fileName: 'json.zip', data: new Blob([zip]) });
    if (!fromBytes.ok || !fromBlob.ok) throw new Error('both should load');
    expect(fromBytes.value.files.length).toBe(Object.keys(json).length);
    expect(fromBlob.value.files).toEqual(fromBytes.value.files);
    expect(fromBlob.value.id).toBe(fromBytes.value.id);
  });

  it('refuses a zip larger than the expansion limit without reading it', async () => {
    let read = false;
    const blob = { size: 300_000_000, arrayBuffer: () => ((read = true), Promise.resolve(new ArrayBuffer(0))) } as unknown as Blob;
    const r = await loader().load({ kind: 'zip', fileName: 'huge.zip', data: blob });
    expect(r).toEqual({ ok: false, error: '"huge.zip" is 300 MB, more than the 200 MB a zip may expand to here.' });
    expect(read).toBe(false);
  });

  it.runIf(haveSamples)('loads a shipped sample', async () => {
    const r = await loader().load({ kind: 'sample', id: 'cpython-json' });
    expect(r.ok && r.value.id).toBe('sample-cpython-json');
  });

  it('loads from GitHub (the local stand-in) and from a walked folder', async () => {
    const gh1 = await loader().load({ kind: 'github', spec: 'acme/tiny' });
    expect(gh1.ok && gh1.value.files.map((f) => f.path)).toEqual(['tiny.py']);
    const entries = Object.entries(json).map(([path, bytes]) => ({ path: path.slice('json/'.length), size: bytes.length, read: () => bytes }));
    const folder = await loader().load({ kind: 'folder', listing: { name: 'json', entries, ignoredFolders: [] } });
    expect(folder.ok && folder.value.rootFolder).toBe('json');
  });

  it('answers with a message when a source is not configured, and never throws', async () => {
    const bare = createRepoLoader({ fetch: fetchLike });
    expect(await bare.load({ kind: 'sample', id: 'x' })).toEqual({ ok: false, error: 'The samples are not available here (no samples URL configured).' });
    const broken = { size: 10, arrayBuffer: () => Promise.reject(new Error('NotReadableError: the file changed')) } as unknown as Blob;
    expect(await bare.load({ kind: 'zip', fileName: 'x.zip', data: broken })).toEqual({
      ok: false,
      error: 'The repository could not be loaded: NotReadableError: the file changed',
    });
  });

  it('leaves stored repos untouched when an import fails', async () => {
    const store = await openRepoStore({ indexedDB: new IDBFactory() });
    if (!store.ok) throw new Error(store.error);
    const good = await loader().load({ kind: 'zip', fileName: 'json.zip', data: zipSync(json) });
    if (!good.ok) throw new Error(good.error);
    await store.value.save(good.value);
    const before = await store.value.list();

    const bad: RepoRequest[] = [
      { kind: 'zip', fileName: 'evil.zip', data: zipSync({ '../evil.py': strToU8('x = 1\n') }) },
      { kind: 'zip', fileName: 'cut.zip', data: zipSync(json).subarray(0, 500) },
      { kind: 'zip', fileName: 'empty.zip', data: zipSync({}) },
      { kind: 'zip', fileName: 'bomb.zip', data: zipSync({ 'z.txt': new Uint8Array(5_000_000) }) },
      { kind: 'github', spec: 'acme/missing' },
    ];
    for (const request of bad) {
      const r = await loader().load(request, { limits: { maxArchiveBytes: 1_000_000 } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(30);
      // The caller saves only successes: nothing to save, nothing changed.
    }
    expect(await store.value.list()).toEqual(before);
    expect(await store.value.get(good.value.id)).toEqual({ ok: true, value: good.value });
  });
});
