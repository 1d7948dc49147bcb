import { describe, expect, test } from 'vitest';
import { commandForKey, PLAY_COMMANDS, type KeyLike } from '../../../src/ui/play/play-commands';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('the Play screen commands', () => {
  test('each key press means at most one command, and each command has its own keys', () => {
    const presses = [
      key('p', { ctrlKey: true }),
      key('P', { ctrlKey: true, shiftKey: true }),
      key('F', { metaKey: true, shiftKey: true }),
      key('s', { ctrlKey: true }),
      key('Enter', { metaKey: true }),
      key('?', { shiftKey: true }),
    ];
    for (const e of presses) expect(PLAY_COMMANDS.filter((c) => c.matches(e)).length).toBe(1);
    expect(new Set(PLAY_COMMANDS.map((c) => c.keys)).size).toBe(PLAY_COMMANDS.length);
  });

  test('Ctrl and Cmd combinations work while typing; plain keys are text there', () => {
    expect(commandForKey(key('p', { ctrlKey: true }), true)?.id).toBe('open-file');
    expect(commandForKey(key('P', { metaKey: true, shiftKey: true }), true)?.id).toBe('pause');
    expect(commandForKey(key('Enter', { ctrlKey: true }), true)?.id).toBe('submit');
    expect(commandForKey(key('?', { shiftKey: true }), true)).toBeUndefined();
    expect(commandForKey(key('?', { shiftKey: true }), false)?.id).toBe('shortcuts');
  });

  test('keys without a command, or with Alt, are left to the browser', () => {
    expect(commandForKey(key('p'), false)).toBeUndefined();
    expect(commandForKey(key('p', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
    expect(commandForKey(key('x', { ctrlKey: true }), false)).toBeUndefined();
  });
});
