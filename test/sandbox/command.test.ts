import { describe, expect, test } from 'vitest';
import { tokenizeCommand } from '../../src/sandbox/command-line';
import { parsePythonCommand } from '../../src/sandbox/python-command';
import { toFileSystemTree } from '../../src/sandbox/fs-tree';
import { normaliseWorkspacePath, workspaceSlug } from '../../src/sandbox/workspace-paths';

describe('tokenizeCommand', () => {
  test('splits words as a POSIX shell does for quotes and escapes', () => {
    expect(tokenizeCommand(`python -c 'print("a  b")' x\\ y "q \\"z\\" \\$HOME" ''`)).toEqual({
      ok: true,
      words: ['python', '-c', 'print("a  b")', 'x y', 'q "z" $HOME', ''],
    });
    expect(tokenizeCommand('  a\tb  ')).toEqual({ ok: true, words: ['a', 'b'] });
  });

  test('reports operators and unterminated quotes instead of running something else', () => {
    expect(tokenizeCommand('python a.py | grep x')).toMatchObject({ ok: false, error: expect.stringContaining("'|'") });
    expect(tokenizeCommand('python a.py > out.txt')).toMatchObject({ ok: false, error: expect.stringContaining("'>'") });
    expect(tokenizeCommand('python a.py && ls')).toMatchObject({ ok: false, error: expect.stringContaining("'&&'") });
    expect(tokenizeCommand("python -c 'oops")).toEqual({ ok: false, error: 'unterminated single quote' });
    expect(tokenizeCommand('python -c "oops')).toEqual({ ok: false, error: 'unterminated double quote' });
    // Quoted, they are just text.
    expect(tokenizeCommand(`python -c "print(1 > 0 and 2 | 1)"`)).toEqual({ ok: true, words: ['python', '-c', 'print(1 > 0 and 2 | 1)'] });
  });
});

describe('parsePythonCommand', () => {
  test('file, -c and -m forms, with interpreter options before them and argv after', () => {
    expect(parsePythonCommand('python3 -u -W ignore main.py -c x')).toEqual({ ok: true, invocation: { mode: 'file', file: 'main.py', args: ['-c', 'x'] } });
    expect(parsePythonCommand(`python -c 'print(1)' a b`)).toEqual({ ok: true, invocation: { mode: 'code', code: 'print(1)', args: ['a', 'b'] } });
    expect(parsePythonCommand('python -munittest -v')).toEqual({ ok: true, invocation: { mode: 'module', module: 'unittest', args: ['-v'] } });
    expect(parsePythonCommand('/usr/bin/python3.14 -m unittest discover -s tests')).toEqual({
      ok: true,
      invocation: { mode: 'module', module: 'unittest', args: ['discover', '-s', 'tests'] },
    });
    expect(parsePythonCommand('python -V')).toEqual({ ok: true, invocation: { mode: 'version' } });
  });

  test('errors say what is possible, with the exit code a shell would give', () => {
    expect(parsePythonCommand('node x.js')).toMatchObject({ ok: false, exitCode: 127, error: expect.stringContaining('node: command not found') });
    expect(parsePythonCommand('python')).toMatchObject({ ok: false, exitCode: 2, error: expect.stringContaining('interactive') });
    expect(parsePythonCommand('python -c')).toMatchObject({ ok: false, exitCode: 2, error: 'Argument expected for the -c option' });
    expect(parsePythonCommand('python --frobnicate x.py')).toMatchObject({ ok: false, exitCode: 2, error: 'Unknown option: --frobnicate' });
    expect(parsePythonCommand('pythonista x.py')).toMatchObject({ ok: false, exitCode: 127 });
  });
});

describe('workspace paths', () => {
  test('normalise inside the workspace and refuse to leave it', () => {
    expect(normaliseWorkspacePath('./a//b/./c.py')).toBe('a/b/c.py');
    expect(normaliseWorkspacePath('a\\b.py')).toBe('a/b.py');
    expect(normaliseWorkspacePath('../etc/passwd')).toBeNull();
    expect(normaliseWorkspacePath('a/../../b')).toBeNull();
    expect(workspaceSlug('psf/requests')).toBe('requests');
    expect(workspaceSlug('my repo!')).toBe('my-repo-');
    expect(workspaceSlug(undefined)).toBe('repo');
  });

  test('toFileSystemTree nests folders and skips paths no file system can hold', () => {
    const { tree, skipped } = toFileSystemTree([
      { path: 'package.json', text: '{}' },
      { path: 'src/lib/a.js', text: 'a' },
      { path: 'src/b.js', text: 'b' },
      { path: 'src/b.js/c.js', text: 'under a file' },
      { path: '../out.js', text: 'outside' },
    ]);
    expect(tree).toEqual({
      'package.json': { file: { contents: '{}' } },
      src: { directory: { lib: { directory: { 'a.js': { file: { contents: 'a' } } } }, 'b.js': { file: { contents: 'b' } } } },
    });
    expect(skipped).toEqual(['src/b.js/c.js', '../out.js']);
  });
});
