import * as Comlink from 'comlink';
import { loadTreeSitter } from '../core/lang/treesitter';
import { browserWasmLoader } from '../browser/wasm';
import { webIndexPool } from './index-pool';
import { createRepoIndexApi } from './repo-api';

/**
 * The repo index and generator (repo-api.ts) off the main thread, with the page's wasm grammars (those of the repo's
 * languages only) and helper Workers for a larger repo (index-pool.ts).
 */
export type { GenerateRequest, RepoWorkerApi } from './repo-api';
export type { ParallelOptions, ParallelRun } from './index-pool';

Comlink.expose(
  createRepoIndexApi(
    (languages) => loadTreeSitter(browserWasmLoader, languages),
    (options, onFile) => webIndexPool(options, onFile),
  ),
);
