import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A file nested too deep for the index's walk is left out by name; the rest of the repo indexes (real CLI). */

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/hgym.mjs');
let repo: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'hgym-deep-'));
  mkdirSync(join(repo, 'a'));
  writeFileSync(join(repo, 'a', 'b.py'), 'x = ' + '('.repeat(2000) + '1' + ')'.repeat(2000) + '\n');
  writeFileSync(join(repo, 'arrays.js'), 'const a = ' + '['.repeat(50_000) + ']'.repeat(50_000) + ';\n');
  writeFileSync(join(repo, 'ok.py'), 'def f():\n    """Add one."""\n    return g() + 1\n\n\ndef g():\n    """One."""\n    return 1\n');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const hgym = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('a deeply nested file in a repo folder', () => {
  it('hgym index names it and indexes the rest', () => {
    const r = hgym(['index', repo]);
    expect(r.status, r.stderr).toBe(0);
    // In the folder walk's order: a folder's files, then its subfolders.
    expect(r.stdout).toContain('2 files too deeply nested to index: arrays.js, a/b.py');
    expect(r.stdout).toMatch(/^files\s+1 \(0 with parse errors, 2 skipped\)/m);
    expect(r.stdout).toMatch(/^resolved\s+1 /m);
  });

  it('hgym generate still makes instances from the other files', () => {
    const r = hgym(['generate', repo, '--task', 'func-localize', '--n', '5']);
    expect(r.status, r.stderr).toBe(0);
    // Tasks come from Python: only the Python grammar is loaded, so the JS file is not even parsed.
    expect(r.stderr).toContain('1 file too deeply nested to index: a/b.py');
    expect(r.stdout.split('\n').filter(Boolean).length).toBe(2);
  });
});
