import { describe, expect, it } from 'vitest';
import { buildRepo, repoFromBytes, type RepoEntry, type RepoMeta } from '../../../src/core/repo/build';
import { describeSkipped } from '../../../src/core/repo/skipped';
import { DEFAULT_LIMITS } from '../../../src/core/repo/types';
import { stdlibPackage, must } from './fixtures';

const meta = (label = 'test'): RepoMeta => ({ name: label, source: { kind: 'folder', label } });
const enc = new TextEncoder();
const listOf = (files: Record<string, Uint8Array>) => Object.entries(files).map(([path, bytes]) => ({ path, bytes }));

/** Entries whose reads are recorded, to show what the builder never reads. */
function tracked(files: Record<string, Uint8Array>) {
  const reads: string[] = [];
  const entries: RepoEntry[] = Object.entries(files).map(([path, bytes]) => ({
    path,
    size: bytes.length,
    read: () => {
      reads.push(path);
      return bytes;
    },
  }));
  return { entries, reads };
}

describe('repoFromBytes', () => {
  it('keeps the json package as sorted POSIX paths with exact texts and sizes', async () => {
    const json = stdlibPackage('json');
    const repo = must(await repoFromBytes(listOf(json), meta('json'), { now: () => 1234 }));
    expect(repo.files.map((f) => `json/${f.path}`)).toEqual(Object.keys(json).sort());
    for (const f of repo.files) {
      expect(f.text).toBe(new TextDecoder().decode(json[`json/${f.path}`]));
      expect(f.size).toBe(json[`json/${f.path}`]!.length);
    }
    expect(repo.bytes).toBe(Object.values(json).reduce((s, b) => s + b.length, 0));
    expect(repo.skipped).toEqual([]);
    expect(repo.createdAt).toBe(1234);
    // All under json/: the single top folder is unwrapped and remembered for the index's rootName.
    expect(repo.rootFolder).toBe('json');
  });

  it('keeps the package folder when told not to unwrap (samples)', async () => {
    const repo = must(await repoFromBytes(listOf(stdlibPackage('json')), { ...meta(), stripTopFolder: false }));
    expect(repo.files[0]!.path.startsWith('json/')).toBe(true);
    expect(repo.rootFolder).toBeUndefined();
  });

  it('skips binaries, non-UTF-8, huge files and ignored folders with reasons, reading only what it may keep', async () => {
    const json = stdlibPackage('json');
    const decoder = json['json/decoder.py']!;
    const files: Record<string, Uint8Array> = {
      'proj/json/decoder.py': decoder,
      'proj/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'proj/legacy.py': Uint8Array.from("name = 'caf\u00e9'\n", (c) => c.charCodeAt(0)),
      'proj/data/huge.txt': new Uint8Array(DEFAULT_LIMITS.maxFileBytes + 1).fill(0x61),
      'proj/.git/config': enc.encode('[core]\n'),
      'proj/web/node_modules/x/index.js': enc.encode('module.exports = 1;\n'),
      'proj/json/__pycache__/decoder.cpython-311.pyc': new Uint8Array([0xa7, 0x0d, 0x0d, 0x0a, 0, 0]),
    };
    const { entries, reads } = tracked(files);
    const repo = must(await buildRepo(entries, meta()));
    expect(repo.files.map((f) => f.path)).toEqual(['json/decoder.py']);
    expect(repo.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['.git/config', 'ignored-folder'],
      ['data/huge.txt', 'too-large'],
      ['json/__pycache__/decoder.cpython-311.pyc', 'ignored-folder'],
      ['legacy.py', 'not-utf8'],
      ['logo.png', 'binary'],
      ['web/node_modules/x/index.js', 'ignored-folder'],
    ]);
    expect(repo.skipped.find((s) => s.path === 'data/huge.txt')!.size).toBe(DEFAULT_LIMITS.maxFileBytes + 1);
    // Never read: the ignored folders and the file over the limit.
    expect(reads.sort()).toEqual(['proj/json/decoder.py', 'proj/legacy.py', 'proj/logo.png']);
    expect(describeSkipped(repo.skipped, DEFAULT_LIMITS)).toBe(
      '1 binary, 1 not UTF-8 text, 1 over 1 MB, 3 in ignored folders (.git, node_modules, __pycache__, ...)',
    );
  });

  it('names symbolic links in the skip line like the other reasons', () => {
    const link = (path: string) => ({ path, reason: 'symlink' as const, size: 0 });
    expect(describeSkipped([link('pkg/config.py')], DEFAULT_LIMITS)).toBe('1 symbolic link (not followed)');
    expect(describeSkipped([link('a'), link('b'), { path: 'x.png', reason: 'binary', size: 9 }], DEFAULT_LIMITS)).toBe(
      '1 binary, 2 symbolic links (not followed)',
    );
  });

  it('stops at the repo limit in path order and counts the rest', async () => {
    const email = stdlibPackage('email');
    const sorted = Object.keys(email).sort();
    const limit = 100_000;
    const repo = must(await repoFromBytes(listOf(email), meta(), { limits: { maxRepoBytes: limit } }));
    expect(repo.bytes).toBeLessThanOrEqual(limit);
    const kept = repo.files.map((f) => `email/${f.path}`);
    // The kept files are a prefix of the sorted list; everything after it is skipped for the limit.
    expect(kept).toEqual(sorted.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(sorted.length);
    expect(repo.skipped.every((s) => s.reason === 'repo-limit')).toBe(true);
    expect(repo.skipped.length).toBe(sorted.length - kept.length);
  });

  it('applies a smaller per-file limit', async () => {
    const json = stdlibPackage('json');
    const repo = must(await repoFromBytes(listOf(json), meta(), { limits: { maxFileBytes: 5_000 } }));
    for (const f of repo.files) expect(f.size).toBeLessThanOrEqual(5_000);
    const large = Object.entries(json).filter(([, b]) => b.length > 5_000).length;
    expect(large).toBeGreaterThan(0);
    expect(repo.skipped.filter((s) => s.reason === 'too-large').length).toBe(large);
  });

  it('derives a stable id from the source and the kept content', async () => {
    const json = listOf(stdlibPackage('json'));
    const a = must(await repoFromBytes(json, meta('json')));
    const b = must(await repoFromBytes([...json].reverse(), meta('json')));
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^folder-json-[0-9a-f]{8}$/);
    const changed = json.map((e, i) => (i === 0 ? { ...e, bytes: enc.encode('x = 1\n') } : e));
    expect(must(await repoFromBytes(changed, meta('json'))).id).not.toBe(a.id);
    expect(must(await repoFromBytes(json, { ...meta('json'), id: 'mine' })).id).toBe('mine');
  });

  it('refuses unsafe and duplicate names and reads nothing', async () => {
    for (const bad of ['../escape.py', '/abs.py', 'C:\\x.py', '\\\\server\\share\\x.py', 'a\0.py']) {
      const { entries, reads } = tracked({ 'ok.py': enc.encode('x = 1\n'), [bad]: enc.encode('y = 2\n') });
      const r = await buildRepo(entries, meta('upload.zip'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^Refused "upload\.zip": .*Nothing was imported\.$/);
      expect(reads).toEqual([]);
    }
    const dup = await repoFromBytes(
      [
        { path: 'a/b.py', bytes: enc.encode('1') },
        { path: 'a\\b.py', bytes: enc.encode('2') },
        { path: 'setup.py', bytes: enc.encode('3') },
      ],
      meta(),
    );
    expect(dup).toEqual({ ok: false, error: 'Refused "test": two entries are both named "a/b.py". Nothing was imported.' });
  });

  it('says so when there is nothing to work on', async () => {
    expect(await repoFromBytes([], meta('empty'))).toEqual({ ok: false, error: '"empty" is empty: it contains no files.' });
    const onlyBinary = await repoFromBytes(
      [
        { path: 'img.png', bytes: new Uint8Array([0x89, 0, 1]) },
        { path: '.git/HEAD', bytes: enc.encode('ref') },
      ],
      meta('pics'),
    );
    expect(onlyBinary).toEqual({
      ok: false,
      error: '"pics" has no text files to work on (skipped: 1 binary, 1 in ignored folders (.git, node_modules, __pycache__, ...)).',
    });
  });

  it('enforces the entry limit and honours cancellation', async () => {
    const json = listOf(stdlibPackage('json'));
    const many = await repoFromBytes(json, meta(), { limits: { maxEntries: 3 } });
    expect(many.ok).toBe(false);
    if (!many.ok) expect(many.error).toMatch(/has \d+ files, more than the limit of 3/);
    const controller = new AbortController();
    controller.abort();
    expect(await repoFromBytes(json, meta(), { signal: controller.signal })).toEqual({ ok: false, error: 'Loading "test" was cancelled.' });
  });

  it('reports read progress file by file', async () => {
    const json = listOf(stdlibPackage('json'));
    const seen: number[] = [];
    must(await repoFromBytes(json, meta(), { onProgress: (p) => seen.push(p.done) }));
    expect(seen).toEqual(json.map((_, i) => i + 1));
  });
});
