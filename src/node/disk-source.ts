import { constants, type Dirent } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { resolveLimits } from '../core/repo/build';
import { folderSource, FolderWalk, walkResult, type FolderListing, type WalkOptions } from '../core/repo/folder';
import { loadFromSource, type RepoEntrySource } from '../core/repo/source';
import type { LoadOptions, Repo, Result } from '../core/repo/types';

/**
 * A folder on disk as a repo source: the same walk as the page's folder walkers (src/core/repo/folder.ts: ignored
 * folders not entered, the entry limit) and then the same builder (limits, binary and non-UTF-8 files, the
 * skipped-file notes), so the CLI and the page read one folder the same way. Symbolic links, to files or folders,
 * are never followed and are listed as skipped: one can point anywhere on the disk (`pkg/config.py -> ~/.ssh/id_rsa`),
 * and what is read here is shown to players and sent to model endpoints. Files are opened with O_NOFOLLOW, so a file
 * swapped for a link after the listing is refused, not read through. The root is the one link followed: the user
 * named it.
 */
export async function listDiskFolder(dir: string, options: WalkOptions = {}): Promise<Result<FolderListing>> {
  const root = resolve(dir);
  const st = await stat(root).catch(() => null);
  if (!st) return { ok: false, error: `${dir} does not exist` };
  if (!st.isDirectory()) return { ok: false, error: `${dir} is not a folder: give the repository's root folder` };
  const walk = new FolderWalk(basename(root), options);
  const visit = async (abs: string, prefix: string): Promise<void> => {
    const children: Dirent[] = (await readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const path = prefix + child.name;
      const full = join(abs, child.name);
      // A Dirent describes the entry itself (lstat), so a link to a folder is not a directory here either.
      if (child.isSymbolicLink()) walk.addLink(path);
      else if (child.isDirectory()) {
        if (walk.enter(path, child.name)) await visit(full, `${path}/`);
      } else if (child.isFile()) {
        const { size } = await lstat(full);
        walk.addFile(path, {
          size,
          arrayBuffer: async () => {
            const b = await readFile(full, { flag: constants.O_RDONLY | constants.O_NOFOLLOW });
            return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
          },
        });
      }
      // Sockets, FIFOs and devices are not files of a repo: left out.
    }
  };
  return walkResult(async () => {
    await visit(root, '');
    return walk.listing();
  }, walk.name);
}

/** A folder on disk as a source for the shared builder (a `folder` repo named after the folder). */
export function diskSource(dir: string, walk: WalkOptions = {}): RepoEntrySource {
  return {
    async list(options: LoadOptions) {
      const listed = await listDiskFolder(dir, {
        maxEntries: resolveLimits(options.limits).maxEntries,
        ...(options.signal ? { signal: options.signal } : {}),
        ...walk,
      });
      return listed.ok ? folderSource(listed.value).list(options) : listed;
    },
  };
}

/** A folder on disk as a Repo, read as the page reads a picked folder. */
export function loadDiskRepo(dir: string, options: LoadOptions = {}, walk: WalkOptions = {}): Promise<Result<Repo>> {
  return loadFromSource(diskSource(dir, walk), options);
}
