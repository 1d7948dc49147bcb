import { fail, ok, resolveOperand, type CommandInput, type CommandOutput, type ShellCommand, type ShellState } from '../command';
import { parseOptions } from '../options';
import { joinRel } from '../../workspace-paths';

/** `ls`, `cd`, `pwd` over the workspace. Listings are one name per line, in byte order (ls in a pipe, C locale). */

const encoder = new TextEncoder();

function byteSize(text: string): number {
  return encoder.encode(text).length;
}

/** ls -h: one decimal under 10, rounded up, as GNU does. */
function humanSize(n: number): string {
  if (n < 1024) return `${n}`;
  const units = ['K', 'M', 'G'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return v < 10 ? `${(Math.ceil(v * 10) / 10).toFixed(1)}${units[u]}` : `${Math.ceil(v)}${units[u]}`;
}

interface LsEntry {
  name: string;
  rel: string;
  kind: 'file' | 'dir';
}

function lsEntries(state: ShellState, dir: string, all: boolean, almostAll: boolean): LsEntry[] {
  const entries: LsEntry[] = state.workspace
    .list(dir)
    .filter((e) => all || almostAll || !e.name.startsWith('.'))
    .map((e) => ({ name: e.name, rel: joinRel(dir, e.name), kind: e.kind }));
  if (all) {
    const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    entries.unshift({ name: '.', rel: dir, kind: 'dir' }, { name: '..', rel: parent, kind: 'dir' });
  }
  return entries;
}

export const ls: ShellCommand = ({ args, state }) => {
  const parsed = parseOptions('ls', args, {
    flags: 'alAFp1hRrSt',
    long: { all: { key: 'a' }, 'almost-all': { key: 'A' }, recursive: { key: 'R' }, 'human-readable': { key: 'h' } },
  });
  if (!parsed.ok) return fail(`${parsed.error}\nTry 'ls --help' for more information.`, 2);
  const f = parsed.value.flags;
  const operands = parsed.value.operands.length ? parsed.value.operands : ['.'];
  const stderr: string[] = [];
  const files: LsEntry[] = [];
  const dirs: { shown: string; rel: string }[] = [];
  for (const arg of operands) {
    const r = resolveOperand(state, 'ls', arg);
    if (!r.ok) {
      stderr.push(`ls: cannot access '${arg}': Permission denied (outside the workspace)`);
      continue;
    }
    if (state.workspace.isFile(r.rel)) files.push({ name: arg, rel: r.rel, kind: 'file' });
    else if (state.workspace.isDir(r.rel)) dirs.push({ shown: arg, rel: r.rel });
    else stderr.push(`ls: cannot access '${arg}': No such file or directory`);
  }
  const format = (e: LsEntry): string => {
    const suffix = e.kind === 'dir' && (f.has('F') || f.has('p')) ? '/' : '';
    if (!f.has('l')) return e.name + suffix;
    const size = e.kind === 'dir' ? 4096 : byteSize(state.workspace.read(e.rel) ?? '');
    const perms = e.kind === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--';
    return `${perms} 1 root root ${f.has('h') ? humanSize(size) : size} ${e.name}${suffix}`;
  };
  const order = (list: LsEntry[]): LsEntry[] => {
    let sorted = list;
    if (f.has('S')) {
      const size = (e: LsEntry) => (e.kind === 'dir' ? 4096 : byteSize(state.workspace.read(e.rel) ?? ''));
      sorted = [...list].sort((a, b) => size(b) - size(a) || (a.name < b.name ? -1 : 1));
    }
    return f.has('r') ? [...sorted].reverse() : sorted;
  };
  const blocks: string[] = [];
  if (files.length) blocks.push(order(files).map(format).join('\n'));
  const headers = operands.length > 1 || f.has('R');
  const listDir = (shown: string, rel: string) => {
    const entries = order(lsEntries(state, rel, f.has('a'), f.has('A')));
    const body = entries.map(format).join('\n');
    blocks.push(headers ? `${shown}:${body ? `\n${body}` : ''}` : body);
    if (f.has('R')) {
      for (const e of entries) {
        if (e.kind === 'dir' && e.name !== '.' && e.name !== '..') listDir(`${shown === '/' ? '' : shown}/${e.name}`, e.rel);
      }
    }
  };
  for (const d of dirs) listDir(d.shown, d.rel);
  const stdout = blocks.filter((b) => b !== '').join(headers ? '\n\n' : '\n');
  return { stdout: stdout ? `${stdout}\n` : '', stderr: stderr.map((l) => `${l}\n`).join(''), code: stderr.length ? 2 : 0 };
};

export const cd: ShellCommand = ({ args, state }) => {
  if (args.length > 1) return fail('bash: cd: too many arguments');
  const target = args[0] ?? state.paths.root;
  if (target === '-') return fail('bash: cd: OLDPWD not set');
  const r = state.paths.resolve(target, state.cwd);
  if (!r.ok) return fail(`bash: cd: ${target}: Permission denied (${r.error})`);
  if (state.workspace.isFile(r.rel)) return fail(`bash: cd: ${target}: Not a directory`);
  if (!state.workspace.isDir(r.rel)) return fail(`bash: cd: ${target}: No such file or directory`);
  state.cwd = r.rel;
  return ok('');
};

export const pwd: ShellCommand = ({ state }: CommandInput): CommandOutput => ok(`${state.paths.absolute(state.cwd)}\n`);
