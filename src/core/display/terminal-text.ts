/**
 * Text for a terminal: repo contents, file names, tool output and model output are data, and a terminal obeys the
 * control characters in data (`\x1b]0;TITLE\x07` retitles the window, `\x1b[2J` clears the screen, others move the
 * cursor over earlier output). So every control character is shown escaped, as `\xHH` (its code point in hex):
 * the C0 controls, DEL and the C1 controls (U+0080–U+009F, which terminals also obey). Kept as they are: newline,
 * tab, and a carriage return directly before a newline (CRLF files).
 *
 * Where this belongs: only where text meets a terminal, never upstream. Tool observations, trajectories, records and
 * what a model is sent keep the text exactly as it is (a model must see the real bytes of a file; a trajectory
 * replays what happened), so the escaping is done by the two terminal views, `hgym play` (src/node/play-cli.ts)
 * and the page's xterm.js terminal (src/ui/common/Terminal.tsx), and by the CLI lines that name repo files. Their
 * own escape sequences (the page's prompt and colours) are added after escaping, so they keep working.
 *
 * `mark` wraps each escape, so it can be told from the same four characters typed literally in a file (`'\x1b'` in
 * Python source): the terminals pass inverse video (INVERSE below); logs that are not terminals pass nothing.
 */

// eslint-disable-next-line no-control-regex -- the control characters are what it escapes
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;

/** Inverse video around each escape, for a real terminal. */
export const INVERSE = (escaped: string): string => `\x1b[7m${escaped}\x1b[27m`;

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `text` with every control character but newline, tab and CRLF's CR shown as `\xHH` (each passed through `mark`). */
export function terminalSafe(text: string, mark?: (escaped: string) => string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL, mark ? (c) => mark(hex(c)) : hex);
}

/**
 * terminalSafe for output that arrives in chunks (a running program's stdout): a CR at the end of a chunk waits for
 * the next one, so a CRLF split across two chunks is still a line end, not an escaped `\x0d`.
 */
export function terminalStream(mark?: (escaped: string) => string): { push(chunk: string): string; end(): string } {
  let held = '';
  return {
    push(chunk) {
      const text = held + chunk;
      held = text.endsWith('\r') ? '\r' : '';
      return terminalSafe(held ? text.slice(0, -1) : text, mark);
    },
    end() {
      const rest = held;
      held = '';
      return terminalSafe(rest, mark);
    },
  };
}
