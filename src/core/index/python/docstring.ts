/**
 * Python string literals as CPython's `ast` sees them, for docstrings: evaluation of one literal (prefixes, escapes,
 * raw strings) and `inspect.cleandoc`, so a docstring's text equals `ast.get_docstring(node)`.
 */

/** A literal's value, or null when it is not a plain `str` constant (bytes, f-string, malformed). */
export function evaluateStringLiteral(literal: string): string | null {
  const quoteAt = literal.search(/['"]/);
  if (quoteAt < 0) return null;
  const prefix = literal.slice(0, quoteAt).toLowerCase();
  if (prefix.includes('b') || prefix.includes('f') || prefix.includes('t')) return null;
  const raw = prefix.includes('r');
  const rest = literal.slice(quoteAt);
  const q = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest[0]!;
  if (rest.length < 2 * q.length || !rest.endsWith(q)) return null;
  const body = rest.slice(q.length, rest.length - q.length).replace(/\r\n?/g, '\n');
  return raw ? body : unescape(body);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const e = body[i + 1]!;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i++;
    } else if (e >= '0' && e <= '7') {
      let j = i + 1;
      while (j < body.length && j < i + 4 && body[j]! >= '0' && body[j]! <= '7') j++;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, j), 8));
      i = j - 1;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === n) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + n;
      } else out += c;
    } else {
      // Unknown escapes (and \N{...}, which needs the Unicode name table) keep their backslash, as Python does.
      out += c;
    }
  }
  return out;
}

/** Python's `str.expandtabs(8)`. */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

// eslint-disable-next-line no-control-regex -- Python's str.expandtabs/strip count \x1c-\x1f as space
const LEADING_SPACE = /^[\s\x1c-\x1f]+/;

/** `inspect.cleandoc` of Python 3.11. */
export function cleandoc(doc: string): string {
  const lines = doc.split('\n').map(expandTabs);
  let margin = Infinity;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const content = line.replace(LEADING_SPACE, '').length;
    if (content) margin = Math.min(margin, line.length - content);
  }
  if (lines.length) lines[0] = lines[0]!.replace(LEADING_SPACE, '');
  if (margin < Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(margin);
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.join('\n');
}
