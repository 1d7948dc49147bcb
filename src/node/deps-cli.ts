import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { buildIndex } from '../core/index/build';
import { dependencySets, formatDependencyRecord, type DependencySetOptions } from '../core/index/dependencies';
import type { RepoIndex } from '../core/index/types';
import { languageOf } from '../core/lang/languages';
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
 * other encodings) are left out, as the builder's `open(..., encoding='utf-8')` fails on them.
 */
export async function readRepoFiles(dir: string): Promise<{ path: string; text: string }[]> {
  const root = resolve(dir);
  const st = await lstat(root).catch(() => null);
  if (!st) throw new Error(`${dir} does not exist`);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder: give the repository's root folder`);
  const out: { path: string; text: string }[] = [];
  async function walk(abs: string, rel: string) {
    const entries = (await readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !PRUNED.has(e.name)) subdirs.push(e.name);
        continue;
      }
      if (!languageOf(e.name)) continue;
      const full = join(abs, e.name);
      const st = await lstat(full).catch(() => null);
      if (!st || !(st.isFile() || st.isSymbolicLink())) continue;
      try {
        out.push({ path, text: utf8.decode(await readFile(full)) });
      } catch {
        // not UTF-8 text: skipped like the builder's UnicodeDecodeError
      }
    }
    for (const name of subdirs) await walk(join(abs, name), rel ? `${rel}/${name}` : name);
  }
  await walk(root, '');
  return out;
}

/**
 * `rootIsPackage`: also resolve `import <dir name>.x` inside a repo root that holds `__init__.py`. Off by default:
 * Jedi 0.20 as the builder drives it (smart_sys_path=False) does not resolve such imports (checked).
 */
export async function indexDirectory(dir: string, opts: { rootIsPackage?: boolean } = {}): Promise<RepoIndex> {
  const files = await readRepoFiles(dir);
  const ts = await loadTreeSitterNode();
  return buildIndex(files, ts, { rootName: opts.rootIsPackage ? basename(resolve(dir)) : null });
}

/**
 * `hgym deps DIR`: one JSON line per public Python function with min..max direct in-repo dependencies, in the
 * authors' record shape and `json.dumps` formatting. Deterministic: same tree, same bytes.
 */
export async function runDeps(dir: string, opts: DependencySetOptions = {}, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const index = await indexDirectory(dir);
  const records = dependencySets(index, opts);
  for (const r of records) write(formatDependencyRecord(r));
  return records.length;
}

/** `hgym index DIR`: what the index found and how long it took. */
export async function runIndexStats(dir: string, write: (line: string) => void = (l) => console.log(l)): Promise<RepoIndex['stats']> {
  const index = await indexDirectory(dir);
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
