/**
 * CPython's indentation check, which tree-sitter does not make: the tokenizer measures every logical line's
 * indentation twice, with tabs to the next multiple of 8 and with tabs as one column, and refuses the file when the
 * two measures disagree about a line being deeper, level or shallower than the block it is in (`TabError:
 * inconsistent use of tabs and spaces in indentation`), or when a dedent lands between two levels
 * (`IndentationError: unindent does not match any outer indentation level`). Tree-sitter counts a tab as 8 columns
 * and parses such files without an error.
 *
 * Only the starts of logical lines are measured, as in Parser/tokenizer.c: lines inside brackets, inside strings
 * (triple-quoted, and f-string replacement fields with PEP 701 nesting), after a backslash continuation, and blank
 * or comment-only lines are not. A backslash in the indentation itself makes its column the line's indentation.
 */

export interface IndentationError {
  /** `TabError` or `IndentationError`, as CPython names them. */
  kind: 'TabError' | 'IndentationError';
  /** 1-based line. */
  line: number;
  message: string;
}

const TAB_SIZE = 8;
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);

const ASCII_IDENT_START = /[A-Za-z_]/;
const ASCII_IDENT_PART = /[A-Za-z0-9_]/;
const isIdentStart = (c: string) => (c < '\x80' ? ASCII_IDENT_START.test(c) : /[\p{L}\p{Nl}]/u.test(c));
const isIdentPart = (c: string) => (c < '\x80' ? ASCII_IDENT_PART.test(c) : /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u.test(c));
const isNewline = (c: string | undefined) => c === '\n' || c === '\r';

/** The first indentation error CPython's tokenizer would raise for `text`, or null. */
export function pythonIndentationError(text: string): IndentationError | null {
  return new IndentScanner(text).run();
}

class IndentScanner {
  private i = 0;
  private line = 1;
  /** Bracket depth (the tokenizer's `level`). */
  private level = 0;
  private readonly cols = [0];
  private readonly altCols = [0];

  constructor(private readonly s: string) {}

  run(): IndentationError | null {
    while (this.i < this.s.length) {
      const error = this.lineStart();
      if (error) return error;
      this.restOfLine();
    }
    return null;
  }

  /** Measures the indentation at the start of a physical line that begins a new token line, and checks it. */
  private lineStart(): IndentationError | null {
    let col = 0;
    let altCol = 0;
    let contCol = 0;
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ') {
        col++;
        altCol++;
      } else if (c === '\t') {
        col = (Math.floor(col / TAB_SIZE) + 1) * TAB_SIZE;
        altCol++;
      } else if (c === '\f') {
        col = altCol = 0;
      } else if (c === '\\' && isNewline(this.s[this.i + 1])) {
        contCol ||= col;
        this.i++;
        this.newline();
        continue;
      } else break;
      this.i++;
    }
    const c = this.s[this.i];
    if (c === undefined || c === '#' || isNewline(c) || this.level > 0) return null;
    if (contCol) col = altCol = contCol;
    const top = this.cols.length - 1;
    if (col === this.cols[top]) {
      if (altCol !== this.altCols[top]) return this.tabError();
    } else if (col > this.cols[top]!) {
      if (altCol <= this.altCols[top]!) return this.tabError();
      this.cols.push(col);
      this.altCols.push(altCol);
    } else {
      while (this.cols.length > 1 && col < this.cols[this.cols.length - 1]!) {
        this.cols.pop();
        this.altCols.pop();
      }
      const level = this.cols.length - 1;
      if (col !== this.cols[level]) return { kind: 'IndentationError', line: this.line, message: 'unindent does not match any outer indentation level' };
      if (altCol !== this.altCols[level]) return this.tabError();
    }
    return null;
  }

  private tabError(): IndentationError {
    return { kind: 'TabError', line: this.line, message: 'inconsistent use of tabs and spaces in indentation' };
  }

  /** Consumes one newline (`\n`, `\r\n` or `\r`) at `i`. */
  private newline(): void {
    if (this.s[this.i] === '\r' && this.s[this.i + 1] === '\n') this.i++;
    this.i++;
    this.line++;
  }

  /** Tokens up to and including the newline that ends the logical line's physical line (continuations included). */
  private restOfLine(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (isNewline(c)) {
        this.newline();
        return;
      }
      if (c === '#') {
        while (this.i < this.s.length && !isNewline(this.s[this.i])) this.i++;
      } else if (c === '\\' && isNewline(this.s[this.i + 1])) {
        this.i++;
        this.newline();
      } else if (c === '"' || c === "'") {
        this.string('');
      } else if (isIdentStart(c)) {
        this.word();
      } else {
        if (c === '(' || c === '[' || c === '{') this.level++;
        else if ((c === ')' || c === ']' || c === '}') && this.level > 0) this.level--;
        this.i++;
      }
    }
  }

  /** A name, or a string's prefix (`rb"…"`) and its string. */
  private word(): void {
    const start = this.i;
    while (this.i < this.s.length && isIdentPart(this.s[this.i]!)) this.i++;
    const word = this.s.slice(start, this.i).toLowerCase();
    const q = this.s[this.i];
    if ((q === '"' || q === "'") && STRING_PREFIXES.has(word)) this.string(word);
  }

  /** A string literal starting at its quote; f- and t-strings' replacement fields are scanned as code. */
  private string(prefix: string): void {
    const q = this.s[this.i]!;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const close = triple ? q.repeat(3) : q;
    const fields = prefix.includes('f') || prefix.includes('t');
    this.i += close.length;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (this.s.startsWith(close, this.i)) {
        this.i += close.length;
        return;
      }
      if (isNewline(c)) {
        if (!triple) return; // unterminated: the parser reports it
        this.newline();
        continue;
      }
      if (c === '\\') {
        this.i++;
        if (isNewline(this.s[this.i])) this.newline();
        else this.i++;
        continue;
      }
      if (fields && c === '{') {
        if (this.s[this.i + 1] === '{') this.i += 2;
        else this.field();
        continue;
      }
      this.i++;
    }
  }

  /** A replacement field from its `{` to its `}`: code, then an optional format spec that may hold fields. */
  private field(): void {
    this.i++;
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (isNewline(c)) this.newline();
      else if (c === '"' || c === "'") this.string('');
      else if (isIdentStart(c)) this.word();
      else if (c === '(' || c === '[' || c === '{') {
        depth++;
        this.i++;
      } else if (c === ')' || c === ']') {
        if (depth > 0) depth--;
        this.i++;
      } else if (c === '}') {
        this.i++;
        if (depth === 0) return;
        depth--;
      } else if (c === ':' && depth === 0) {
        this.i++;
        this.formatSpec();
        return;
      } else this.i++;
    }
  }

  /** A format spec after `:`: literal text up to the field's `}`, with nested fields. */
  private formatSpec(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '}') {
        this.i++;
        return;
      }
      if (c === '{') this.field();
      else if (isNewline(c)) this.newline();
      else this.i++;
    }
  }
}
