import { constants } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { buildIndex } from '../core/index/build';
import { terminalSafe } from '../core/display/terminal-text';
import { describeTooDeep } from '../core/index/too-deep';
import { dependencySets, formatDependencyRecord, type DependencySetOptions } from '../core/index/dependencies';
import type { RepoIndex } from '../core/index/types';
import { languageOf, languagesIn } from '../core/lang/languages';
import { resolveLimits } from '../core/repo/build';
import { describeSkipped } from '../core/repo/skipped';
import type { SkippedFile } from '../core/repo/types';
import { nodeIndexPool } from './index-pool';
import { loadTreeSitterNode } from './wasm';

/**
 * Folders the builder never puts on Jedi's sys.path (`_find_python_paths` prunes these exact names); the stricter
 * substring filter for targets and dependencies is applied later by dependencySets.
 */
const PRUNED = new Set(['__pycache__', 'node_modules', 'venv', 'env', '.git']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a repo from disk in `os.walk` order (a folder's files, then its subfolders, names sorted so runs are
 * reproducible): every file whose language the index knows, decoded as UTF-8. Files that do not decode (binaries,
 * other encodings) are left out, as the builder's `open(..., encoding='utf-8')` fails on them. Symbolic links, to
 * files or folders, are never followed: one can point anywhere on the disk (`pkg/config.py -> ~/.ssh/id_rsa`), and
 * what is read here is shown to players and sent to model endpoints. Both kinds of skip are listed in `skipped`.
 */
export async function readRepoFolder(dir: string): Promise<{ files: { path: string; text: string }[]; skipped: SkippedFile[] }> {
  const root = resolve(dir);
  // The root is the one link followed: the user named it.
  const st = await stat(root).catch(() => null);
  if (!st) throw new Error(`${dir} does not exist`);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder: give the repository's root folder`);
  const files: { path: string; text: string }[] = [];
  const skipped: SkippedFile[] = [];
  async function walk(abs: string, rel: string) {
    const entries = (await readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      // A Dirent describes the entry itself (lstat), so a link to a folder is not a directory here either.
      if (e.isSymbolicLink()) {
        skipped.push({ path, reason: 'symlink', size: 0 });
        continue;
      }
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !PRUNED.has(e.name)) subdirs.push(e.name);
        continue;
      }
      if (!e.isFile() || !languageOf(e.name)) continue;
      // O_NOFOLLOW: a file swapped for a link after the listing is refused, not read through.
      const bytes = await readFile(join(abs, e.name), { flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(() => null);
      if (!bytes) continue;
      try {
        files.push({ path, text: utf8.decode(bytes) });
      } catch {
        // not UTF-8 text: skipped like the builder's UnicodeDecodeError
        skipped.push({ path, reason: 'not-utf8', size: bytes.length });
      }
    }
    for (const name of subdirs) await walk(join(abs, name), rel ? `${rel}/${name}` : name);
  }
  await walk(root, '');
  return { files, skipped };
}

/** The files of readRepoFolder; `warn` (the CLI's stderr) is told what was not read, e.g. `1 symbolic link (not followed)`. */
export async function readRepoFiles(dir: string, warn?: (line: string) => void): Promise<{ path: string; text: string }[]> {
  const { files, skipped } = await readRepoFolder(dir);
  if (warn && skipped.length) warn(`${dir}: not read: ${describeSkipped(skipped, resolveLimits())}`);
  return files;
}

/** Where the CLI's notes go: stderr, so stdout stays the command's output (JSONL for deps and generate). */
export const warnStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * `rootIsPackage`: also resolve `import <dir name>.x` inside a repo root that holds `__init__.py`. Off by default:
 * Jedi 0.20 as the builder drives it (smart_sys_path=False) does not resolve such imports (checked).
 */
export async function indexDirectory(dir: string, opts: { rootIsPackage?: boolean; warn?: (line: string) => void } = {}): Promise<RepoIndex> {
  const files = await readRepoFiles(dir, opts.warn);
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
