import { buildRepo, RepoInputError, type RepoEntry, type RepoMeta } from './build';
import type { LoadOptions, Repo, Result, SkippedFile } from './types';

/**
 * What every repo source yields before anything is read: the repo's name and origin (`meta`), its files with their
 * declared sizes and a way to read each one, and what the source set aside without listing it (folders it did not
 * enter, links it did not follow). The shared builder (build.ts) then applies the one set of rules (limits, ignored
 * folders, binary and non-UTF-8 files, the skipped-file notes) whatever the source: a zip, a sample, a folder picked in
 * the page, a GitHub repository, or a folder on disk read by the CLI (src/node/disk-source.ts).
 */
export interface RepoListing {
  meta: RepoMeta;
  entries: RepoEntry[];
  /** Set aside by the source itself; the builder adds what it skips. */
  skipped: SkippedFile[];
  /** Reads the builder may start ahead of the one it decodes (network sources); default 0. */
  readAhead?: number;
}

/** A place repos come from. `list` never throws: a problem the user can act on is an error value. */
export interface RepoEntrySource {
  list(options: LoadOptions): Promise<Result<RepoListing>>;
}

/** Turns a throw of the listing step into an error value: RepoInputError's message as is, anything else explained by `what`. */
export async function listing(work: () => Promise<RepoListing> | RepoListing, what: (detail: string) => string): Promise<Result<RepoListing>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    if (e instanceof RepoInputError) return { ok: false, error: e.message };
    return { ok: false, error: what(e instanceof Error ? e.message : String(e)) };
  }
}

/** Any source as a Repo, through the shared builder. */
export async function loadFromSource(source: RepoEntrySource, options: LoadOptions = {}): Promise<Result<Repo>> {
  const listed = await source.list(options);
  if (!listed.ok) return listed;
  const { meta, entries, skipped, readAhead } = listed.value;
  return buildRepo(entries, meta, { ...options, alsoSkipped: skipped, ...(readAhead !== undefined ? { readAhead } : {}) });
}
