import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileChange } from '../../../src/core/episode/diff/git-diff';

/**
 * What real git prints for a set of changes, taken as the authors' harness takes it: the start state committed in a
 * fresh repository, the changes written, `git add -A`, `git diff --no-color --cached`. One repository per call, so
 * hundreds of file changes cost one git run.
 */
export function realGitDiff(changes: readonly FileChange[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hgym-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'core.autocrlf=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, LC_ALL: 'C' },
    });
  try {
    git('init', '-q');
    const put = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    for (const c of changes) if (c.before !== null) put(c.path, c.before);
    writeFileSync(join(dir, '.keep-for-empty-commit'), '');
    git('add', '-A');
    git('commit', '-qm', 'start');
    for (const c of changes) {
      if (c.after === null) unlinkSync(join(dir, c.path));
      else put(c.path, c.after);
    }
    git('add', '-A');
    return git('diff', '--no-color', '--cached');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small seeded generator (the tests must be reproducible). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}
