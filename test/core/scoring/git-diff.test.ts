import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addedLines, applyFilePatch, mapOldLine, parseGitDiff, patchPath } from '../../../src/core/scoring/git-diff';

/** Real `git diff` output for edge cases: made by git in a temp repo, then parsed and re-applied by us. */
let repo: string;
function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo } }).toString();
}
const BEFORE: Record<string, string> = {
  'a.py': 'x = 1\ny = 2\nz = 3\n',
  'no_newline.py': 'def f():\n    return 1',
  'gone.py': 'print("bye")\n',
  'dashes.py': '-- not a header\n++ neither\nkeep = 1\n',
  'dir with space/s.py': 's = 1\n',
};
const AFTER: Record<string, string> = {
  'a.py': '# head\nx = 1\nz = 3\n# tail\n',
  'no_newline.py': 'def f():\n    """Doc."""\n    return 1',
  'new.py': 'print("hi")\n',
  'dashes.py': '++ added\n--- removed? no, added\nkeep = 1\n',
  'dir with space/s.py': 's = 2\n',
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'hgym-diff-'));
  git('init', '-q');
  for (const [p, t] of Object.entries(BEFORE)) {
    execFileSync('mkdir', ['-p', join(repo, p, '..')]);
    writeFileSync(join(repo, p), t);
  }
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'start');
  rmSync(join(repo, 'gone.py'));
  for (const [p, t] of Object.entries(AFTER)) writeFileSync(join(repo, p), t);
  git('add', '-A');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('parseGitDiff on real git output', () => {
  it('reads every file with its status and re-applies to the same text', () => {
    const patch = git('diff', '--no-color', '--cached');
    const parsed = parseGitDiff(patch);
    expect(parsed.warnings).toEqual([]);
    const byPath = new Map(parsed.files.map((f) => [patchPath(f), f]));
    expect([...byPath.keys()].sort()).toEqual(['a.py', 'dashes.py', 'dir with space/s.py', 'gone.py', 'new.py', 'no_newline.py']);
    expect(byPath.get('new.py')!.status).toBe('added');
    expect(byPath.get('gone.py')!.status).toBe('deleted');
    for (const f of parsed.files) {
      const before = f.oldPath === null ? '' : BEFORE[f.oldPath]!;
      const applied = applyFilePatch(before, f);
      expect(applied.ok && applied.text, patchPath(f)).toBe(f.newPath === null ? '' : readFileSync(join(repo, f.newPath), 'utf8'));
    }
  });

  it('reads lines starting with ++ / -- inside a hunk as added / removed lines (by the hunk counts)', () => {
    const f = parseGitDiff(git('diff', '--no-color', '--cached', '--', 'dashes.py')).files[0]!;
    expect(addedLines(f).map((l) => [l.newLine, l.text])).toEqual([
      [1, '++ added'],
      [2, '--- removed? no, added'],
    ]);
  });

  it('numbers lines on both sides and maps old lines through the hunks', () => {
    const f = parseGitDiff(git('diff', '--no-color', '--cached', '-U0', '--', 'a.py')).files[0]!;
    // a.py: "# head" added before line 1, line 2 removed, "# tail" appended
    expect(mapOldLine(f, 1)).toBe(2);
    expect(mapOldLine(f, 2)).toBeNull();
    expect(mapOldLine(f, 3)).toBe(3);
    expect(addedLines(f).map((l) => l.newLine)).toEqual([1, 4]);
  });

  it('refuses a hunk whose context does not match, with a message naming the file and line', () => {
    const f = parseGitDiff(git('diff', '--no-color', '--cached', '--', 'a.py')).files[0]!;
    const r = applyFilePatch('x = 1\nchanged\nz = 3\n', f);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^a\.py: hunk 1 does not apply at line 2/);
  });
});
