import { RepoInputError, resolveLimits, type RepoEntry } from './build';
import { IGNORED_FOLDERS } from './paths';
import { loadFromSource, type RepoEntrySource } from './source';
import type { LoadOptions, Repo, Result, SkippedFile } from './types';

/**
 * Local folders: the directory picker (`showDirectoryPicker()`, a FileSystemDirectoryHandle, which can also be
 * posted to a Worker), drag-and-drop (`DataTransferItem.webkitGetAsEntry()`, a FileSystemEntry) and the
 * `<input webkitdirectory>` fallback (a FileList with `webkitRelativePath`). Only standard web APIs that exist in a
 * page and a Worker; no `window`/`document`. Walkers list files with their sizes without reading them, do not enter
 * ignored folders (node_modules can hold 100k files), and leave reading to the shared builder, which reads only
 * what it keeps.
 *
 * Symbolic links: the CLI's disk source (src/node/disk-source.ts, the same walk over Node's file system) skips and
 * counts them. A page cannot: none of the three APIs says
 * whether an entry is a link, so the browser decides. Chromium (measured with 156 on Linux, test/e2e/import.e2e.ts)
 * leaves every link out of an `<input webkitdirectory>` listing (links to files or folders, inside or outside the
 * folder, dangling), so nothing outside the picked folder comes in that way. For the directory picker and
 * drag-and-drop the File System Access spec says nothing (WICG/file-system-access#113) and Chromium's handling is
 * documented as platform-dependent: a link there may arrive as the file or folder it points to, indistinguishable
 * here (a folder link looping back is stopped by the entry limit).
 */

/** A walked folder: files relative to it, plus the ignored folders that were not entered and the links not followed. */
export interface FolderListing {
  name: string;
  entries: RepoEntry[];
  ignoredFolders: string[];
  /** Only a walker that can tell links apart (the CLI's) lists them; the page's APIs cannot. */
  symlinks?: string[];
}

/** What the walkers need of a file: its size and its bytes (a File or Blob). */
export interface BlobLike {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The parts of FileSystemDirectoryHandle / FileSystemFileHandle used here (their async iteration is typed only in lib.dom.asynciterable). */
export interface DirectoryHandleLike {
  readonly kind: 'directory';
  readonly name: string;
  values(): AsyncIterable<DirectoryHandleLike | FileHandleLike>;
}
export interface FileHandleLike {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<BlobLike>;
}

export interface WalkOptions {
  maxEntries?: number;
  ignoredFolders?: ReadonlySet<string>;
  /** Folders not entered besides the ignored ones (a tool's own rule, e.g. the dependency builder's); recorded alike. */
  alsoIgnored?: (folderName: string) => boolean;
  signal?: AbortSignal;
}

/** One walk of a folder, whatever walks it: counts files against the entry limit and records what it did not enter. */
export class FolderWalk {
  readonly entries: RepoEntry[] = [];
  readonly ignoredFolders: string[] = [];
  readonly symlinks: string[] = [];
  private readonly max: number;
  private readonly ignored: ReadonlySet<string>;
  constructor(
    readonly name: string,
    private readonly options: WalkOptions,
  ) {
    this.max = options.maxEntries ?? resolveLimits().maxEntries;
    this.ignored = options.ignoredFolders ?? IGNORED_FOLDERS;
  }

  /** False when the folder is not to be entered (and records it). */
  enter(path: string, folderName: string): boolean {
    if (this.options.signal?.aborted) throw new RepoInputError(`Reading the folder "${this.name}" was cancelled.`);
    if (!this.ignored.has(folderName) && !this.options.alsoIgnored?.(folderName)) return true;
    this.ignoredFolders.push(path);
    return false;
  }

  /** A symbolic link, to a file or a folder: never followed, listed as skipped. */
  addLink(path: string): void {
    this.symlinks.push(path);
  }

  addFile(path: string, blob: BlobLike): void {
    if (this.entries.length >= this.max) {
      throw new RepoInputError(`The folder "${this.name}" has more than ${this.max.toLocaleString('en')} files; pick a smaller folder.`);
    }
    this.entries.push({
      path,
      size: blob.size,
      read: async () => {
        try {
          return new Uint8Array(await blob.arrayBuffer());
        } catch (e) {
          throw new RepoInputError(`Could not read ${path} from "${this.name}" (${e instanceof Error ? e.message : String(e)}); was it moved or changed?`);
        }
      },
    });
  }

