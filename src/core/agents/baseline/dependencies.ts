import { PYTHON_BUILTINS } from '../../index/python/builtins';
import type { Action } from '../../episode/trajectory';
import type { Feedback } from '../types';
import { DefinitionFinder, type Scope, type Wanted } from './definition-finder';
import type { DependencyTask } from './instruction';
import { parseGrep, parseNumberedView, parsePaths, shellQuote } from './observations';
import { buildOutlines, emptyOutline, enclosingScopes, OUTLINE_PATTERN, type FileOutline, type OutlineEntry } from './outline';
import { absolute, bash, insertAfter, submit, view, type Play } from './play';
import { blockEnd, callSites, codeOnly, headerEnd, importBindings, nestedDefinitions, paramNames } from './python-text';

/**
 * The baseline's dependency search, as a methodical person would do it with grep and the editor: read the target,
 * list the names it calls, and find each one's definition (definition-finder.ts says how), reading more files,
 * function bodies and attribute assignments as the calls ask for them, within the episode's step budget.
 */

const VIEW_CHUNK = 150;
const BODY_LINES = 120;
const MAX_FOLLOW_ROUNDS = 6;
/** Steps kept for the comments and the submit when deciding whether to read more. */
const RESERVE_STEPS = 10;
/** The note the registry puts under an observation it cut (src/core/episode/tools/truncate.ts). */
const TRUNCATED = /^\[\.\.\. output truncated/m;

export function* searchDependencies(task: DependencyTask): Play {
  const target = task.file;
  const abs = (p: string) => absolute(task.root, p);

  // The target file's outline and imports.
  let fb = yield bash(`grep -nE ${shellQuote(OUTLINE_PATTERN)} ${shellQuote(target)}`);
  const outlines = buildOutlines(parseGrep(fb.observation, target));
  const own = outlines.get(target) ?? emptyOutline(target);
  outlines.set(target, own);
  yield* completeImports(own, abs);
  const entry = own.entries.find((e) => e.line === task.line && e.kind === 'def') ?? own.entries.find((e) => e.line === task.line);
  const from = entry?.decoratorLine ?? task.line;

  // The target's code, decorators included, read in chunks until its block ends.
  const lines = new Map<number, string>();
  let end: number | null = null;
  for (let chunk = 0; chunk < 4 && end === null; chunk++) {
    const a = from + chunk * VIEW_CHUNK;
    fb = yield view(abs(target), [a, a + VIEW_CHUNK - 1]);
    if (fb.error) break;
    const got = parseNumberedView(fb.observation);
    for (const [n, t] of got) lines.set(n, t);
    const seq = sequence(lines, from);
    const defAt = task.line - from;
    const last = blockEnd(seq, defAt);
    if (last !== null) end = from + last;
    else if (got.size < VIEW_CHUNK) end = from + seq.length - 1; // the file ended
  }
  const seq = sequence(lines, from).slice(0, (end ?? from) - from + 1);
  const code = codeOnly(seq.join('\n')).split('\n');
  const defAt = Math.min(task.line - from, Math.max(0, seq.length - 1));
  const bodyFrom = seq.length ? headerEnd(seq, defAt) + 1 : 0;
  // Calls in the decorators and the body count; the parameters' defaults and annotations do not (as the authors').
  const callCode = [...code.slice(0, defAt), ...code.slice(bodyFrom)].join('\n');
  const nested = nestedDefinitions(code.slice(bodyFrom).join('\n'));
  const calls = callSites(callCode).filter((c) => !PYTHON_BUILTINS.has(c.name) && !nested.has(c.name));
  if (calls.length === 0) {
    yield submit('The function calls nothing defined in this repository that I could find.');
    return;
  }

  // A function nested in others sees their variables (closures): read them down to the target.
  const where = entry ?? { line: task.line, indent: 0 };
  const chain = [...enclosingScopes(own, where), ...(entry ? [entry] : [])];
  const outerDef = chain.find((e) => e.kind === 'def' && e !== entry);
  let outerText = '';
  if (outerDef && outerDef.line < from) {
    fb = yield view(abs(target), [outerDef.line, from - 1]);
    outerText = [...parseNumberedView(fb.observation).values()].join('\n') + '\n';
  }
  const raw = outerText + seq.join('\n');
  const scopeCode = codeOnly(raw);
  const headers = [...scopeCode.matchAll(/^[ \t]*(?:async\s+)?def\s+\w+\s*\(/gm)].map((m) => m.index);
  const scope: Scope = {
    file: target,
    code: scopeCode,
    raw,
    cls: methodClass(chain),
    imports: importBindings(codeOnly(seq.slice(bodyFrom).join('\n'))),
    params: new Set(headers.flatMap((i) => paramNames(scopeCode.slice(i)))),
    at: entry ?? null,
  };

  // Where modules live.
  fb = yield bash(`find . -name '*.py' -type f`);
  const finder = new DefinitionFinder(new Set(parsePaths(fb.observation)));
  for (const [p, o] of outlines) finder.outlines.set(p, o);

  const found = new Map<string, OutlineEntry>();
  for (let round = 0; round <= MAX_FOLLOW_ROUNDS; round++) {
    finder.startRound();
    found.clear();
    for (const call of calls) {
      const dep = finder.resolveCall(call, scope);
      if (dep) found.set(`${dep.path}:${dep.line}`, dep);
    }
    if (round === MAX_FOLLOW_ROUNDS || !hasWants(finder.wanted) || fb.stepsLeft <= RESERVE_STEPS + found.size) break;
    fb = (yield* readWanted(finder, finder.wanted, abs, RESERVE_STEPS + found.size)) ?? fb;
  }

  const inside = (d: OutlineEntry) => d.path === target && d.line >= task.line && d.line <= (end ?? task.line);
  const deps = [...found.values()].filter((d) => !inside(d));
  if (deps.length === 0) {
    yield submit('None of the calls resolves to a definition in this repository.');
    return;
  }
  // Bottom-up within a file, so each insert leaves the line numbers of the next ones intact.
  deps.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : b.decoratorLine - a.decoratorLine));
  for (const d of deps) {
    yield insertAfter(abs(d.path), d.decoratorLine - 1, `${' '.repeat(d.indent)}${task.comment}`);
  }
  yield submit(`Commented ${deps.length} dependenc${deps.length === 1 ? 'y' : 'ies'}: ${deps.map((d) => d.name).join(', ')}.`);
}

