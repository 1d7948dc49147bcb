import { classifyContent } from './content';
import { Crc32 } from './crc32';
import { commonTopFolder, IGNORED_FOLDERS, isDirectoryName, isInIgnoredFolder, normalizeRepoPath, stripTopFolder } from './paths';
import { describeSkipped } from './skipped';
import { DEFAULT_LIMITS, type LoadOptions, type Repo, type RepoFile, type RepoLimits, type RepoSource, type Result, type SkippedFile } from './types';

/**
 * The one place raw entries become a Repo. Every loader (zip, sample, folder, GitHub) lists its entries with their
 * declared sizes and a way to read them; this decides what to keep before reading anything, so skipped files
 * (ignored folders, too large, past the repo limit) are never inflated, downloaded or read.
 */

/** One file as a source lists it. */
export interface RepoEntry {
  /** The name as the source gives it; normalised and checked here. Names ending in `/` are folders and ignored. */
  path: string;
  /** Size in bytes as the source declares it (zip header, File.size, git tree). */
  size: number;
  /** The bytes; may throw RepoInputError with a message for the user (corrupt entry, network failure). */
  read(): Uint8Array | Promise<Uint8Array>;
}

/** A problem with the input that a user can act on; loaders turn it into a Result error. */
export class RepoInputError extends Error {
  override name = 'RepoInputError';
}

export interface RepoMeta {
  name: string;
  source: RepoSource;
  /** Storage key; by default derived from the source and the kept content, so re-importing the same files replaces. */
  id?: string;
  /** Unwrap a single top folder shared by every entry (default true). */
  stripTopFolder?: boolean;
  /** Used when no top folder is stripped (e.g. the picked folder's name). */
  rootFolder?: string;
}

export interface BuildOptions extends LoadOptions {
  ignoredFolders?: ReadonlySet<string>;
  /** Skipped by the source before listing, e.g. folders a walker did not enter. */
  alsoSkipped?: readonly SkippedFile[];
  /** Reads started ahead of the one being decoded (network sources); default 0. */
  readAhead?: number;
}

export function resolveLimits(limits?: Partial<RepoLimits>): RepoLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/** `{path, bytes}` pairs (already in memory) as entries. */
export function entriesFromBytes(list: readonly { path: string; bytes: Uint8Array }[]): RepoEntry[] {
  return list.map(({ path, bytes }) => ({ path, size: bytes.length, read: () => bytes }));
}

/** Turns a list of `{path, bytes}` into a Repo: the shared core in its simplest form. */
export function repoFromBytes(list: readonly { path: string; bytes: Uint8Array }[], meta: RepoMeta, options: BuildOptions = {}): Promise<Result<Repo>> {
  return buildRepo(entriesFromBytes(list), meta, options);
}

interface Planned {
  entry: RepoEntry;
  path: string;
}

export interface EntryPlan {
  /** Entries to read, sorted by path. */
  toRead: Planned[];
  /** Skipped without reading. */
  skipped: SkippedFile[];
  topFolder: string | null;
}

/** Validates and normalises names, unwraps a top folder, and sets aside what will not be read. */
export function planEntries(entries: readonly RepoEntry[], meta: RepoMeta, options: BuildOptions = {}): Result<EntryPlan> {
  const limits = resolveLimits(options.limits);
  const label = meta.source.label;
  const files = entries.filter((e) => !isDirectoryName(e.path));
  if (files.length > limits.maxEntries) {
    return { ok: false, error: `"${label}" has ${files.length.toLocaleString('en')} files, more than the limit of ${limits.maxEntries.toLocaleString('en')}.` };
  }
  const normalised: Planned[] = [];
  for (const entry of files) {
    const path = normalizeRepoPath(entry.path);
    if (!path.ok) return { ok: false, error: `Refused "${label}": ${path.error}. Nothing was imported.` };
    normalised.push({ entry, path: path.value });
  }
  const topFolder = meta.stripTopFolder === false ? null : commonTopFolder(normalised.map((p) => p.path));
  if (topFolder !== null) for (const p of normalised) p.path = stripTopFolder(p.path, topFolder);

  normalised.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < normalised.length; i++) {
    if (normalised[i]!.path === normalised[i - 1]!.path) {
      return { ok: false, error: `Refused "${label}": two entries are both named "${normalised[i]!.path}". Nothing was imported.` };
    }
  }

  const clash = fileFolderClash(
    normalised.map((p) => p.path),
    entries.filter((e) => isDirectoryName(e.path)).map((e) => folderPath(e.path, topFolder)),
  );
  if (clash) return { ok: false, error: `Refused "${label}": "${clash.file}" is both a file and a folder (it holds "${clash.inside}"). Nothing was imported.` };

  const ignored = options.ignoredFolders ?? IGNORED_FOLDERS;
  const toRead: Planned[] = [];
  const skipped: SkippedFile[] = [];
  for (const p of normalised) {
    if (isInIgnoredFolder(p.path, ignored)) skipped.push({ path: p.path, reason: 'ignored-folder', size: p.entry.size });
    else if (p.entry.size > limits.maxFileBytes) skipped.push({ path: p.path, reason: 'too-large', size: p.entry.size });
    else toRead.push(p);
  }
  return { ok: true, value: { toRead, skipped, topFolder } };
}

