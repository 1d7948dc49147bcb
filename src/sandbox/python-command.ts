import { tokenizeCommand } from './command-line';

/**
 * What `python ...` asks for, parsed the way CPython's launcher reads its own options: interpreter options first,
 * then exactly one of `-c CODE`, `-m MODULE` or `FILE`, and everything after that is the program's argv.
 */
export type PythonInvocation =
  | { mode: 'code'; code: string; args: string[] }
  | { mode: 'module'; module: string; args: string[] }
  | { mode: 'file'; file: string; args: string[] }
  | { mode: 'version' };

export type PythonCommand =
  | { ok: true; invocation: PythonInvocation }
  /** `exitCode` is what a shell would report: 127 for another program, 2 for a usage error. */
  | { ok: false; exitCode: number; error: string };

/** `python`, `python3`, `python3.14`, also given as a path like /usr/bin/python3. */
export function isPythonProgram(word: string | undefined): boolean {
  if (!word) return false;
  const name = word.slice(word.lastIndexOf('/') + 1);
  return /^python(3(\.\d+)?)?$/.test(name);
}

/** Options that change nothing observable here (buffering, bytecode, site, warnings shown...) are accepted. */
const FLAG_OPTIONS = new Set(['-u', '-B', '-E', '-s', '-S', '-I', '-P', '-q', '-O', '-OO', '-b', '-bb', '-d', '-v', '-R', '-i']);
const OPTIONS_WITH_VALUE = new Set(['-W', '-X']);

export function parsePythonCommand(line: string): PythonCommand {
  const tokens = tokenizeCommand(line.trim());
  if (!tokens.ok) return { ok: false, exitCode: 2, error: tokens.error };
  const words = tokens.words;
  if (words.length === 0) return { ok: false, exitCode: 0, error: '' };
  if (!isPythonProgram(words[0])) {
    return { ok: false, exitCode: 127, error: `${words[0]}: command not found (this sandbox runs python FILE, python -c CODE, python -m MODULE)` };
  }
  let i = 1;
  while (i < words.length) {
    const w = words[i]!;
    if (w === '-c' || w === '-m') {
      const value = words[i + 1];
      if (value === undefined) return { ok: false, exitCode: 2, error: `Argument expected for the ${w} option` };
      const args = words.slice(i + 2);
      return { ok: true, invocation: w === '-c' ? { mode: 'code', code: value, args } : { mode: 'module', module: value, args } };
    }
    if (w.startsWith('-c') && w.length > 2) return { ok: true, invocation: { mode: 'code', code: w.slice(2), args: words.slice(i + 1) } };
    if (w.startsWith('-m') && w.length > 2) return { ok: true, invocation: { mode: 'module', module: w.slice(2), args: words.slice(i + 1) } };
    if (w === '-V' || w === '--version') return { ok: true, invocation: { mode: 'version' } };
    if (w === '-') return { ok: false, exitCode: 2, error: 'reading a program from standard input is not supported here' };
    if (FLAG_OPTIONS.has(w)) {
      i++;
      continue;
    }
    if (OPTIONS_WITH_VALUE.has(w)) {
      i += 2;
      continue;
    }
    if (OPTIONS_WITH_VALUE.has(w.slice(0, 2))) {
      i++;
      continue;
    }
    if (w.startsWith('-')) return { ok: false, exitCode: 2, error: `Unknown option: ${w}` };
    return { ok: true, invocation: { mode: 'file', file: w, args: words.slice(i + 1) } };
  }
  return {
    ok: false,
    exitCode: 2,
    error: 'the interactive Python prompt is not available here: run python FILE, python -c CODE or python -m MODULE',
  };
}
