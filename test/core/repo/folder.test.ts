import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  listDirectoryHandle,
  listDroppedEntries,
  listInputFiles,
  loadFolderRepo,
  type DirectoryHandleLike,
  type FileHandleLike,
  type FolderListing,
} from '../../../src/core/repo/folder';
import { DEFAULT_LIMITS } from '../../../src/core/repo/types';
import { stdlibFiles, stdlibPackage, must } from './fixtures';

/*
 * Node has no FileSystemDirectoryHandle or FileSystemEntry, so these tests walk a real folder on disk through
 * small adapters that follow the web APIs' contracts (async iteration of handles; readEntries in batches of at most
 * 100, as Chromium does, until an empty batch). The adapters record which folders were opened and which files read.
 */
let root: string;
const opened: string[] = [];
const reads: string[] = [];

function blobOf(path: string) {
  return {
    size: statSync(path).size,
    arrayBuffer: async () => {
      reads.push(relative(root, path));
      const b = readFileSync(path);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}

function directoryHandle(path: string): DirectoryHandleLike {
  return {
    kind: 'directory',
    name: basename(path),
    async *values() {
      opened.push(relative(root, path) || '.');
      for (const name of readdirSync(path).sort()) {
        const full = join(path, name);
        if (statSync(full).isDirectory()) yield directoryHandle(full);
        else yield { kind: 'file', name, getFile: async () => blobOf(full) } satisfies FileHandleLike;
      }
    },
  };
}

function fileSystemEntry(path: string): FileSystemEntry {
  const isDirectory = statSync(path).isDirectory();
  const base = { name: basename(path), fullPath: '/' + relative(dirname(root), path), isDirectory, isFile: !isDirectory };
  if (!isDirectory) return { ...base, file: (ok: (f: unknown) => void) => ok(blobOf(path)) } as unknown as FileSystemEntry;
  return {
    ...base,
    createReader() {
      const names = readdirSync(path).sort();
      let at = 0;
      opened.push(relative(root, path) || '.');
      return {
        readEntries(ok: (batch: FileSystemEntry[]) => void) {
          const batch = names.slice(at, at + 100).map((n) => fileSystemEntry(join(path, n)));
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  } as unknown as FileSystemEntry;
}

let expectedText: string[];

beforeAll(() => {
  root = join(mkdtempSync(join(tmpdir(), 'folder-')), 'myproj');
  const put = (rel: string, bytes: Uint8Array | string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), bytes);
  };
  for (const [p, b] of Object.entries(stdlibPackage('json'))) put(p, b);
  // 120 real top-level stdlib modules in one folder: more than one readEntries batch.
  const modules = Object.keys(stdlibFiles())
    .filter((p) => !p.includes('/') && p.endsWith('.py'))
    .sort()
    .slice(0, 120);
  expect(modules.length).toBe(120);
  for (const m of modules) put(`lib/${m}`, stdlibFiles()[m]!);
  put('.git/HEAD', 'ref: refs/heads/main\n');
  put('.git/objects/ab/cdef', new Uint8Array([120, 1, 0, 0]));
  put('web/node_modules/left-pad/index.js', 'module.exports = 1;\n');
  put('assets/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  put('data/big.txt', new Uint8Array(DEFAULT_LIMITS.maxFileBytes + 1).fill(0x61));
  expectedText = [...Object.keys(stdlibPackage('json')), ...modules.map((m) => `lib/${m}`)].sort();
});

async function checkListing(listing: FolderListing) {
  expect(listing.name).toBe('myproj');
  expect(listing.ignoredFolders.sort()).toEqual(['.git', 'web/node_modules']);
  reads.length = 0;
  const repo = must(await loadFolderRepo(listing));
  expect(repo.files.map((f) => f.path)).toEqual(expectedText);
  expect(repo.files.find((f) => f.path === 'json/decoder.py')!.text).toBe(new TextDecoder().decode(stdlibPackage('json')['json/decoder.py']));
  expect(repo.rootFolder).toBe('myproj');
  expect(repo.source).toEqual({ kind: 'folder', label: 'myproj' });
  expect(repo.skipped.map((s) => [s.path, s.reason])).toEqual([
    ['.git', 'ignored-folder'],
    ['assets/logo.png', 'binary'],
    ['data/big.txt', 'too-large'],
    ['web/node_modules', 'ignored-folder'],
  ]);
  // The big file was never read, only its size looked at.
  expect(reads).not.toContain('data/big.txt');
  expect(reads.length).toBe(expectedText.length + 1);
}

describe('folder loading', () => {
  it('walks a picked directory handle without entering ignored folders', async () => {
    opened.length = 0;
    const listing = must(await listDirectoryHandle(directoryHandle(root)));
    expect(opened).not.toContain('.git');
    expect(opened).not.toContain('web/node_modules');
    expect(opened).toContain('web');
    await checkListing(listing);
  });

  it('walks a dropped folder (webkitGetAsEntry), reading entries batch by batch', async () => {
    opened.length = 0;
    const listing = must(await listDroppedEntries([fileSystemEntry(root)]));
    expect(opened).not.toContain('.git');
    await checkListing(listing);
  });

  it('takes several dropped items with their names as the first path segment', async () => {
    const listing = must(await listDroppedEntries([fileSystemEntry(join(root, 'json')), fileSystemEntry(join(root, 'lib', 'abc.py'))]));
    expect(listing.name).toBe('dropped files');
    expect(listing.entries.map((e) => e.path).sort()).toEqual(['abc.py', ...Object.keys(stdlibPackage('json'))].sort());
  });

  it('reads an <input webkitdirectory> file list, dropping the folder name from the paths', async () => {
    const files: File[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else {
          const file = new File([readFileSync(full)], name);
          Object.defineProperty(file, 'webkitRelativePath', { value: relative(dirname(root), full).split('\\').join('/') });
          files.push(file);
        }
      }
    };
    walk(root);
    const listing = must(listInputFiles(files));
    expect(listing.ignoredFolders.sort()).toEqual(['.git', 'web/node_modules']);
    const repo = must(await loadFolderRepo(listing));
    expect(repo.files.map((f) => f.path)).toEqual(expectedText);
  });

  it('stops walking a folder with too many files, with a message', async () => {
    const r = await listDirectoryHandle(directoryHandle(root), { maxEntries: 50 });
    expect(r).toEqual({ ok: false, error: 'The folder "myproj" has more than 50 files; pick a smaller folder.' });
    const d = await listDroppedEntries([fileSystemEntry(root)], { maxEntries: 50 });
    expect(d.ok).toBe(false);
  });

  it('turns a file that disappeared between listing and reading into a message', async () => {
    const gone: DirectoryHandleLike = {
      kind: 'directory',
      name: 'flaky',
      async *values() {
        yield {
          kind: 'file',
          name: 'a.py',
          getFile: async () => ({ size: 3, arrayBuffer: () => Promise.reject(new DOMException('The file could not be read', 'NotReadableError')) }),
        };
      },
    };
    const listing = must(await listDirectoryHandle(gone));
    expect(await loadFolderRepo(listing)).toEqual({
      ok: false,
      error: 'Could not read a.py from "flaky" (The file could not be read); was it moved or changed?',
    });
  });
});
