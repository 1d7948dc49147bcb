import { describe, expect, it } from 'vitest';
import { commonTopFolder, isInIgnoredFolder, normalizeRepoPath, stripTopFolder } from '../../../src/core/repo/paths';

const ok = (raw: string) => {
  const r = normalizeRepoPath(raw);
  if (!r.ok) throw new Error(`expected ${raw} to be accepted: ${r.error}`);
  return r.value;
};
const refused = (raw: string) => {
  const r = normalizeRepoPath(raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${r.value}`);
  return r.error;
};

describe('normalizeRepoPath', () => {
  it('keeps POSIX relative paths and tidies separators', () => {
    expect(ok('json/decoder.py')).toBe('json/decoder.py');
    expect(ok('src\\pkg\\mod.py')).toBe('src/pkg/mod.py');
    expect(ok('./a//b/./c.py')).toBe('a/b/c.py');
    expect(ok('dir/')).toBe('dir');
    expect(ok('...py')).toBe('...py');
    expect(ok('a/..b/c')).toBe('a/..b/c');
  });

  it('refuses parent segments anywhere, even ones that would stay inside the root', () => {
    expect(refused('../evil.py')).toMatch(/outside the repo/);
    expect(refused('a/../../evil.py')).toMatch(/outside/);
    expect(refused('a/../b.py')).toMatch(/".."/);
    expect(refused('a\\..\\..\\b.py')).toMatch(/outside/);
  });

  it('refuses absolute POSIX, Windows drive and UNC paths', () => {
    expect(refused('/etc/passwd')).toMatch(/absolute path/);
    expect(refused('C:\\Windows\\x.py')).toMatch(/absolute Windows path/);
    expect(refused('c:relative.py')).toMatch(/Windows/);
    expect(refused('\\\\server\\share\\x.py')).toMatch(/absolute/);
  });

  it('refuses NUL bytes and empty names', () => {
    expect(refused('a\0b.py')).toMatch(/NUL/);
    expect(refused('')).toMatch(/empty name/);
    expect(refused('./')).toMatch(/empty name/);
  });
});

describe('top folder and ignored folders', () => {
  it('finds a single folder shared by every path, ignoring __MACOSX beside it', () => {
    expect(commonTopFolder(['proj-main/a.py', 'proj-main/pkg/b.py'])).toBe('proj-main');
    expect(commonTopFolder(['proj/a.py', '__MACOSX/proj/._a.py'])).toBe('proj');
    expect(commonTopFolder(['proj/a.py', 'README.md'])).toBeNull();
    expect(commonTopFolder(['a/x.py', 'b/y.py'])).toBeNull();
    expect(commonTopFolder(['lone.py'])).toBeNull();
    expect(stripTopFolder('proj/pkg/b.py', 'proj')).toBe('pkg/b.py');
    expect(stripTopFolder('__MACOSX/proj/._a.py', 'proj')).toBe('__MACOSX/proj/._a.py');
  });

  it('matches ignored folder names as folders, not as file names', () => {
    expect(isInIgnoredFolder('.git/config')).toBe(true);
    expect(isInIgnoredFolder('web/node_modules/react/index.js')).toBe(true);
    expect(isInIgnoredFolder('pkg/__pycache__/m.cpython-311.pyc')).toBe(true);
    expect(isInIgnoredFolder('node_modules')).toBe(false);
    expect(isInIgnoredFolder('venv/__init__.py')).toBe(false); // CPython's own venv package
    expect(isInIgnoredFolder('gitignore/.git_helpers.py')).toBe(false);
  });
});
