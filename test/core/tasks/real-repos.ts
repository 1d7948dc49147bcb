import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildIndex } from '../../../src/core/index/build';
import type { RepoIndex } from '../../../src/core/index/types';
import { readRepoFiles } from '../../../src/node/deps-cli';
import { loadTreeSitterNode } from '../../../src/node/wasm';

/** Real code the generator tests run on: the shared toy-shop fixture and Debian's Python 3.11 standard library. */
export const TOY_SHOP = resolve(__dirname, '../../../../shared/fixtures/toy-shop');
export const STDLIB = '/usr/lib/python3.11';

export const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => {
  try {
    execFileSync(p, ['-c', 'import ast'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
export const stdlibAvailable = existsSync(STDLIB) && PYTHON !== undefined;

export interface LoadedRepo {
  files: { path: string; text: string }[];
  index: RepoIndex;
}

export async function loadRepo(dir: string): Promise<LoadedRepo> {
  const ts = await loadTreeSitterNode(['python']);
  const files = await readRepoFiles(dir);
  return { files, index: await buildIndex(files, ts) };
}

/** Some stdlib packages as one repo (paths keep the package folder). */
export async function loadStdlibPackages(packages: string[]): Promise<LoadedRepo> {
  const ts = await loadTreeSitterNode(['python']);
  const files: { path: string; text: string }[] = [];
  for (const p of packages) files.push(...(await readRepoFiles(`${STDLIB}/${p}`)).map((f) => ({ path: `${p}/${f.path}`, text: f.text })));
  return { files, index: await buildIndex(files, ts) };
}
