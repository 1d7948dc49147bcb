import { buildIndex } from '../core/index/build';
import type { IndexProgress, RepoIndex } from '../core/index/types';
import { languagesIn, type LanguageId } from '../core/lang/languages';
import type { TreeSitter } from '../core/lang/treesitter';
import type { TaskInstance, TaskKind } from '../core/tasks/instance-types';
import { taskRegistry } from '../core/tasks/registry';
import type { RepoMeta } from '../core/tasks/repo-meta';
import type { ParallelOptions, ParallelRun, WebIndexPool } from './index-pool';

/**
 * A repo's heavy work: parses the files it is given with tree-sitter (only the grammars of the languages they are
 * in), posting progress (files parsed / total) as it goes, keeps the index, and generates task instances from it on
 * request. The page runs it in a Worker (repo.worker.ts), so it never blocks on a large repo, with helper Workers
 * parsing a larger repo in parallel (`startPool`, index-pool.ts); tests run it in-process.
 */

/** The kind and its spec's generator options (plain data: it is posted to the Worker). */
export interface GenerateRequest {
  task: TaskKind;
  options: Record<string, unknown>;
}

export function createRepoIndexApi(
  treeSitter: (languages: LanguageId[]) => Promise<TreeSitter>,
  startPool?: (options: ParallelOptions, onFile: IndexProgress) => WebIndexPool,
) {
  let index: RepoIndex | null = null;
  let parallel: ParallelRun = { helpers: 0, mode: 'none', helperFiles: 0 };
  return {
    async index(
      files: { path: string; text: string }[],
      rootName: string | null,
      onProgress?: IndexProgress,
      options: ParallelOptions = {},
    ): Promise<RepoIndex> {
      let last = 0;
      const progress: IndexProgress = (done, total, file) => {
        // At most ~50 messages a run: progress is for people, not for every file.
        if (onProgress && (done === total || done - last >= Math.max(1, Math.floor(total / 50)))) {
          last = done;
          void onProgress(done, total, file);
        }
      };
      const pool = startPool?.(options, progress);
      const pooled = pool && pool.helpers(files) > 0 ? pool : null;
      // The helpers load their grammars while this thread loads its own.
      pooled?.prepare(files, null);
      const ts = await treeSitter(languagesIn(files.map((f) => f.path)));
      parallel = { helpers: 0, mode: 'none', helperFiles: 0 };
      if (pooled) {
        try {
          index = await buildIndex(files, ts, { rootName, onProgress: progress, pool: pooled });
          parallel = pooled.last;
          return index;
        } catch (e) {
          // A helper that could not start (or failed) leaves the work to this thread: the index is the same.
          console.warn(`Parallel indexing failed, indexing on one thread: ${(e as Error).message}`);
          last = 0;
        }
      }
      index = await buildIndex(files, ts, { rootName, onProgress: progress });
      return index;
    },
    /** How the last index was parsed: helper Workers and how they claimed files. */
    parallelism(): ParallelRun {
      return parallel;
    },
    generate(meta: RepoMeta, request: GenerateRequest): TaskInstance[] {
      if (!index) throw new Error('The repo is not indexed yet.');
      return taskRegistry.get(request.task).generate(index, meta, request.options);
    },
  };
}

export type RepoWorkerApi = ReturnType<typeof createRepoIndexApi>;
