/**
 * Splits a command line into words the way a POSIX shell does for the simple cases a terminal user types: spaces
 * separate words, '...' is literal, "..." keeps spaces and honours \" \\ \$ \`, a backslash outside quotes escapes
 * the next character. Operators (| > < && ; etc.) are reported, not interpreted: the sandboxes run one program.
 */
export type Tokenized = { ok: true; words: string[] } | { ok: false; error: string };

const OPERATORS = new Set(['|', '||', '&', '&&', ';', '>', '>>', '<', '2>', '2>&1', '&>']);

export function tokenizeCommand(line: string): Tokenized {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: 'unterminated single quote' };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1]!)) {
          j++;
          if (line[j] !== '\n') word += line[j];
        } else word += line[j];
      }
      if (j >= line.length) return { ok: false, error: 'unterminated double quote' };
      inWord = true;
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 < line.length && line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if ('|&;<>'.includes(c)) {
      let op = c;
      while (i + op.length < line.length && OPERATORS.has(op + line[i + op.length])) op += line[i + op.length];
      return { ok: false, error: `'${op}' is not supported here: run one program per command (no pipes, redirects or chains)` };
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}