/** The class `self` stands for: the one holding the innermost method among the target and the functions around it. */
function methodClass(chain: OutlineEntry[]): OutlineEntry | null {
  for (let i = chain.length - 1; i >= 1; i--) {
    if (chain[i]!.kind === 'def' && chain[i - 1]!.kind === 'class') return chain[i - 1]!;
  }
  return null;
}

function hasWants(w: Wanted): boolean {
  return w.outlines.size > 0 || w.bodies.size > 0 || w.attributes.size > 0;
}

/**
 * Reads what the finder asked for: outlines of more files (one grep), attribute assignments (one grep), function
 * bodies (a view each), stopping when only `reserve` steps would be left. Returns the last feedback.
 */
function* readWanted(finder: DefinitionFinder, wanted: Wanted, abs: (p: string) => string, reserve: number): Generator<Action, Feedback | null, Feedback> {
  let fb: Feedback | null = null;
  let queue = [...wanted.outlines].sort();
  while (queue.length && (!fb || fb.stepsLeft > reserve)) {
    const batch = queue;
    fb = yield bash(`grep -nE ${shellQuote(OUTLINE_PATTERN)} ${batch.map(shellQuote).join(' ')}`);
    const hits = parseGrep(fb.observation, batch.length === 1 ? batch[0] : undefined);
    // Output cut short: the last file shown may be incomplete and the ones after it were not shown; grep them again.
    const shown = batch.filter((p) => hits.some((h) => h.path === p));
    const cut = TRUNCATED.test(fb.observation) && shown.length ? Math.max(1, batch.indexOf(shown[shown.length - 1]!)) : batch.length;
    queue = batch.slice(cut);
    const more = buildOutlines(hits);
    for (const p of batch.slice(0, cut)) {
      const o = more.get(p) ?? emptyOutline(p);
      finder.outlines.set(p, o);
      yield* completeImports(o, abs);
    }
  }
  if (wanted.attributes.size && (!fb || fb.stepsLeft > reserve)) {
    const paths = [...wanted.attributes.keys()].sort();
    const names = [...new Set([...wanted.attributes.values()].flatMap((s) => [...s]))].sort();
    fb = yield bash(`grep -nE ${shellQuote(String.raw`^\s*(self\.)?(${names.join('|')})\s*(:|=[^=])`)} ${paths.map(shellQuote).join(' ')}`);
    const hits = parseGrep(fb.observation, paths.length === 1 ? paths[0] : undefined);
    for (const [p, wantedNames] of wanted.attributes) {
      for (const n of wantedNames) {
        const mine = hits.filter((h) => h.path === p && new RegExp(String.raw`^\s*(self\.)?${n}\s*[:=]`).test(h.text));
        finder.attributeLines.set(
          `${p}:${n}`,
          mine.map((h) => [h.line, h.text]),
        );
      }
    }
  }
  for (const [key, def] of wanted.bodies) {
    if (fb && fb.stepsLeft <= reserve) break;
    fb = yield view(abs(def.path), [def.line, def.line + BODY_LINES - 1]);
    const got = sequence(parseNumberedView(fb.observation), def.line);
    const last = got.length ? blockEnd(got, 0) : null;
    finder.bodies.set(key, last === null ? got : got.slice(0, last + 1));
  }
  return fb;
}

/** Reads the rest of import statements grep showed only the first line of (`from x import (`). */
function* completeImports(o: FileOutline, abs: (p: string) => string): Play {
  if (o.openImports.length === 0) return;
  const first = o.openImports[0]!;
  const last = o.openImports[o.openImports.length - 1]!;
  const fb = yield view(abs(o.path), [first, last + 30]);
  const text = [...parseNumberedView(fb.observation).values()].join('\n');
  o.imports.push(...importBindings(text));
}

function sequence(lines: Map<number, string>, from: number): string[] {
  const out: string[] = [];
  for (let n = from; lines.has(n); n++) out.push(lines.get(n)!);
  return out;
}
