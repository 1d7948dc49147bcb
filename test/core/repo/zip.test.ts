import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/core/repo/crc32';
import { DEFAULT_LIMITS } from '../../../src/core/repo/types';
import { loadZipRepo } from '../../../src/core/repo/zip';
import { readZipDirectory } from '../../../src/core/repo/zip-directory';
import { STDLIB_ZIP, stdlibPackage, storedEntry, writeRawZip, zerosDeflateStream, must, errorOf } from './fixtures';

const withPrefix = (files: Record<string, Uint8Array>, prefix: string): Zippable => Object.fromEntries(Object.entries(files).map(([p, b]) => [prefix + p, b]));

describe('loadZipRepo: real archives', () => {
  it("loads Pyodide's whole python_stdlib.zip with the same bytes fflate extracts", async () => {
    const archive = new Uint8Array(readFileSync(STDLIB_ZIP));
    const reference = unzipSync(archive);
    const repo = must(await loadZipRepo(archive, 'python_stdlib.zip'));
    const referenceFiles = Object.keys(reference).filter((p) => !p.endsWith('/'));
    expect(repo.files.length + repo.skipped.length).toBe(referenceFiles.length);
    expect(repo.files.length).toBeGreaterThan(550);
    for (const f of repo.files) expect(f.text).toBe(new TextDecoder().decode(reference[f.path]));
    expect(repo.name).toBe('python_stdlib');
    expect(repo.source).toEqual({ kind: 'zip', label: 'python_stdlib.zip' });
  });

  it('unwraps a GitHub-style single top folder (with its directory entries) and keeps a zip without one', async () => {
    const json = stdlibPackage('json');
    const wrapped = zipSync({
      'cpython-json-1a2b3c/': new Uint8Array(0),
      'cpython-json-1a2b3c/json/': new Uint8Array(0),
      ...withPrefix(json, 'cpython-json-1a2b3c/'),
      'cpython-json-1a2b3c/README': strToU8('json\n'),
    });
    const repo = must(await loadZipRepo(wrapped, 'cpython-json-1a2b3c.zip'));
    expect(repo.rootFolder).toBe('cpython-json-1a2b3c');
    expect(repo.files.map((f) => f.path)).toEqual(['README', ...Object.keys(json).sort()]);

    const flat = zipSync({ ...json, 'README.md': strToU8('# json\n') });
    const flatRepo = must(await loadZipRepo(flat, 'flat.zip'));
    expect(flatRepo.rootFolder).toBeUndefined();
    expect(flatRepo.files.map((f) => f.path)).toEqual(['README.md', ...Object.keys(json).sort()]);
  });

  it('unwraps a Finder zip and ignores its __MACOSX resource forks', async () => {
    const json = stdlibPackage('json');
    const finder = zipSync({ ...withPrefix(json, 'proj/'), '__MACOSX/proj/json/._decoder.py': new Uint8Array([0, 5, 22, 7, 0, 2, 0, 0]) });
    const repo = must(await loadZipRepo(finder, 'proj.zip'));
    expect(repo.files.map((f) => f.path)).toEqual(Object.keys(json).sort());
    expect(repo.skipped).toEqual([{ path: '__MACOSX/proj/json/._decoder.py', reason: 'ignored-folder', size: 8 }]);
  });

  it('reads stored entries and reports unpacking progress in bytes', async () => {
    const json = stdlibPackage('json');
    const stored = zipSync(json, { level: 0 });
    const progress: number[] = [];
    const repo = must(await loadZipRepo(stored, 'stored.zip', {}, { onProgress: (p) => p.stage === 'unpacking' && progress.push(p.done) }));
    const total = Object.values(json).reduce((s, b) => s + b.length, 0);
    expect(repo.bytes).toBe(total);
    expect(progress.at(-1)).toBe(total);
  });
});

