import { fail, resolveOperand, type ShellCommand, type ShellState } from '../command';
import { compileGlob } from '../glob';
import { baseName, joinRel } from '../../workspace-paths';

/**
 * find over the workspace: starting points, then an expression of -name/-iname/-path/-ipath/-type f|d, -maxdepth,
 * -mindepth, -empty, combined with ! / -not, -a / -and (implicit), -o / -or and parentheses. Entries come in
 * pre-order with names sorted (GNU find uses directory order, which differs between disks).
 */

interface Entry {
  rel: string;
  shown: string;
  kind: 'file' | 'dir';
  depth: number;
}

type Test = (e: Entry) => boolean;

class FindError extends Error {}

function parseExpression(tokens: string[], state: ShellState): Test {
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): Test => {
    const t = tokens[pos++];
    if (t === undefined) throw new FindError('find: expected an expression');
    if (t === '(') {
      const inner = orExpr();
      if (tokens[pos++] !== ')') throw new FindError("find: invalid expression; I was expecting to find a ')' somewhere but did not see one.");
      return inner;
    }
    if (t === '!' || t === '-not') {
      const inner = primary();
      return (e) => !inner(e);
    }
    const arg = () => {
      const v = tokens[pos++];
      if (v === undefined) throw new FindError(`find: missing argument to \`${t}'`);
      return v;
    };
    switch (t) {
      case '-name':
      case '-iname': {
        const glob = compileGlob(arg(), { ignoreCase: t === '-iname' });
        return (e) => glob.test(baseName(e.shown) || e.shown);
      }
      case '-path':
      case '-wholename':
      case '-ipath': {
        const glob = compileGlob(arg(), { ignoreCase: t === '-ipath' });
        return (e) => glob.test(e.shown);
      }
      case '-type': {
        const v = arg();
        if (v !== 'f' && v !== 'd') {
          if (/^[bcplsD]$/.test(v)) return () => false;
          throw new FindError(`find: Unknown argument to -type: ${v}`);
        }
        return (e) => (v === 'f' ? e.kind === 'file' : e.kind === 'dir');
      }
      case '-empty':
        return (e) => (e.kind === 'file' ? (state.workspace.read(e.rel) ?? '') === '' : state.workspace.list(e.rel).length === 0);
      case '-print':
      case '-true':
        return () => true;
      case '-false':
        return () => false;
      case '-exec':
      case '-execdir':
      case '-delete':
      case '-ok':
        throw new FindError(`find: ${t} is not supported here; pipe the names to xargs instead (find ... | xargs grep -n PATTERN)`);
      default:
        throw new FindError(t.startsWith('-') ? `find: unknown predicate \`${t}'` : `find: paths must precede expression: \`${t}'`);
    }
  };
  const andExpr = (): Test => {
    let left = primary();
    while (pos < tokens.length && peek() !== '-o' && peek() !== '-or' && peek() !== ')') {
      if (peek() === '-a' || peek() === '-and') pos++;
      const right = primary();
      const l = left;
      left = (e) => l(e) && right(e);
    }
    return left;
  };
  const orExpr = (): Test => {
    let left = andExpr();
    while (peek() === '-o' || peek() === '-or') {
      pos++;
      const right = andExpr();
      const l = left;
      left = (e) => l(e) || right(e);
    }
    return left;
  };
  if (tokens.length === 0) return () => true;
  const test = orExpr();
  if (pos < tokens.length) throw new FindError(`find: paths must precede expression: \`${tokens[pos]}'`);
  return test;
}

/** Pulls -maxdepth / -mindepth out (GNU treats them as global options wherever they appear). */
function depthOptions(tokens: string[]): { rest: string[]; max: number; min: number } | string {
  const rest: string[] = [];
  let max = Infinity;
  let min = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '-maxdepth' || t === '-mindepth') {
      const v = tokens[++i];
      if (v === undefined || !/^\d+$/.test(v)) return `find: Expected a positive decimal integer argument to ${t}, but got ‘${v ?? ''}’`;
      if (t === '-maxdepth') max = Number(v);
      else min = Number(v);
    } else {
      rest.push(t);
    }
  }
  return { rest, max, min };
}

export const find: ShellCommand = ({ args, state, budget }) => {
  let k = 0;
  const starts: string[] = [];
  while (k < args.length && !args[k]!.startsWith('-') && args[k] !== '(' && args[k] !== '!') starts.push(args[k++]!);
  const depth = depthOptions(args.slice(k));
  if (typeof depth === 'string') return fail(depth);
  let test: Test;
  try {
    test = parseExpression(depth.rest, state);
  } catch (err) {
    if (err instanceof FindError) return fail(err.message);
    throw err;
  }
  const out: string[] = [];
  const errors: string[] = [];
  const visit = (e: Entry) => {
    budget.check();
    if (e.depth >= depth.min && test(e)) out.push(`${e.shown}\n`);
    if (e.kind === 'dir' && e.depth < depth.max) {
      for (const c of state.workspace.list(e.rel)) {
        const shown = e.shown.endsWith('/') ? e.shown + c.name : `${e.shown}/${c.name}`;
        visit({ rel: joinRel(e.rel, c.name), shown, kind: c.kind, depth: e.depth + 1 });
      }
    }
  };
  for (const start of starts.length ? starts : ['.']) {
    const r = resolveOperand(state, 'find', start);
    if (!r.ok) {
      errors.push(`find: '${start}': Permission denied (outside the workspace)`);
      continue;
    }
    if (state.workspace.isFile(r.rel)) visit({ rel: r.rel, shown: start, kind: 'file', depth: 0 });
    else if (state.workspace.isDir(r.rel)) visit({ rel: r.rel, shown: start, kind: 'dir', depth: 0 });
    else errors.push(`find: '${start}': No such file or directory`);
  }
  return { stdout: out.join(''), stderr: errors.map((e) => `${e}\n`).join(''), code: errors.length ? 1 : 0 };
};
