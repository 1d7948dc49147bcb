import { buildIndex } from '../../../src/core/index/build';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { generateDepSearch } from '../../../src/core/tasks/dep-search/generate';
import { generateFuncLocalize } from '../../../src/core/tasks/func-localize/generate';
import type { DepInstance, FuncLocInstance } from '../../../src/core/tasks/instance-types';
import { contentFingerprint } from '../../../src/core/tasks/repo-meta';
import { loadSampleFiles } from '../../../src/node/sample-repos';
import { loadTreeSitterNode } from '../../../src/node/wasm';

/** An embedded sample (public/samples) with its generated instances: the real inputs the agents play. */
export interface SampleTasks {
  files: { path: string; text: string }[];
  ts: TreeSitter;
  localize: FuncLocInstance[];
  masked: FuncLocInstance[];
  deps: DepInstance[];
}

export async function sampleTasks(name: string, n = 20, seed = 1): Promise<SampleTasks> {
  const ts = await loadTreeSitterNode(['python']);
  const { repo, files } = await loadSampleFiles(name);
  const index = await buildIndex(files, ts);
  const meta = { repo, baseCommit: contentFingerprint(files) };
  return {
    files,
    ts,
    localize: generateFuncLocalize(index, meta, { n, seed }),
    masked: generateFuncLocalize(index, meta, { n, seed, mode: 'masked' }),
    deps: generateDepSearch(index, meta, { n, seed }),
  };
}
