/**
 * POSIX regular expressions as grep reads them, translated to JavaScript: basic (BRE, grep's default: `\(` `\)`
 * `\{` `\}` `\|` `\+` `\?` are operators, the bare characters are literals) and extended (ERE, `-E`). Bracket
 * expressions keep POSIX meaning (a backslash is literal, `[:alpha:]` classes), `\<` `\>` are word edges. Errors
 * come back worded as GNU grep words them, so a player sees the message they would see in a real shell.
 */

export type TranslateResult = { ok: true; source: string } | { ok: false; error: string };

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: 'A-Za-z0-9_',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

const UNMATCHED_BRACKET = 'Unmatched [, [^, [:, [., or [=';

/** Translates a bracket expression starting at `i` (the `[`); returns the JS class and the index after `]`. */
function bracket(p: string, i: number): { source: string; next: number } | { error: string } {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (; j < p.length; j++) {
    const c = p[j];
    if (c === ']' && !first) return { source: `${out}]`, next: j + 1 };
    first = false;
    if (c === '[' && p[j + 1] === ':') {
      const end = p.indexOf(':]', j + 2);
      if (end === -1) return { error: UNMATCHED_BRACKET };
      const name = p.slice(j + 2, end);
      if (!(name in CLASSES)) return { error: 'Invalid character class name' };
      out += CLASSES[name];
      j = end + 1;
    } else if (c === '\\' || c === ']' || c === '[' || c === '^') {
      out += `\\${c}`;
    } else {
      out += c;
    }
  }
  return { error: UNMATCHED_BRACKET };
}

export function translatePosixRegex(p: string, extended: boolean): TranslateResult {
  let out = '';
  let depth = 0;
  // Whether the next character starts an expression (where `*` is literal in a BRE and `^` is an anchor).
  let atStart = true;
  for (let i = 0; i < p.length; ) {
    const c = p[i];
    const startHere = atStart;
    atStart = false;
    if (c === '[') {
      const b = bracket(p, i);
      if ('error' in b) return { ok: false, error: b.error };
      out += b.source;
      i = b.next;
      continue;
    }
    if (c === '\\') {
      const d = p[i + 1];
      i += 2;
      if (d === undefined) return { ok: false, error: 'Trailing backslash' };
      if (!extended && (d === '(' || d === ')' || d === '|' || d === '{' || d === '}' || d === '+' || d === '?')) {
        if (d === '(') {
          depth++;
          out += '(';
          atStart = true;
        } else if (d === ')') {
          if (depth === 0) return { ok: false, error: 'Unmatched ) or \\)' };
          depth--;
          out += ')';
        } else if (d === '|') {
          out += '|';
          atStart = true;
        } else if (d === '{') {
          const m = /^(\d+)(,(\d*))?\\\}/.exec(p.slice(i));
          if (!m) return { ok: false, error: 'Unmatched \\{' };
          out += `{${m[1]}${m[2] ?? ''}}`;
          i += m[0].length;
        } else if (d === '}') {
          return { ok: false, error: 'Unmatched \\{' };
        } else {
          out += d;
        }
        continue;
      }
      if (d === '<') out += '\\b(?=\\w)';
      else if (d === '>') out += '\\b(?<=\\w)';
      else if ('wWsSbB'.includes(d)) out += `\\${d}`;
      else if (/[1-9]/.test(d)) out += `\\${d}`;
      else out += /[A-Za-z0-9]/.test(d) ? d : `\\${d}`;
      continue;
    }
    i++;
    if (extended) {
      if (c === '(') {
        depth++;
        out += '(';
        atStart = true;
      } else if (c === ')') {
        if (depth === 0) out += '\\)';
        else {
          depth--;
          out += ')';
        }
      } else if (c === '|') {
        out += '|';
        atStart = true;
      } else if (c === '{') {
        const m = /^(\d+)(,(\d*))?\}/.exec(p.slice(i));
        if (m && !startHere) {
          out += `{${m[1]}${m[2] ?? ''}}`;
          i += m[0].length;
        } else {
          out += '\\{';
        }
      } else if (c === '}') {
        out += '\\}';
      } else if ((c === '*' || c === '+' || c === '?') && startHere) {
        out += `\\${c}`;
      } else if (c === '^') {
        out += '^';
        atStart = true;
      } else {
        out += c === '/' ? '\\/' : c;
      }
      continue;
    }
    // basic
    if (c === '*') out += startHere ? '\\*' : '*';
    else if (c === '^') {
      if (startHere) {
        out += '^';
        atStart = true;
      } else out += '\\^';
    } else if (c === '$') {
      const atEnd = i === p.length || p.startsWith('\\)', i) || p.startsWith('\\|', i);
      out += atEnd ? '$' : '\\$';
    } else if ('+?(){}|/'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  if (depth > 0) return { ok: false, error: 'Unmatched ( or \\(' };
  try {
    new RegExp(out);
  } catch {
    return { ok: false, error: 'Invalid regular expression' };
  }
  return { ok: true, source: out };
}