describe('loadZipRepo: bad input gives a message, never a throw', () => {
  const okFile = strToU8('def main():\n    return 0\n');

  it('refuses ../ and absolute entry names', async () => {
    for (const bad of ['../evil.py', 'pkg/../../evil.py', '/etc/cron.d/evil', 'C:\\Users\\x\\evil.py', '\\\\server\\share\\evil.py']) {
      const zip = zipSync({ 'pkg/ok.py': okFile, [bad]: okFile });
      expect(readZipDirectory(zip).ok).toBe(true);
      expect(errorOf(await loadZipRepo(zip, 'evil.zip'))).toMatch(/^Refused "evil\.zip": .*(outside the repo|absolute).*Nothing was imported\.$/);
    }
  });

  it('refuses a name that is both a file and a folder', async () => {
    const py = strToU8('x = 1\n');
    const both = zipSync({ 'x.py': py, 'x.py/y.py': py, 'ok.py': py });
    expect(errorOf(await loadZipRepo(both, 'both.zip'))).toBe(
      'Refused "both.zip": "x.py" is both a file and a folder (it holds "x.py/y.py"). Nothing was imported.',
    );
    // Under a GitHub-style top folder, deeper down, and with a sibling that sorts between the two ("x.py-a").
    const wrapped = zipSync({ 'r-main/pkg/x.py': py, 'r-main/pkg/x.py-a': py, 'r-main/pkg/x.py/deep/y.py': py });
    expect(errorOf(await loadZipRepo(wrapped, 'r-main.zip'))).toBe(
      'Refused "r-main.zip": "pkg/x.py" is both a file and a folder (it holds "pkg/x.py/deep/y.py"). Nothing was imported.',
    );
    // A directory entry alone is enough.
    const dirEntry = writeRawZip([storedEntry('x.py', py), storedEntry('x.py/', new Uint8Array(0))]);
    expect(errorOf(await loadZipRepo(dirEntry, 'dir.zip'))).toBe(
      'Refused "dir.zip": "x.py" is both a file and a folder (it holds "x.py/"). Nothing was imported.',
    );
    // Names that only share a prefix are fine.
    expect(must(await loadZipRepo(zipSync({ 'x.py': py, 'x.pyc/y.py': py, 'x/y.py': py }), 'fine.zip')).files.map((f) => f.path)).toEqual([
      'x.py',
      'x.pyc/y.py',
      'x/y.py',
    ]);
  });

  it('calls a truncated zip cut short and a non-zip not a zip', async () => {
    const zip = zipSync(stdlibPackage('json'));
    expect(errorOf(await loadZipRepo(zip.subarray(0, zip.length >> 1), 'half.zip'))).toBe(
      '"half.zip" cannot be opened as a zip: the file is cut short (its end-of-archive record is missing). Nothing was imported.',
    );
    expect(errorOf(await loadZipRepo(readFileSync(STDLIB_ZIP.replace('python_stdlib.zip', 'package.json')), 'package.zip'))).toBe(
      '"package.zip" cannot be opened as a zip: it is not a zip file. Nothing was imported.',
    );
    expect(errorOf(await loadZipRepo(new Uint8Array(5), 'tiny.zip'))).toMatch(/too short to be a zip/);
  });

  it('catches flipped bytes: in deflated data, in stored data, in the central directory', async () => {
    const json = stdlibPackage('json');
    const deflated = zipSync(json);
    const entry = readZipDirectory(deflated);
    if (!entry.ok) throw new Error(entry.error);
    const target = entry.value.find((e) => e.name === 'json/encoder.py')!;
    for (const at of [0.25, 0.5, 0.75]) {
      const flipped = deflated.slice();
      flipped[target.dataOffset + Math.floor(target.compressedSize * at)]! ^= 0x10;
      expect(errorOf(await loadZipRepo(flipped, 'flipped.zip'))).toMatch(
        /^"flipped\.zip" is corrupt: json\/encoder\.py (does not inflate|fails its checksum|is \d+ bytes)/,
      );
    }

    const stored = zipSync(json, { level: 0 });
    const s = readZipDirectory(stored);
    if (!s.ok) throw new Error(s.error);
    const storedTarget = s.value.find((e) => e.name === 'json/decoder.py')!;
    const storedFlip = stored.slice();
    storedFlip[storedTarget.dataOffset + 100]! ^= 0x01;
    expect(errorOf(await loadZipRepo(storedFlip, 's.zip'))).toBe('"s.zip" is corrupt: json/decoder.py fails its checksum. Nothing was imported.');

    const cd = deflated.slice();
    const cdStart = new DataView(cd.buffer).getUint32(cd.length - 22 + 16, true);
    cd[cdStart]! ^= 0xff;
    expect(errorOf(await loadZipRepo(cd, 'cd.zip'))).toMatch(/central directory is damaged/);
  });

  it('says an empty zip is empty and a zip of binaries has no text files', async () => {
    expect(errorOf(await loadZipRepo(zipSync({}), 'empty.zip'))).toBe('"empty.zip" is empty: it contains no files.');
    expect(errorOf(await loadZipRepo(zipSync({ 'folder/': new Uint8Array(0) }), 'dirs.zip'))).toBe('"dirs.zip" is empty: it contains no files.');
    const wasm = readFileSync(STDLIB_ZIP.replace('pyodide/python_stdlib.zip', 'web-tree-sitter/web-tree-sitter.wasm'));
    expect(errorOf(await loadZipRepo(zipSync({ 'a.wasm': new Uint8Array(wasm) }), 'bin.zip'))).toBe(
      '"bin.zip" has no text files to work on (skipped: 1 binary).',
    );
  });

  it('refuses a real zip bomb from its declared size before inflating: 50 MB of zeros in ~50 KB', async () => {
    const bomb = zipSync({ 'zeros.txt': new Uint8Array(50_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(errorOf(await loadZipRepo(bomb, 'bomb.zip', {}, { limits: { maxArchiveBytes: 10_000_000 } }))).toBe(
      '"bomb.zip" would expand to 50 MB, more than the 10 MB allowed: refused as a possible zip bomb. Nothing was imported.',
    );
    // Spread over many entries, each under the per-file limit, the total still counts.
    const many = zipSync(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`part${i}.txt`, new Uint8Array(900_000)])), { level: 9 });
    expect(errorOf(await loadZipRepo(many, 'many.zip', {}, { limits: { maxArchiveBytes: 50_000_000 } }))).toMatch(
      /would expand to 54 MB, more than the 50 MB allowed/,
    );
  });

  it('stops a bomb with forged sizes while streaming: 1 GB declared as 1 KB is cut off after one small step', async () => {
    const stream = zerosDeflateStream(1024); // inflates to 1 GiB; holding that would exhaust the test worker
    expect(stream.length).toBeLessThan(1_200_000);
    const forged = writeRawZip([storedEntry('README.md', strToU8('# hi\n')), { name: 'zeros.py', method: 8, data: stream, crc: 0, declaredSize: 1000 }]);
    expect(errorOf(await loadZipRepo(forged, 'forged.zip'))).toBe(
      '"forged.zip" is not safe to open: zeros.py expands past the 1 KB its header declares (a forged zip bomb or a damaged file). Nothing was imported.',
    );
    // Declared honestly, the same entry is refused up front.
    const honest = writeRawZip([{ name: 'zeros.py', method: 8, data: stream, crc: 0, declaredSize: 1024 * 1024 * 1024 }]);
    expect(errorOf(await loadZipRepo(honest, 'honest.zip'))).toMatch(/would expand to 1\.1 GB, more than the 200 MB allowed/);
  });

  it('refuses too many entries, encryption and unknown compression methods', async () => {
    const lots = zipSync(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${i}.py`, strToU8(`x = ${i}\n`)])));
    expect(errorOf(await loadZipRepo(lots, 'lots.zip', {}, { limits: { maxEntries: 20 } }))).toBe(
      '"lots.zip" has 30 entries, more than the limit of 20. Nothing was imported.',
    );
    const text = strToU8('x = 1\n');
    const encrypted = writeRawZip([{ ...storedEntry('a.py', text), flags: 1 }]);
    expect(errorOf(await loadZipRepo(encrypted, 'locked.zip'))).toBe('"locked.zip" has encrypted entries (a.py); unzip it first. Nothing was imported.');
    const lzma = writeRawZip([{ name: 'a.py', method: 14, data: text, crc: crc32(text), declaredSize: text.length }]);
    expect(errorOf(await loadZipRepo(lzma, 'lzma.zip'))).toBe(
      '"lzma.zip" uses compression method 14 for a.py; only stored and deflate zips are supported. Nothing was imported.',
    );
  });

  it('keeps per-file and repo limits inside zips', async () => {
    const big = new Uint8Array(DEFAULT_LIMITS.maxFileBytes + 10).fill(0x23);
    const repo = must(await loadZipRepo(zipSync({ 'a.py': strToU8('x = 1\n'), 'big.py': big }), 'big.zip'));
    expect(repo.files.map((f) => f.path)).toEqual(['a.py']);
    expect(repo.skipped).toEqual([{ path: 'big.py', reason: 'too-large', size: big.length }]);
  });
});
