import { readFileSync } from 'node:fs';
import { buildIndex } from '../../src/core/index/build';
import { loadZipRepo } from '../../src/core/repo';
import { generateDepSearch } from '../../src/core/tasks/dep-search/generate';
import { generateFuncLocalize } from '../../src/core/tasks/func-localize/generate';
import type { DepInstance, FuncLocInstance } from '../../src/core/tasks/instance-types';
import { contentFingerprint } from '../../src/core/tasks/repo-meta';
import { loadTreeSitterNode } from '../../src/node/wasm';

/**
 * What the page will generate for an embedded sample, computed in Node by the same core from the same zip: the
 * test then plays those instances in the browser knowing where the answers are (as a person reading the code
 * would find them), and generation being the same in both realms is itself checked.
 */
export async function expectedInstances(sampleId: string, repo: string, seed: number, n: number) {
  const zip = readFileSync(`public/samples/${sampleId}.zip`);
  const loaded = await loadZipRepo(new Uint8Array(zip), `${sampleId}.zip`);
  if (!loaded.ok) throw new Error(loaded.error);
  const files = loaded.value.files.map((f) => ({ path: f.path, text: f.text }));
  const index = await buildIndex(files, await loadTreeSitterNode());
  const meta = { repo, baseCommit: contentFingerprint(files) };
  return {
    files: new Map(files.map((f) => [f.path, f.text])),
    localize: generateFuncLocalize(index, meta, { n, seed, mode: 'unmasked' }) as FuncLocInstance[],
    deps: generateDepSearch(index, meta, { n, seed, minDeps: 1, maxDeps: 3, includeTests: false }) as DepInstance[],
  };
}
