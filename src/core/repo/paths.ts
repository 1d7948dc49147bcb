import type { Result } from './types';

/**
 * Path rules shared by every loader. An archive or a dropped folder is untrusted input: a name that could escape the
 * repo root (`../x`, `/etc/x`, `C:\x`, `\\server\x`) rejects the whole input rather than being silently rewritten,
 * because a silently "fixed" path would put a file somewhere the user did not see in the source.
 */

/** Folders that hold tooling state or installed dependencies, not the repo's own code. */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.venv',
  // macOS Finder puts resource forks (`._name`, binary) beside the real files when it zips a folder.
  '__MACOSX',
]);

/**
 * A raw entry name as a POSIX path relative to the root, or why it is refused. Backslashes count as separators
 * (Windows zip tools write them); `.` and empty segments are dropped; `..` anywhere is refused even when it would
 * stay inside the root, since no honest export contains it.
 */
export function normalizeRepoPath(raw: string): Result<string> {
  if (raw.includes('\0')) return { ok: false, error: `the name ${JSON.stringify(raw)} contains a NUL byte` };
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { ok: false, error: `"${raw}" is an absolute path` };
  if (/^[A-Za-z]:/.test(slashed)) return { ok: false, error: `"${raw}" is an absolute Windows path` };
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, error: `"${raw}" points outside the repo (it contains "..")` };
  if (segments.length === 0) return { ok: false, error: `an entry has an empty name (${JSON.stringify(raw)})` };
  return { ok: true, value: segments.join('/') };
}

/** Zip directory entries end with a separator and carry no content. */
export function isDirectoryName(raw: string): boolean {
  return raw.endsWith('/') || raw.endsWith('\\');
}

/** The folder (not the file name) of `path` includes an ignored folder. */
export function isInIgnoredFolder(path: string, ignored: ReadonlySet<string> = IGNORED_FOLDERS): boolean {
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) if (ignored.has(segments[i]!)) return true;
  return false;
}

/**
 * The single folder every path lies in, if there is one: GitHub's zip exports and "compress this folder" both
 * wrap the repo in one. `__MACOSX/` beside it does not count, so a Finder zip still unwraps. A lone file at the
 * top means there is no wrapper.
 */
export function commonTopFolder(paths: readonly string[]): string | null {
  let top: string | null = null;
  for (const path of paths) {
    const slash = path.indexOf('/');
    if (slash < 0) return null;
    const first = path.slice(0, slash);
    if (first === '__MACOSX') continue;
    if (top === null) top = first;
    else if (first !== top) return null;
  }
  return top;
}

/** `path` without its first segment when that segment is `top`; other paths (e.g. `__MACOSX/...`) unchanged. */
export function stripTopFolder(path: string, top: string): string {
  return path.startsWith(`${top}/`) ? path.slice(top.length + 1) : path;
}

/**
 * Python's `os.walk` order over sorted names, as a comparator of two file paths: a folder's files come before its
 * subfolders, each group by name. The CLI hands files to the index in this order, as the authors' builders walk
 * them, so generation order is theirs; a Repo itself keeps its files sorted by path.
 */
export function compareWalkOrder(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; ; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const pFile = i === x.length - 1;
    const qFile = i === y.length - 1;
    if (pFile !== qFile) return pFile ? -1 : 1;
    return p < q ? -1 : 1;
  }
}
