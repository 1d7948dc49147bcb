import * as Comlink from 'comlink';
import { loadTreeSitter } from '../core/lang/treesitter';
import { browserWasmLoader } from '../browser/wasm';
import { createRepoIndexApi } from './repo-api';

/** The repo index and generator (repo-api.ts) off the main thread, with the page's wasm grammars. */
export type { GenerateRequest, RepoWorkerApi } from './repo-api';

Comlink.expose(createRepoIndexApi(() => loadTreeSitter(browserWasmLoader)));
