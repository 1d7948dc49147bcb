import { Inflate } from 'fflate';
import { resolveLimits, RepoInputError, type RepoEntry } from './build';
import { Crc32 } from './crc32';
import { isDirectoryName } from './paths';
import { loadFromSource, type RepoEntrySource, type RepoListing } from './source';
import type { LoadOptions, Repo, RepoSource, Result } from './types';
import { formatBytes } from './units';
import { readZipDirectory, type ZipEntry } from './zip-directory';

/**
 * Zip archives (uploads, the embedded samples). The central directory is read first: too many entries or a
 * declared expansion past `maxArchiveBytes` is refused before anything is inflated. Entries are then inflated with
 * fflate's streaming `Inflate`, fed a few KB at a time, so an entry that expands past what its header declares (a
 * bomb with forged sizes) is stopped after at most one small step, and each entry's CRC is checked.
 */

// Deflate expands at most ~1032:1, so one step of input yields at most ~8 MB of output before the next check.
const STEP = 8 * 1024;

export interface ZipMeta {
  /** Display name; by default the file name without `.zip`. */
  name?: string;
  /** Defaults to `{ kind: 'zip', label: fileName }`. */
  source?: RepoSource;
  id?: string;
  /** Unwrap a single top folder (default true); the samples keep their package folder as authored. */
  stripTopFolder?: boolean;
}

class ExpansionBudget {
  used = 0;
  constructor(
    readonly limit: number,
    readonly label: string,
  ) {}
  spend(n: number): void {
    this.used += n;
    if (this.used > this.limit) {
      throw new RepoInputError(
        `"${this.label}" expands past the ${formatBytes(this.limit)} limit while unpacking: refused as a possible zip bomb. Nothing was imported.`,
      );
    }
  }
}

function inflateEntry(archive: Uint8Array, entry: ZipEntry, budget: ExpansionBudget): Uint8Array {
  const label = budget.label;
  const corrupt = (why: string) => new RepoInputError(`"${label}" is corrupt: ${entry.name} ${why}. Nothing was imported.`);
  if (entry.encrypted) throw new RepoInputError(`"${label}" has encrypted entries (${entry.name}); unzip it first. Nothing was imported.`);
  const input = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const out = new Uint8Array(entry.originalSize);
  let length = 0;
  const accept = (chunk: Uint8Array) => {
    if (length + chunk.length > entry.originalSize) {
      throw new RepoInputError(
        `"${label}" is not safe to open: ${entry.name} expands past the ${formatBytes(entry.originalSize)} its header declares (a forged zip bomb or a damaged file). Nothing was imported.`,
      );
    }
    budget.spend(chunk.length);
    out.set(chunk, length);
    length += chunk.length;
  };

  if (entry.compression === 0) accept(input);
  else if (entry.compression === 8) {
    const inflater = new Inflate((chunk) => accept(chunk));
    try {
      for (let o = 0; o < input.length || o === 0; o += STEP) {
        const end = Math.min(o + STEP, input.length);
        inflater.push(input.subarray(o, end), end === input.length);
        if (end === input.length) break;
      }
    } catch (e) {
      if (e instanceof RepoInputError) throw e;
      throw corrupt(`does not inflate (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    throw new RepoInputError(
      `"${label}" uses compression method ${entry.compression} for ${entry.name}; only stored and deflate zips are supported. Nothing was imported.`,
    );
  }
  if (length !== entry.originalSize) throw corrupt(`is ${length} bytes, its header says ${entry.originalSize}`);
  if (new Crc32().update(out).digest() !== entry.crc32) throw corrupt('fails its checksum');
  return out;
}

/** A zip file's bytes as a source, with or without a single top folder; every problem is an error value. */
export function zipSource(archive: Uint8Array, fileName: string, meta: ZipMeta = {}): RepoEntrySource {
  return { list: (options) => Promise.resolve(listZip(archive, fileName, meta, options)) };
}

function listZip(archive: Uint8Array, fileName: string, meta: ZipMeta, options: LoadOptions): Result<RepoListing> {
  const limits = resolveLimits(options.limits);
  const source = meta.source ?? { kind: 'zip', label: fileName };
  const label = source.label;
  const directory = readZipDirectory(archive);
  if (!directory.ok) return { ok: false, error: `"${label}" cannot be opened as a zip: ${directory.error}. Nothing was imported.` };
  const files = directory.value.filter((e) => !isDirectoryName(e.name));
  if (files.length > limits.maxEntries) {
    return {
      ok: false,
      error: `"${label}" has ${files.length.toLocaleString('en')} entries, more than the limit of ${limits.maxEntries.toLocaleString('en')}. Nothing was imported.`,
    };
  }
  const declared = files.reduce((sum, e) => sum + e.originalSize, 0);
  if (declared > limits.maxArchiveBytes) {
    return {
      ok: false,
      error: `"${label}" would expand to ${formatBytes(declared)}, more than the ${formatBytes(limits.maxArchiveBytes)} allowed: refused as a possible zip bomb. Nothing was imported.`,
    };
  }

  const budget = new ExpansionBudget(limits.maxArchiveBytes, label);
  // Directory entries hold nothing to read; the builder still sees them, to refuse a folder named like a file.
  const folders: RepoEntry[] = directory.value.filter((e) => isDirectoryName(e.name)).map((e) => ({ path: e.name, size: 0, read: () => new Uint8Array(0) }));
  const entries: RepoEntry[] = files.map((entry) => ({
    path: entry.name,
    size: entry.originalSize,
    read: () => {
      const bytes = inflateEntry(archive, entry, budget);
      options.onProgress?.({ stage: 'unpacking', done: budget.used, total: declared, unit: 'bytes' });
      return bytes;
    },
  }));
  const name = meta.name ?? fileName.replace(/\.zip$/i, '');
  const { id, stripTopFolder } = meta;
  return {
    ok: true,
    value: {
      meta: { name, source, ...(id !== undefined ? { id } : {}), ...(stripTopFolder !== undefined ? { stripTopFolder } : {}) },
      entries: [...folders, ...entries],
      skipped: [],
    },
  };
}

/** A zip file's bytes as a Repo. */
export function loadZipRepo(archive: Uint8Array, fileName: string, meta: ZipMeta = {}, options: LoadOptions = {}): Promise<Result<Repo>> {
  return loadFromSource(zipSource(archive, fileName, meta), options);
}
