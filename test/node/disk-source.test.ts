import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWalkOrder } from '../../src/core/repo/paths';
import { listDirectoryHandle, loadFolderRepo, type DirectoryHandleLike } from '../../src/core/repo/folder';
import { loadDiskRepo } from '../../src/node/disk-source';
import { indexDirectory } from '../../src/node/deps-cli';
import { readRepoFolder } from '../../src/node/repo-folder';
import { pythonStdlib } from '../data';

/*
 * One real folder (CPython's json package from Debian's stdlib, plus what real repos hold: a link, a Latin-1 file,
 * a binary, a `.github/` workflow folder, a `.git/` folder) read by the CLI's disk source and by the page's
 * directory-picker walker. The page's walker is driven through a handle adapter over the same folder that leaves
 * links out, as Chromium's folder listings do (src/core/repo/folder.ts): the two must keep the same files with the
 * same text and skip the same files for the same reasons; only the disk source can see, and so list, the link.
 */
let tmp: string;
let root: string;

function handle(path: string, name: string): DirectoryHandleLike {
  return {
    kind: 'directory',
    name,
    async *values() {
      for (const d of readdirSync(path, { withFileTypes: true })) {
        const full = join(path, d.name);
        if (d.isSymbolicLink()) continue;
        if (d.isDirectory()) yield handle(full, d.name);
        else {
          const getFile = async () => ({
            size: statSync(full).size,
            arrayBuffer: async () => {
              const b = readFileSync(full);
              return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
            },
          });
          yield { kind: 'file' as const, name: d.name, getFile };
        }
      }
    },
  };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hgym-disk-'));
  root = join(tmp, 'json');
  cpSync(join(pythonStdlib(), 'json'), root, { recursive: true, filter: (src) => !src.includes('__pycache__') });
  writeFileSync(join(tmp, 'secret.txt'), 'SECRET-5e1d\n');
  symlinkSync('../secret.txt', join(root, 'config.py'));
  writeFileSync(join(root, 'latin1.py'), Buffer.from('NAME = "caf\xe9"\n', 'latin1'));
  writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'on: push\n');
  writeFileSync(join(root, '.github', 'check.py'), 'def check():\n    """Checks."""\n    return True\n');
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the disk source and the page folder walker', () => {
  it('keep the same files and skip the same ones, the link aside', async () => {
    const disk = await loadDiskRepo(root);
    const listed = await listDirectoryHandle(handle(root, 'json'));
    if (!disk.ok || !listed.ok) throw new Error(disk.ok ? (listed as { error: string }).error : disk.error);
    const page = await loadFolderRepo(listed.value);
    if (!page.ok) throw new Error(page.error);

    expect(disk.value.files).toEqual(page.value.files);
    expect(disk.value.files.map((f) => f.path)).toEqual([
      '.github/check.py',
      '.github/workflows/ci.yml',
      '__init__.py',
      'decoder.py',
      'encoder.py',
      'scanner.py',
      'tool.py',
    ]);
    expect(disk.value.files.find((f) => f.path === 'decoder.py')!.text).toBe(readFileSync(join(root, 'decoder.py'), 'utf8'));
    const noLinks = disk.value.skipped.filter((s) => s.reason !== 'symlink');
    expect(noLinks).toEqual(page.value.skipped);
    expect(disk.value.skipped).toEqual([
      { path: '.git', reason: 'ignored-folder', size: 0 },
      { path: 'config.py', reason: 'symlink', size: 0 },
      { path: 'latin1.py', reason: 'not-utf8', size: 14 },
      { path: 'logo.png', reason: 'binary', size: 12 },
    ]);
    expect(disk.value.files.some((f) => f.text.includes('SECRET-5e1d'))).toBe(false);
    // The same repo otherwise: id (from the kept content), name, source, root folder, bytes.
    expect({ ...disk.value, skipped: noLinks, createdAt: 0 }).toEqual({ ...page.value, createdAt: 0 });
  });

  it('the CLI gets them in os.walk order and is told what was not read', async () => {
    const notes: string[] = [];
    const { files } = await readRepoFolder(root, (l) => notes.push(l));
    // A folder's files, then its subfolders, names sorted: the order the authors' builders walk.
    expect(files.map((f) => f.path)).toEqual([
      '__init__.py',
      'decoder.py',
      'encoder.py',
      'scanner.py',
      'tool.py',
      '.github/check.py',
      '.github/workflows/ci.yml',
    ]);
    expect(notes).toEqual([
      `${root}: not read: 1 binary, 1 not UTF-8 text, 1 in ignored folders (.git, node_modules, __pycache__, ...), 1 symbolic link (not followed)`,
    ]);
  });

  it('refuses a missing folder and a file with a message', async () => {
    expect(await loadDiskRepo(join(tmp, 'nope'))).toEqual({ ok: false, error: `${join(tmp, 'nope')} does not exist` });
    expect(await loadDiskRepo(join(tmp, 'secret.txt'))).toEqual({
      ok: false,
      error: `${join(tmp, 'secret.txt')} is not a folder: give the repository's root folder`,
    });
  });
});

describe('compareWalkOrder', () => {
  it("sorts paths as Python's os.walk visits sorted folders", () => {
    const paths = ['b/x.py', 'a.py', 'a/b/c.py', 'z.py', 'a/z.py', 'a/a/y.py', 'A.py', 'a-b/q.py'];
    expect([...paths].sort(compareWalkOrder)).toEqual(['A.py', 'a.py', 'z.py', 'a/z.py', 'a/a/y.py', 'a/b/c.py', 'a-b/q.py', 'b/x.py']);
  });
});

describe('hgym deps reads the folder as the dependency builder walks it', () => {
  it('does not enter dot-folders, venv or env, and says so', async () => {
    const repo = join(tmp, 'deps-walk');
    for (const dir of ['pkg', '.github', 'venv/lib', 'env', 'envs']) mkdirSync(join(repo, dir), { recursive: true });
    const def = (name: string) => `def ${name}():\n    """Doc."""\n    return 1\n`;
    writeFileSync(join(repo, 'pkg', 'a.py'), def('a'));
    writeFileSync(join(repo, '.github', 'hidden.py'), def('hidden'));
    writeFileSync(join(repo, 'venv', 'lib', 'v.py'), def('v'));
    writeFileSync(join(repo, 'env', 'e.py'), def('e'));
    // `envs` is walked (the builder prunes exact names); its files are then left out as targets by the substring rule.
    writeFileSync(join(repo, 'envs', 'x.py'), def('x'));
    const notes: string[] = [];
    const index = await indexDirectory(repo, { warn: (l) => notes.push(l) });
    expect(index.files.map((f) => f.path)).toEqual(['envs/x.py', 'pkg/a.py']);
    expect(notes).toEqual([`${repo}: not read: 3 in ignored folders (.git, node_modules, __pycache__, ...)`]);
    // The page's rule reads them all.
    const page = await loadDiskRepo(repo);
    expect(page.ok && page.value.files.map((f) => f.path)).toEqual(['.github/hidden.py', 'env/e.py', 'envs/x.py', 'pkg/a.py', 'venv/lib/v.py']);
  });
});
