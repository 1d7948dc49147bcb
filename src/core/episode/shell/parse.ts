/**
 * The command line grammar of the workspace shell: words with bash quoting (single quotes literal, double quotes
 * with `\"` `\\` `\$` escapes, backslash outside quotes), pipes, `&&`, `||`, `;` or newlines, `# comments`, and the
 * redirections agents habitually add (`2>/dev/null`, `2>&1`, `< file`). A word keeps a glob pattern only when it
 * has an unquoted `*`, `?` or `[`, so `grep 'a*' f` is never expanded and `ls *.py` is.
 */

export interface Word {
  text: string;
  /** Set when the word has unquoted glob characters; quoted ones are backslash-escaped in it. */
  glob: string | null;
}

export interface Redirect {
  /** 0 stdin, 1 stdout, 2 stderr, 3 both (`&>`). */
  fd: 0 | 1 | 2 | 3;
  op: '<' | '>' | '>>' | '>&';
  target: string;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}

export type Connector = '&&' | '||' | ';';

export interface ScriptItem {
  pipeline: SimpleCommand[];
  /** How the next item runs: after success, after failure, or regardless. */
  then: Connector;
}

export type ParseResult = { ok: true; items: ScriptItem[] } | { ok: false; error: string };

type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: '|' | '&&' | '||' | ';' | '&' } | { kind: 'redir'; fd: Redirect['fd']; op: Redirect['op'] };

const GLOB_CHARS = new Set(['*', '?', '[']);
const BREAK = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>']);

class SyntaxError_ extends Error {}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      tokens.push({ kind: 'op', op: ';' });
      i++;
      continue;
    }
    if (c === '#') {
      while (i < line.length && line[i] !== '\n') i++;
      continue;
    }
    if (c === '|') {
      if (line[i + 1] === '|') {
        tokens.push({ kind: 'op', op: '||' });
        i += 2;
      } else {
        tokens.push({ kind: 'op', op: '|' });
        i++;
      }
      continue;
    }
    if (c === '&') {
      if (line[i + 1] === '&') {
        tokens.push({ kind: 'op', op: '&&' });
        i += 2;
      } else if (line[i + 1] === '>') {
        i += 2;
        tokens.push({ kind: 'redir', fd: 3, op: '>' });
      } else {
        tokens.push({ kind: 'op', op: '&' });
        i++;
      }
      continue;
    }
    const fdMatch = /^([012])?(>>|>&|>|<)/.exec(line.slice(i, i + 4));
    if (fdMatch) {
      const fd = (fdMatch[1] !== undefined ? Number(fdMatch[1]) : fdMatch[2] === '<' ? 0 : 1) as Redirect['fd'];
      tokens.push({ kind: 'redir', fd, op: fdMatch[2] as Redirect['op'] });
      i += fdMatch[0].length;
      continue;
    }
    // a word
    let text = '';
    let glob = '';
    let hasGlob = false;
    while (i < line.length && !BREAK.has(line[i]!)) {
      const ch = line[i]!;
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end === -1) throw new SyntaxError_("unexpected EOF while looking for matching `''");
        const chunk = line.slice(i + 1, end);
        text += chunk;
        glob += chunk.replace(/[*?[\\]/g, '\\$&');
        i = end + 1;
      } else if (ch === '"') {
        i++;
        let chunk = '';
        for (;;) {
          if (i >= line.length) throw new SyntaxError_('unexpected EOF while looking for matching `"\'');
          const d = line[i];
          if (d === '"') break;
          if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
            if (line[i + 1] !== '\n') chunk += line[i + 1];
            i += 2;
            continue;
          }
          if (d === '`' || (d === '$' && line[i + 1] === '(')) throw new SyntaxError_('command substitution is not supported in this shell');
          chunk += d;
          i++;
        }
        text += chunk;
        glob += chunk.replace(/[*?[\\]/g, '\\$&');
        i++;
      } else if (ch === '\\') {
        if (i + 1 < line.length) {
          if (line[i + 1] !== '\n') {
            text += line[i + 1];
            glob += `\\${line[i + 1]}`;
          }
          i += 2;
        } else {
          i++;
        }
      } else if (ch === '`' || (ch === '$' && line[i + 1] === '(')) {
        throw new SyntaxError_('command substitution is not supported in this shell');
      } else {
        if (GLOB_CHARS.has(ch)) hasGlob = true;
        text += ch;
        glob += ch;
        i++;
      }
    }
    tokens.push({ kind: 'word', word: { text, glob: hasGlob ? glob : null } });
  }
  return tokens;
}

/** Parses one command line; a syntax error comes back as bash would word it. */
export function parseCommandLine(line: string): ParseResult {
  let tokens: Token[];
  try {
    tokens = tokenize(line);
  } catch (err) {
    if (err instanceof SyntaxError_) return { ok: false, error: `bash: ${err.message}` };
    throw err;
  }
  const items: ScriptItem[] = [];
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand = { words: [], redirects: [] };
  const unexpected = (what: string): ParseResult => ({ ok: false, error: `bash: syntax error near unexpected token \`${what}'` });
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.kind === 'word') {
      command.words.push(tok.word);
    } else if (tok.kind === 'redir') {
      const next = tokens[t + 1];
      if (!next || next.kind !== 'word') return unexpected(next ? (next.kind === 'op' ? next.op : '>') : 'newline');
      command.redirects.push({ fd: tok.fd, op: tok.op, target: next.word.text });
      t++;
    } else {
      if (tok.op === '&') return { ok: false, error: 'bash: background jobs (&) are not supported in this shell' };
      if (command.words.length === 0) {
        if (tok.op === ';' && pipeline.length === 0 && command.redirects.length === 0) continue;
        return unexpected(tok.op);
      }
      pipeline.push(command);
      command = { words: [], redirects: [] };
      if (tok.op !== '|') {
        items.push({ pipeline, then: tok.op });
        pipeline = [];
      }
    }
  }
  if (command.words.length > 0) pipeline.push(command);
  else if (pipeline.length > 0 || command.redirects.length > 0) return unexpected('newline');
  if (pipeline.length > 0) items.push({ pipeline, then: ';' });
  else if (items.length > 0 && items[items.length - 1]!.then !== ';') return unexpected('newline');
  return { ok: true, items };
}
