import { FitAddon } from '@xterm/addon-fit';
import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { INVERSE, terminalSafe, terminalStream } from '../../core/display/terminal-text';

export interface TerminalProps {
  /** Shown before each command, e.g. `/workspace/x $ `. */
  prompt: () => string;
  /** Runs a command line; what it resolves to is printed. Streaming output goes through `write` below. */
  run(line: string, write: (text: string) => void): Promise<string>;
  /** Set when a command cannot run now (episode over): typing is refused with this message. */
  disabledReason?: string | null;
  label?: string;
  /**
   * Output that does not come from typing (a model's shell steps): called once with a writer that prints above
   * the prompt, `heading` (e.g. the model's command) highlighted on the line before; returns a detach function.
   */
  attach?: (write: (text: string, heading?: string) => void) => () => void;
}

const toCrlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
/**
 * Everything given to this terminal is data (file names and contents, tool and model output, the working folder in
 * the prompt): its control characters are shown escaped (core/display/terminal-text.ts). The only escape
 * sequences xterm receives are this component's own: colours, cursor moves, line editing.
 */
const show = (s: string) => toCrlf(terminalSafe(s, INVERSE));

/**
 * An xterm.js terminal with line editing (left/right, Home/End, Backspace, Delete), history (Up/Down), Ctrl+C to
 * drop the line and Ctrl+L to clear. The commands go to `run`: nothing executes in the page.
 */
export function Terminal({ prompt, run, disabledReason, label = 'Terminal', attach }: TerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const props = useRef({ prompt, run, disabledReason, attach });
  useLayoutEffect(() => {
    props.current = { prompt, run, disabledReason, attach };
  });

  useEffect(() => {
    const css = getComputedStyle(document.documentElement);
    const v = (name: string) => css.getPropertyValue(name).trim();
    const term = new XTerm({
      convertEol: false,
      cursorBlink: true,
      fontFamily: v('--font-mono') || 'monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: { background: v('--surface'), foreground: v('--text'), cursor: v('--accent'), selectionBackground: v('--accent-soft') },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    term.textarea?.setAttribute('aria-label', label);
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    refit();
    const ro = new ResizeObserver(refit);
    ro.observe(host.current!);

    let line = '';
    let cursor = 0;
    let busy = false;
    const historyLines: string[] = [];
    let historyAt = 0;
    /** Row of the cursor, counted from the input's first row (a long line wraps over several rows). */
    let cursorRow = 0;
    /** Erases the prompt and the input, however many rows they wrapped onto; the cursor ends at their start. */
    const clearInput = () => {
      if (cursorRow > 0) term.write(`\x1b[${cursorRow}A`);
      term.write('\r\x1b[J');
      cursorRow = 0;
    };
    const redraw = () => {
      clearInput();
      // Escaped without marks: its length is then the width it takes.
      const p = terminalSafe(props.current.prompt());
      term.write(p + line);
      const cols = Math.max(1, term.cols);
      const total = p.length + line.length;
      // After writing up to the last column the cursor waits there (pending wrap), still on that row.
      const endRow = total > 0 && total % cols === 0 ? total / cols - 1 : Math.floor(total / cols);
      if (cursor === line.length) {
        cursorRow = endRow;
        return;
      }
      const at = p.length + cursor;
      const row = Math.floor(at / cols);
      if (endRow > row) term.write(`\x1b[${endRow - row}A`);
      term.write(`\x1b[${(at % cols) + 1}G`);
      cursorRow = row;
    };
    const showPrompt = () => {
      line = '';
      cursor = 0;
      cursorRow = 0;
      term.write(terminalSafe(props.current.prompt()));
    };
    term.writeln('\x1b[2mType shell commands (ls, cat, grep -rn, find, head, sed -n ...). `help` lists them.\x1b[0m');
    showPrompt();
    const detach = props.current.attach?.((text, heading) => {
      // Printed on its own lines, then the prompt and what was being typed come back.
      clearInput();
      if (heading !== undefined) term.write(`\x1b[36m${show(heading)}\x1b[0m\r\n`);
      term.write(show(text.endsWith('\n') ? text : `${text}\n`));
      redraw();
    });

    const sub = term.onData(async (data) => {
      if (busy) return;
      if (data === '\r') {
        const cmd = line;
        cursor = line.length;
        redraw();
        term.write('\r\n');
        cursorRow = 0;
        if (!cmd.trim()) return showPrompt();
        historyLines.push(cmd);
        historyAt = historyLines.length;
        if (props.current.disabledReason) {
          term.writeln(show(props.current.disabledReason));
          return showPrompt();
        }
        busy = true;
        const stream = terminalStream(INVERSE);
        try {
          const out = await props.current.run(cmd, (chunk) => term.write(toCrlf(stream.push(chunk))));
          term.write(toCrlf(stream.end()));
          if (out) term.write(show(out.endsWith('\n') ? out : `${out}\n`));
        } catch (e) {
          term.writeln(`\x1b[31m${show(String((e as Error).message ?? e))}\x1b[0m`);
        } finally {
          busy = false;
          showPrompt();
        }
        return;
      }
      switch (data) {
        case '\x7f': // Backspace
          if (cursor > 0) {
            line = line.slice(0, cursor - 1) + line.slice(cursor);
            cursor--;
            redraw();
          }
          return;
        case '\x1b[3~': // Delete
          if (cursor < line.length) {
            line = line.slice(0, cursor) + line.slice(cursor + 1);
            redraw();
          }
          return;
        case '\x1b[D':
          if (cursor > 0) {
            cursor--;
            redraw();
          }
          return;
        case '\x1b[C':
          if (cursor < line.length) {
            cursor++;
            redraw();
          }
          return;
        case '\x1b[H':
        case '\x01':
          cursor = 0;
          return redraw();
        case '\x1b[F':
        case '\x05':
          cursor = line.length;
          return redraw();
        case '\x1b[A':
          if (historyAt > 0) {
            line = historyLines[--historyAt]!;
            cursor = line.length;
            redraw();
          }
          return;
        case '\x1b[B':
          if (historyAt < historyLines.length) {
            historyAt++;
            line = historyLines[historyAt] ?? '';
            cursor = line.length;
            redraw();
          }
          return;
        case '\x03': // Ctrl+C
          cursor = line.length;
          redraw();
          term.write('^C\r\n');
          return showPrompt();
        case '\x0c': // Ctrl+L
          term.clear();
          cursorRow = 0;
          return redraw();
      }
      // Printable input (typed or pasted); newlines in a paste become spaces: one command per Enter.
      // eslint-disable-next-line no-control-regex -- control characters typed or pasted are dropped
      const text = data.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
      if (!text) return;
      line = line.slice(0, cursor) + text + line.slice(cursor);
      cursor += text.length;
      redraw();
    });
    return () => {
      detach?.();
      sub.dispose();
      ro.disconnect();
      term.dispose();
    };
  }, [label]);

  return <div className="terminal-view" ref={host} />;
}
