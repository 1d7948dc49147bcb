import { describe, expect, test } from 'vitest';
import { InterruptChannel } from '../../src/sandbox/python-protocol';

/** The byte Pyodide polls, as the engine would see it at the moment it checks. */
const flag = (c: InterruptChannel) => new Uint8Array(c.buffer)[0];

describe('InterruptChannel', () => {
  test('an interrupt for the program posted sets SIGINT, even before the engine has started it', () => {
    const c = new InterruptChannel();
    c.sent({ type: 'exec', id: 1, invocation: { mode: 'code', code: 'pass', args: [] } });
    c.interrupt(1);
    expect(flag(c)).toBe(2);
  });

  test('an interrupt that comes as a program ended does not stop the next one', () => {
    const c = new InterruptChannel();
    c.sent({ type: 'exec', id: 1, invocation: { mode: 'code', code: 'pass', args: [] } });
    c.interrupt(1);
    c.received({ type: 'done', id: 1, exitCode: 0, changes: [] });
    expect(flag(c)).toBe(0);
    c.interrupt(1);
    expect(flag(c)).toBe(0);
    c.sent({ type: 'exec', id: 2, invocation: { mode: 'code', code: 'pass', args: [] } });
    expect(flag(c)).toBe(0);
  });

  test('init carries the buffer to the engine', () => {
    const c = new InterruptChannel();
    const m = c.sent({ type: 'init', indexURL: '/p/', root: '/workspace/x', files: [] });
    expect(m.type === 'init' && m.interrupt).toBe(c.buffer);
  });
});
