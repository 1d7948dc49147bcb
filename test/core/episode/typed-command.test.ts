import { describe, expect, it } from 'vitest';
import { blockLine, parseTypedCommand } from '../../../src/core/episode/typed-command';

describe('typed terminal commands become tool calls of the registry', () => {
  it('sends anything that is not a tool word to the shell, untouched', () => {
    expect(parseTypedCommand('  grep -rn "def view" .  ')).toEqual({
      kind: 'action',
      action: { tool: 'execute_bash', args: { command: 'grep -rn "def view" .' } },
    });
    expect(parseTypedCommand('viewer x')).toEqual({ kind: 'action', action: { tool: 'execute_bash', args: { command: 'viewer x' } } });
    expect(parseTypedCommand('   ')).toEqual({ kind: 'empty' });
  });

  it('maps the editor words, with quoting for odd paths', () => {
    expect(parseTypedCommand('view "my dir/a.py" 3 9')).toEqual({
      kind: 'action',
      action: { tool: 'str_replace_editor', args: { command: 'view', path: 'my dir/a.py', view_range: [3, 9] } },
    });
    expect(parseTypedCommand('view a.py 3 -1')).toMatchObject({ action: { args: { view_range: [3, -1] } } });
    expect(parseTypedCommand('undo a.py')).toEqual({ kind: 'action', action: { tool: 'str_replace_editor', args: { command: 'undo_edit', path: 'a.py' } } });
    expect(parseTypedCommand('think it is in util')).toEqual({ kind: 'action', action: { tool: 'think', args: { thought: 'it is in util' } } });
    expect(parseTypedCommand('submit')).toEqual({ kind: 'action', action: { tool: 'submit', args: {} } });
    for (const bad of ['view', 'view a.py 3', 'view a.py x y', 'insert a.py', 'insert a.py top', 'str_replace', 'undo a b', 'think']) {
      expect(parseTypedCommand(bad).kind, bad).toBe('usage');
    }
  });

  it('asks for text blocks and builds the edit from them', () => {
    const t = parseTypedCommand('insert pkg/a.py 0');
    expect(t.kind).toBe('blocks');
    if (t.kind !== 'blocks') return;
    expect(t.prompts).toEqual(['text to insert']);
    expect(t.build(['# a\n# b'])).toEqual({ tool: 'str_replace_editor', args: { command: 'insert', path: 'pkg/a.py', insert_line: 0, new_str: '# a\n# b' } });
    const c = parseTypedCommand('create new.py');
    if (c.kind !== 'blocks') throw new Error('expected blocks');
    expect(c.build(['x = 1'])).toMatchObject({ args: { file_text: 'x = 1\n' } });
  });

  it('ends a block at a lone "." and reads ".." as a literal dot line', () => {
    const acc: string[] = [];
    expect(blockLine(acc, 'a')).toBeNull();
    expect(blockLine(acc, '..')).toBeNull();
    expect(blockLine(acc, ' .')).toBeNull();
    expect(blockLine(acc, '.')).toBe('a\n.\n .');
  });

  it('knows the commands that are not steps', () => {
    for (const name of ['help', 'diff', 'status', 'pause', 'resume', 'quit'] as const) expect(parseTypedCommand(name)).toEqual({ kind: 'meta', name });
    expect(parseTypedCommand('exit')).toEqual({ kind: 'meta', name: 'quit' });
    expect(parseTypedCommand('diff a b')).toMatchObject({ kind: 'action', action: { tool: 'execute_bash' } });
  });
});
