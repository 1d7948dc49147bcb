import { basename, resolve } from 'node:path';
import { buildIndex } from '../core/index/build';
import { terminalSafe } from '../core/display/terminal-text';
import { describeTooDeep } from '../core/index/too-deep';
import { dependencySets, formatDependencyRecord, builderPrunesFolder, type DependencySetOptions } from '../core/index/dependencies';
import type { RepoIndex } from '../core/index/types';
import { languagesIn } from '../core/lang/languages';
import type { RepoFile } from '../core/repo/types';
import { readRepoFolder, sourceFiles } from './repo-folder';
import { nodeIndexPool } from './index-pool';
import { loadTreeSitterNode } from './wasm';

/** Where the CLI's notes go: stderr, so stdout stays the command's output (JSONL for deps and generate). */
export const warnStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * The folder's source files as the dependency builder walks them: in `os.walk` order, not entering the folders it
 * prunes (dot-folders, `venv`, `env`, ...).
 */
export async function builderFiles(dir: string, warn?: (line: string) => void): Promise<RepoFile[]> {
  return sourceFiles((await readRepoFolder(dir, warn, { alsoIgnored: builderPrunesFolder })).files);
}

/**
 * The folder's builderFiles, indexed. `rootIsPackage`: also resolve `import <dir name>.x` inside a repo root
 * that holds `__init__.py`. Off by default: Jedi 0.20 as the builder drives it (smart_sys_path=False) does not
 * resolve such imports (checked).
 */
export async function indexDirectory(dir: string, opts: { rootIsPackage?: boolean; warn?: (line: string) => void } = {}): Promise<RepoIndex> {
  const files = await builderFiles(dir, opts.warn);
  const ts = await loadTreeSitterNode(languagesIn(files.map((f) => f.path)));
  const index = await buildIndex(files, ts, { rootName: opts.rootIsPackage ? basename(resolve(dir)) : null, pool: nodeIndexPool() });
  if (opts.warn) warnTooDeep(index, opts.warn);
  return index;
}

/** Tells `warn` which files were left out of the index as too deeply nested to walk, if any. */
export function warnTooDeep(index: RepoIndex, warn: (line: string) => void): void {
  const note = describeTooDeep(index.stats.filesTooDeep);
  // It names repo files, and goes to a terminal: escaped (core/display/terminal-text.ts).
  if (note) warn(terminalSafe(note));
}

/**
 * `hgym deps DIR`: one JSON line per public Python function with min..max direct in-repo dependencies, in the
 * authors' record shape and `json.dumps` formatting. Deterministic: same tree, same bytes.
 */
export async function runDeps(
  dir: string,
  opts: DependencySetOptions = {},
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  const index = await indexDirectory(dir, { warn: warnStderr });
  const records = dependencySets(index, opts);
  for (const r of records) write(formatDependencyRecord(r));
  return records.length;
}

/** `hgym index DIR`: what the index found and how long it took. */
export async function runIndexStats(dir: string, write: (line: string) => void = (l) => console.log(l)): Promise<RepoIndex['stats']> {
  const index = await indexDirectory(dir, { warn: write });
  const s = index.stats;
  const ratio = s.callSites ? ((100 * s.resolved) / s.callSites).toFixed(1) : '0.0';
  write(`files        ${s.files} (${s.filesWithErrors} with parse errors, ${s.filesSkipped} skipped)`);
  write(`lines        ${s.lines}`);
  write(`definitions  ${s.definitions}`);
  write(`call sites   ${s.callSites}`);
  write(`resolved     ${s.resolved} (${ratio}%)`);
  write(`ambiguous    ${s.ambiguous}`);
  write(`time         ${s.ms} ms`);
  return s;
}