/** A directory entry's name as a normalised path under the stripped top folder; null for the top folder or a bad name. */
function folderPath(raw: string, topFolder: string | null): string | null {
  const path = normalizeRepoPath(raw);
  if (!path.ok || path.value === topFolder) return null;
  return topFolder === null ? path.value : stripTopFolder(path.value, topFolder);
}

/**
 * A name that is a file and also a folder of another entry (`x.py` beside `x.py/y.py`, or a directory entry
 * `x.py/`): no file system can hold both, and which one a tool would see is anyone's guess.
 */
function fileFolderClash(files: readonly string[], folders: readonly (string | null)[]): { file: string; inside: string } | null {
  const names = new Set(files);
  for (const path of files) {
    for (let at = path.indexOf('/'); at > 0; at = path.indexOf('/', at + 1)) {
      const folder = path.slice(0, at);
      if (names.has(folder)) return { file: folder, inside: path };
    }
  }
  for (const folder of folders) if (folder !== null && names.has(folder)) return { file: folder, inside: `${folder}/` };
  return null;
}

function slug(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'repo'
  );
}

/** Lists, checks, reads and decodes the entries; any problem comes back as an error value, never a throw. */
export async function buildRepo(entries: readonly RepoEntry[], meta: RepoMeta, options: BuildOptions = {}): Promise<Result<Repo>> {
  const limits = resolveLimits(options.limits);
  const label = meta.source.label;
  const plan = planEntries(entries, meta, options);
  if (!plan.ok) return plan;
  const { toRead, topFolder } = plan.value;
  const skipped = [...(options.alsoSkipped ?? []), ...plan.value.skipped];
  const files: RepoFile[] = [];
  const hash = new Crc32();
  const encoder = new TextEncoder();
  let bytes = 0;
  let full = false;
  const reads = new Map<number, Promise<Uint8Array>>();
  const startRead = (k: number) => {
    if (k >= toRead.length || reads.has(k)) return;
    const read = Promise.resolve().then(() => toRead[k]!.entry.read());
    // A read started ahead may never be awaited (an earlier error, the repo limit): keep its rejection handled.
    read.catch(() => undefined);
    reads.set(k, read);
  };
  const readAhead = Math.max(0, options.readAhead ?? 0);

  try {
    for (let i = 0; i < toRead.length; i++) {
      if (options.signal?.aborted) return { ok: false, error: `Loading "${label}" was cancelled.` };
      const { entry, path } = toRead[i]!;
      // Past the repo limit the rest is skipped in path order, so what is kept is a predictable prefix.
      if (full || bytes + entry.size > limits.maxRepoBytes) {
        full = true;
        skipped.push({ path, reason: 'repo-limit', size: entry.size });
        options.onProgress?.({ stage: 'reading', done: i + 1, total: toRead.length, unit: 'files' });
        continue;
      }
      for (let k = i; k <= i + readAhead; k++) startRead(k);
      const data = await reads.get(i)!;
      reads.delete(i);
      if (data.length > limits.maxFileBytes) skipped.push({ path, reason: 'too-large', size: data.length });
      else if (bytes + data.length > limits.maxRepoBytes) {
        full = true;
        skipped.push({ path, reason: 'repo-limit', size: data.length });
      } else {
        const content = classifyContent(data);
        if (content.kind === 'text') {
          files.push({ path, text: content.text, size: data.length });
          bytes += data.length;
          hash.update(encoder.encode(path)).update(data);
        } else skipped.push({ path, reason: content.kind, size: data.length });
      }
      options.onProgress?.({ stage: 'reading', done: i + 1, total: toRead.length, unit: 'files' });
    }
  } catch (e) {
    if (e instanceof RepoInputError) return { ok: false, error: e.message };
    return { ok: false, error: `Could not read "${label}": ${e instanceof Error ? e.message : String(e)}` };
  }

  if (files.length === 0) {
    const total = toRead.length + skipped.length;
    if (total === 0) return { ok: false, error: `"${label}" is empty: it contains no files.` };
    return { ok: false, error: `"${label}" has no text files to work on (skipped: ${describeSkipped(skipped, limits)}).` };
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const rootFolder = topFolder ?? meta.rootFolder;
  return {
    ok: true,
    value: {
      id: meta.id ?? `${meta.source.kind}-${slug(label)}-${hash.digest().toString(16).padStart(8, '0')}`,
      name: meta.name,
      source: meta.source,
      files,
      skipped,
      bytes,
      createdAt: (options.now ?? Date.now)(),
      ...(rootFolder !== undefined ? { rootFolder } : {}),
    },
  };
}
