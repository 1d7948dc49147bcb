import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRepoFolder } from '../../src/node/repo-folder';
import { FIXTURES } from '../core/episode/toy-shop';

/**
 * A repo folder read by the CLI never follows a symbolic link: `pkg/config.py -> ../outside-secret.txt` would put
 * a file from outside the repo into the workspace, in front of a player and of a model endpoint.
 */

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/hgym.mjs');
const SECRET = 'TOP-SECRET-8c1f2e';
let tmp: string;
let repo: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hgym-links-'));
  writeFileSync(join(tmp, 'outside-secret.txt'), `KEY = "${SECRET}"\n`);
  mkdirSync(join(tmp, 'outside-dir'));
  writeFileSync(join(tmp, 'outside-dir', 'leak.py'), `KEY = "${SECRET}"\n`);
  repo = join(tmp, 'repo');
  mkdirSync(join(repo, 'pkg'), { recursive: true });
  writeFileSync(join(repo, 'pkg', '__init__.py'), '');
  writeFileSync(join(repo, 'pkg', 'real.py'), 'def f():\n    """Doc."""\n    return 1\n');
  symlinkSync('../../outside-secret.txt', join(repo, 'pkg', 'config.py')); // a file link out of the root
  symlinkSync('../outside-dir', join(repo, 'vendor')); // a folder link out of the root
  symlinkSync('real.py', join(repo, 'pkg', 'alias.py')); // inside the root: still not followed (one simple rule)
  symlinkSync('nowhere.py', join(repo, 'broken.py')); // dangling
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function hgym(args: string[], input = ''): { stdout: string; stderr: string; code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

describe('symbolic links in a repo folder', () => {
  it('are skipped and counted, file links and folder links alike', async () => {
    const { files, repo: loaded } = await readRepoFolder(repo);
    expect(files.map((f) => f.path)).toEqual(['pkg/__init__.py', 'pkg/real.py']);
    expect(files.some((f) => f.text.includes(SECRET))).toBe(false);
    expect(loaded.skipped).toEqual([
      { path: 'broken.py', reason: 'symlink', size: 0 },
      { path: 'pkg/alias.py', reason: 'symlink', size: 0 },
      { path: 'pkg/config.py', reason: 'symlink', size: 0 },
      { path: 'vendor', reason: 'symlink', size: 0 },
    ]);
  });

  it('hgym index and hgym deps say how many were not followed', () => {
    const index = hgym(['index', repo]);
    expect(index.code, index.stderr).toBe(0);
    expect(index.stdout).toContain(`${repo}: not read: 4 symbolic links (not followed)`);
    expect(index.stdout).toMatch(/^files\s+2 /m);
    const deps = hgym(['deps', repo]);
    expect(deps.code).toBe(0);
    expect(deps.stderr).toContain('not read: 4 symbolic links (not followed)');
  });

  it('keep the outside file out of a played workspace', () => {
    const instances = join(tmp, 'dep.jsonl');
    const gen = hgym(['generate', repo, '--task', 'func-localize', '--n', '1', '--out', instances]);
    expect(gen.code, gen.stderr).toBe(0);
    const id = JSON.parse(readFileSync(instances, 'utf8').split('\n')[0]!).instance_id as string;
    const r = hgym(['play', repo, '--instances', instances, '--id', id], 'cat pkg/config.py\nls vendor\ngrep -rn TOP-SECRET .\nquit\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('cat: pkg/config.py: No such file or directory');
    expect(r.stdout).not.toContain(SECRET);
  });

  it('are not read through by the strict scorer either', () => {
    // The toy-shop fixture's scoring cases, with the repo's files replaced by links to the real ones.
    const linked = join(tmp, 'linked-toy');
    mkdirSync(linked);
    symlinkSync(resolve(FIXTURES, 'toy-shop/shop'), join(linked, 'shop'));
    const r = hgym([
      'score',
      '--instances',
      `${FIXTURES}/scoring/func-localize.instances.jsonl`,
      '--results',
      `${FIXTURES}/scoring/func-localize.results.jsonl`,
      '--format',
      'jsonl',
      '--repo',
      linked,
    ]);
    const strict = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).strict);
    expect(strict.length).toBeGreaterThan(0);
    // With the files unreadable, no patch passes the parser check.
    expect(strict.every((s: { success?: boolean } | null) => !s?.success)).toBe(true);
  });
});
