import { buildIndex } from '../../../src/core/index/build';
import type { RepoIndex } from '../../../src/core/index/types';
import { builderFiles } from '../../../src/node/deps-cli';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { PYTHON, pythonStdlib, TOY_SHOP } from '../../data';

/** Real code the generator tests run on: the shared toy-shop fixture and Debian's Python 3.11 standard library. */
export { TOY_SHOP };
export const STDLIB = pythonStdlib();
export { PYTHON };
/** The checks against CPython's `ast` need a CPython; the sources themselves are always there. */
export const stdlibAvailable = PYTHON !== undefined;
if (!stdlibAvailable) console.warn('skipping the checks against CPython: no python3 on this machine');

export interface LoadedRepo {
  files: { path: string; text: string }[];
  index: RepoIndex;
}

export async function loadRepo(dir: string): Promise<LoadedRepo> {
  const ts = await loadTreeSitterNode(['python']);
  const files = await builderFiles(dir);
  return { files, index: await buildIndex(files, ts) };
}

/** Some stdlib packages as one repo (paths keep the package folder). */
export async function loadStdlibPackages(packages: string[]): Promise<LoadedRepo> {
  const ts = await loadTreeSitterNode(['python']);
  const files: { path: string; text: string }[] = [];
  for (const p of packages) files.push(...(await builderFiles(`${STDLIB}/${p}`)).map((f) => ({ path: `${p}/${f.path}`, text: f.text })));
  return { files, index: await buildIndex(files, ts) };
}
