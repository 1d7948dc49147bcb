import { describe, expect, it } from 'vitest';
import { INVERSE, terminalSafe, terminalStream } from '../../../src/core/display/terminal-text';

describe('terminalSafe', () => {
  it('shows C0 controls, DEL and C1 controls as \\xHH', () => {
    expect(terminalSafe('\x1b]0;TITLE\x07\x1b[2J.py')).toBe('\\x1b]0;TITLE\\x07\\x1b[2J.py');
    expect(terminalSafe('a\x00b\x08c\x0bd\x0ce\x7ff\x80g\x9bh\x9fi')).toBe('a\\x00b\\x08c\\x0bd\\x0ce\\x7ff\\x80g\\x9bh\\x9fi');
    for (let c = 0; c < 0xa0; c++) {
      const ch = String.fromCharCode(c);
      const kept = ch === '\n' || ch === '\t' || (c >= 0x20 && c < 0x7f);
      expect(terminalSafe(ch), `U+${c.toString(16)}`).toBe(kept ? ch : `\\x${c.toString(16).padStart(2, '0')}`);
    }
  });

  it('keeps newlines, tabs, CRLF line ends and everything printable', () => {
    const text = 'def f():\r\n\treturn "é ü \u00a0 漢字 😀"\n';
    expect(terminalSafe(text)).toBe(text);
    // A lone CR would return to the line start and hide what came before it.
    expect(terminalSafe('rm -rf /\rls')).toBe('rm -rf /\\x0dls');
  });

  it('marks each escape when asked (inverse video in a terminal)', () => {
    expect(terminalSafe('a\x1bb', INVERSE)).toBe('a\x1b[7m\\x1b\x1b[27mb');
  });
});

describe('terminalStream', () => {
  it('escapes chunk by chunk, keeping a CRLF split across chunks', () => {
    const s = terminalStream();
    expect([s.push('line\r'), s.push('\nnext\x1b[2J\r'), s.push('x'), s.push('end\r'), s.end()]).toEqual([
      'line',
      '\r\nnext\\x1b[2J',
      '\\x0dx',
      'end',
      '\\x0d',
    ]);
  });
});
