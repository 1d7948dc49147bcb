import * as Comlink from 'comlink';
import { buildIndex } from '../core/index/build';
import type { IndexProgress, RepoIndex } from '../core/index/types';
import { loadTreeSitter } from '../core/lang/treesitter';
import type { TaskInstance, TaskKind } from '../core/tasks/instance-types';
import { taskRegistry } from '../core/tasks/registry';
import type { RepoMeta } from '../core/tasks/repo-meta';
import { browserWasmLoader } from '../browser/wasm';

/**
 * A repo's heavy work, off the main thread: the page posts the files once; this Worker parses them with
 * web-tree-sitter, posting progress (files parsed / total) as it goes, keeps the index, and generates task
 * instances from it on request. The page never blocks on a large repo.
 */
let index: RepoIndex | null = null;

/** The kind and its spec's generator options (plain data: it is posted to this Worker). */
export interface GenerateRequest {
  task: TaskKind;
  options: Record<string, unknown>;
}

const api = {
  async index(files: { path: string; text: string }[], rootName: string | null, onProgress?: IndexProgress): Promise<RepoIndex> {
    const ts = await loadTreeSitter(browserWasmLoader);
    let last = 0;
    index = await buildIndex(files, ts, {
      rootName,
      onProgress: (done, total, file) => {
        // At most ~50 messages a run: progress is for people, not for every file.
        if (onProgress && (done === total || done - last >= Math.max(1, Math.floor(total / 50)))) {
          last = done;
          void onProgress(done, total, file);
        }
      },
    });
    return index;
  },
  generate(meta: RepoMeta, request: GenerateRequest): TaskInstance[] {
    if (!index) throw new Error('The repo is not indexed yet.');
    return taskRegistry.get(request.task).generate(index, meta, request.options) as TaskInstance[];
  },
};

export type RepoWorkerApi = typeof api;
Comlink.expose(api);
