import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../src/core/episode/workspace';
import { WorkspacePaths } from '../../../src/core/episode/workspace-paths';

function workspace(): Workspace {
  return new Workspace(
    new Map([
      ['pkg/__init__.py', ''],
      ['pkg/a.py', 'def a():\n    return 1\n'],
      ['pkg/sub/b.py', 'B = 2\n'],
      ['README.md', '# demo\n'],
    ]),
  );
}

describe('Workspace: a copy-on-write layer over the start state', () => {
  it('reads through to the start state and derives folders from file paths', () => {
    const ws = workspace();
    expect(ws.read('pkg/a.py')).toBe('def a():\n    return 1\n');
    expect(ws.isDir('pkg')).toBe(true);
    expect(ws.isDir('pkg/sub')).toBe(true);
    expect(ws.isDir('pkg/a.py')).toBe(false);
    expect(ws.isDir('')).toBe(true);
    expect(ws.exists('nope')).toBe(false);
    expect(ws.list('')).toEqual([
      { name: 'README.md', kind: 'file' },
      { name: 'pkg', kind: 'dir' },
    ]);
    expect(ws.list('pkg')).toEqual([
      { name: '__init__.py', kind: 'file' },
      { name: 'a.py', kind: 'file' },
      { name: 'sub', kind: 'dir' },
    ]);
    expect(ws.list('missing')).toEqual([]);
  });

  it('keeps only the changes, and a change written back to the start text disappears', () => {
    const start = new Map([['a.py', 'x\n']]);
    const ws = new Workspace(start);
    ws.write('a.py', 'y\n');
    ws.write('new/dir/c.py', 'c\n');
    expect(start.get('a.py')).toBe('x\n');
    expect(ws.isDir('new/dir')).toBe(true);
    expect(ws.changedFiles()).toEqual([
      { path: 'a.py', before: 'x\n', after: 'y\n' },
      { path: 'new/dir/c.py', before: null, after: 'c\n' },
    ]);
    ws.write('a.py', 'x\n');
    ws.remove('new/dir/c.py');
    expect(ws.changedFiles()).toEqual([]);
    expect(ws.isDir('new')).toBe(false);
    expect(ws.diff()).toBe('');
  });

  it('records deletions and lets a deleted file be written again', () => {
    const ws = workspace();
    ws.remove('pkg/sub/b.py');
    expect(ws.isFile('pkg/sub/b.py')).toBe(false);
    expect(ws.isDir('pkg/sub')).toBe(false);
    expect(ws.changedFiles()).toEqual([{ path: 'pkg/sub/b.py', before: 'B = 2\n', after: null }]);
    expect(ws.diff()).toContain('deleted file mode 100644');
    ws.write('pkg/sub/b.py', 'B = 3\n');
    expect(ws.changedFiles()).toEqual([{ path: 'pkg/sub/b.py', before: 'B = 2\n', after: 'B = 3\n' }]);
  });

  it('saves and re-applies its overlay as plain JSON', () => {
    const ws = workspace();
    ws.write('pkg/a.py', 'def a():\n    """A."""\n    return 1\n');
    ws.remove('README.md');
    ws.write('notes.txt', 'n\n');
    const saved = JSON.parse(JSON.stringify(ws.overlay()));
    const again = workspace();
    again.applyOverlay(saved);
    expect(again.diff()).toBe(ws.diff());
    expect(again.files()).toEqual(ws.files());
  });
});

describe('WorkspacePaths', () => {
  const paths = new WorkspacePaths('/workspace/o__r__12345678');
  it('maps absolute and relative paths into the repo and refuses to leave it', () => {
    expect(paths.resolve('/workspace/o__r__12345678/pkg/a.py')).toEqual({ ok: true, rel: 'pkg/a.py' });
    expect(paths.resolve('/workspace/o__r__12345678')).toEqual({ ok: true, rel: '' });
    expect(paths.resolve('a.py', 'pkg')).toEqual({ ok: true, rel: 'pkg/a.py' });
    expect(paths.resolve('../README.md', 'pkg')).toEqual({ ok: true, rel: 'README.md' });
    expect(paths.resolve('./sub/../a.py', 'pkg')).toEqual({ ok: true, rel: 'pkg/a.py' });
    expect(paths.resolve('../..', 'pkg').ok).toBe(false);
    expect(paths.resolve('/workspace/o__r__12345678/../x').ok).toBe(false);
    expect(paths.resolve('/workspace/o__r__123456789/x').ok).toBe(false);
    expect(paths.resolve('/etc/passwd').ok).toBe(false);
    expect(paths.absolute('pkg/a.py')).toBe('/workspace/o__r__12345678/pkg/a.py');
  });
});