  listing(): FolderListing {
    return { name: this.name, entries: this.entries, ignoredFolders: this.ignoredFolders, ...(this.symlinks.length ? { symlinks: this.symlinks } : {}) };
  }
}

/** A walk's result: its listing, or its refusal as an error value. */
export async function walkResult(work: () => Promise<FolderListing>, name: string): Promise<Result<FolderListing>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    if (e instanceof RepoInputError) return { ok: false, error: e.message };
    return { ok: false, error: `Could not read the folder "${name}" (${e instanceof Error ? e.message : String(e)}).` };
  }
}

/** Walks a picked directory (`showDirectoryPicker()`); paths are relative to it. */
export function listDirectoryHandle(handle: FileSystemDirectoryHandle | DirectoryHandleLike, options: WalkOptions = {}): Promise<Result<FolderListing>> {
  const walk = new FolderWalk(handle.name, options);
  const visit = async (dir: DirectoryHandleLike, prefix: string): Promise<void> => {
    for await (const child of dir.values()) {
      const path = prefix + child.name;
      if (child.kind === 'directory') {
        if (walk.enter(path, child.name)) await visit(child, `${path}/`);
      } else walk.addFile(path, await child.getFile());
    }
  };
  return walkResult(async () => {
    await visit(handle as DirectoryHandleLike, '');
    return walk.listing();
  }, handle.name);
}

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call (Chromium); an empty batch means done.
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/**
 * Walks what was dropped (`item.webkitGetAsEntry()` for each DataTransferItem, read during the drop event). One
 * dropped folder: paths are relative to it and it names the repo. Several items: paths start with their names.
 */
export function listDroppedEntries(dropped: readonly FileSystemEntry[], options: WalkOptions = {}): Promise<Result<FolderListing>> {
  const single = dropped.length === 1 && dropped[0]!.isDirectory ? (dropped[0] as FileSystemDirectoryEntry) : null;
  const name = single ? single.name : 'dropped files';
  const walk = new FolderWalk(name, options);
  const visit = async (entry: FileSystemEntry, path: string): Promise<void> => {
    if (entry.isDirectory) {
      if (!walk.enter(path, entry.name)) return;
      for (const child of await readAllEntries(entry as FileSystemDirectoryEntry)) await visit(child, `${path}/${child.name}`);
    } else if (entry.isFile) walk.addFile(path, await fileOf(entry as FileSystemFileEntry));
  };
  return walkResult(async () => {
    if (single) for (const child of await readAllEntries(single)) await visit(child, child.name);
    else for (const entry of dropped) await visit(entry, entry.name);
    return walk.listing();
  }, name);
}

/** The files of `<input type="file" webkitdirectory>`: their paths start with the picked folder's name, dropped here. */
export function listInputFiles(files: ArrayLike<File>, options: WalkOptions = {}): Result<FolderListing> {
  const first = files.length > 0 ? (files[0]!.webkitRelativePath ?? '').split('/')[0]! : '';
  const walk = new FolderWalk(first || 'picked files', options);
  const ignored = options.ignoredFolders ?? IGNORED_FOLDERS;
  const seenIgnored = new Set<string>();
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const segments = (file.webkitRelativePath || file.name).split('/');
      if (first && segments[0] === first && segments.length > 1) segments.shift();
      const at = segments.slice(0, -1).findIndex((s) => ignored.has(s));
      if (at >= 0) {
        // The browser already listed everything; report each ignored folder once, like the walkers.
        const folder = segments.slice(0, at + 1).join('/');
        if (!seenIgnored.has(folder)) {
          seenIgnored.add(folder);
          walk.enter(folder, segments[at]!);
        }
        continue;
      }
      walk.addFile(segments.join('/'), file);
    }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, value: walk.listing() };
}

/** A walked folder as a source. The folder is the root as picked: no top folder is unwrapped; it names the repo. */
export function folderSource(listing: FolderListing): RepoEntrySource {
  const skipped: SkippedFile[] = [
    ...listing.ignoredFolders.map((path): SkippedFile => ({ path, reason: 'ignored-folder', size: 0 })),
    ...(listing.symlinks ?? []).map((path): SkippedFile => ({ path, reason: 'symlink', size: 0 })),
  ];
  const meta = { name: listing.name, source: { kind: 'folder' as const, label: listing.name }, stripTopFolder: false, rootFolder: listing.name };
  return { list: () => Promise.resolve({ ok: true, value: { meta, entries: listing.entries, skipped } }) };
}

/** A walked folder as a Repo. */
export function loadFolderRepo(listing: FolderListing, options: LoadOptions = {}): Promise<Result<Repo>> {
  return loadFromSource(folderSource(listing), options);
}
