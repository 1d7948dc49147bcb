import { buildIndex } from '../core/index/build';
import type { IndexProgress, RepoIndex } from '../core/index/types';
import type { TreeSitter } from '../core/lang/treesitter';
import type { TaskInstance, TaskKind } from '../core/tasks/instance-types';
import { taskRegistry } from '../core/tasks/registry';
import type { RepoMeta } from '../core/tasks/repo-meta';

/**
 * A repo's heavy work: parses the files it is given with tree-sitter, posting progress (files parsed / total) as it
 * goes, keeps the index, and generates task instances from it on request. The page runs it in a Worker
 * (repo.worker.ts), so it never blocks on a large repo; tests run it in-process.
 */

/** The kind and its spec's generator options (plain data: it is posted to the Worker). */
export interface GenerateRequest {
  task: TaskKind;
  options: Record<string, unknown>;
}

export function createRepoIndexApi(treeSitter: () => Promise<TreeSitter>) {
  let index: RepoIndex | null = null;
  return {
    async index(files: { path: string; text: string }[], rootName: string | null, onProgress?: IndexProgress): Promise<RepoIndex> {
      const ts = await treeSitter();
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
      return taskRegistry.get(request.task).generate(index, meta, request.options);
    },
  };
}

export type RepoWorkerApi = ReturnType<typeof createRepoIndexApi>;
