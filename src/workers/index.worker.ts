import * as Comlink from 'comlink';
import { buildIndex } from '../core/index/build';
import type { IndexProgress, RepoIndex } from '../core/index/types';
import { loadTreeSitter } from '../core/lang/treesitter';
import { browserWasmLoader } from '../ui/wasm';

/**
 * Indexing off the main thread: the page posts a repo's files, this Worker parses them with web-tree-sitter and
 * posts progress (files parsed / total) while it works, then the whole index back by structured clone.
 */
const api = {
  async index(files: { path: string; text: string }[], rootName: string | null, onProgress?: IndexProgress): Promise<RepoIndex> {
    const ts = await loadTreeSitter(browserWasmLoader);
    let last = 0;
    return buildIndex(files, ts, {
      rootName,
      onProgress: (done, total, file) => {
        // At most ~50 messages per run: progress is for people, not for every file.
        if (onProgress && (done === total || done - last >= Math.max(1, Math.floor(total / 50)))) {
          last = done;
          void onProgress(done, total, file);
        }
      },
    });
  },
};

export type IndexWorkerApi = typeof api;
Comlink.expose(api);
