import type { LocalizeTask } from './instruction';
import { parseGrep, parseGrepCounts, shellQuote, type GrepHit } from './observations';
import { absolute, bash, insertAfter, submit, type Play } from './play';
import { codeOnly, headerEnd, indentOf } from './python-text';
import { headerNames, rankDefinitions, type RetrievalDoc } from './retrieval';

/**
 * The baseline's function localization: list the definitions of the right kind (by name when the instruction gives
 * it, else all of them, a grep per batch of files), rank them against the description (BM25 over name words and
 * parameters, then over the code read near the best ones), prefer a definition with no docstring (the target's was
 * removed), and write a multi-line docstring from the description as its first statement.
 */

const HEADER_PATTERN = String.raw`^\s*(async\s+)?(def|class)\s`;
/** Headers per grep batch: below the registry's 400-line cut. */
const BATCH_LINES = 350;
const READ_CANDIDATES = 12;
const READ_LINES = 16;

interface Candidate extends RetrievalDoc {
  path: string;
  line: number;
  header: string;
}

export function* localize(task: LocalizeTask): Play {
  const keyword = task.kind === 'class' ? 'class' : String.raw`(async\s+)?def`;
  let hits: GrepHit[] = [];
  if (task.name) {
    const fb = yield bash(`grep -rnE ${shellQuote(String.raw`^\s*${keyword}\s+${task.name}\b`)} --include='*.py' .`);
    hits = parseGrep(fb.observation);
  }
  if (hits.length === 0) {
    const counts = parseGrepCounts((yield bash(`grep -rcE ${shellQuote(HEADER_PATTERN)} --include='*.py' .`)).observation);
    for (const batch of batches(counts)) {
      const fb = yield bash(`grep -nE ${shellQuote(String.raw`^\s*${keyword}\s`)} ${batch.map(shellQuote).join(' ')}`);
      hits.push(...parseGrep(fb.observation, batch.length === 1 ? batch[0] : undefined));
    }
  }
  const candidates: Candidate[] = hits
    .filter((h) => !h.context)
    .map((h, id) => {
      const name = /(?:def|class)\s+([A-Za-z_]\w*)/.exec(h.text)?.[1] ?? '';
      return { id, path: h.path, line: h.line, header: h.text, name, params: headerNames(h.text) };
    })
    .filter((c) => c.name);
  if (candidates.length === 0) {
    yield submit(`No ${task.kind} definition was found in the repository.`);
    return;
  }

  // Read the best few: their full header, the code after it, and whether a docstring is there.
  const first = rankDefinitions(task.description, candidates);
  const shortlist = [...candidates].sort((a, b) => first.get(b.id)! - first.get(a.id)! || a.id - b.id).slice(0, READ_CANDIDATES);
  const reads = shortlist.map((c) => `sed -n '${c.line},${c.line + READ_LINES - 1}p' ${shellQuote(c.path)}`);
  const fb = yield bash(reads.map((r, i) => `echo '@@ ${i}'; ${r}`).join('; '));
  const texts = splitReads(fb.observation, shortlist.length);
  const read = shortlist.map((c, i) => ({ c, lines: texts[i] ?? [c.header] }));
  for (const { c, lines } of read) {
    c.params = headerNames(lines.slice(0, headerEnd(lines, 0) + 1).join('\n'));
    c.body = lines.join('\n');
  }
  const second = rankDefinitions(task.description, shortlist);
  // The target's docstring was removed: a definition that still has one is not it, however well it reads.
  const scored = read.map(({ c, lines }) => ({ c, lines, documented: hasDocstring(lines), score: second.get(c.id)! }));
  scored.sort((a, b) => Number(a.documented) - Number(b.documented) || b.score - a.score || a.c.id - b.c.id);
  const best = scored.find((s) => bodyStartsOnNextLine(s.lines)) ?? scored[0]!;

  const hEnd = headerEnd(best.lines, 0);
  const indent = bodyIndent(best.lines, hEnd);
  yield insertAfter(absolute(task.root, best.c.path), best.c.line + hEnd, docstring(task.description, indent));
  yield submit(`Documented ${best.c.name} in ${best.c.path}.`);
}

/** Files grouped so each grep stays under the output cut, in path order. */
function batches(counts: Map<string, number>): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let size = 0;
  for (const [path, n] of [...counts].filter(([, n]) => n > 0).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (cur.length && size + n > BATCH_LINES) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(path);
    size += n;
  }
  if (cur.length) out.push(cur);
  return out;
}

function splitReads(output: string, n: number): string[][] {
  const out: string[][] = Array.from({ length: n }, () => []);
  let cur = -1;
  for (const line of output.split('\n')) {
    const m = /^@@ (\d+)$/.exec(line);
    if (m) cur = Number(m[1]);
    else if (cur >= 0 && cur < n) out[cur]!.push(line);
  }
  return out;
}

function firstStatement(lines: readonly string[]): string | null {
  const hEnd = headerEnd(lines, 0);
  for (let i = hEnd + 1; i < lines.length; i++) if (codeOnly(lines[i]!).trim() !== '' || /^\s*[rRbBuU]?("""|''')/.test(lines[i]!)) return lines[i]!;
  return null;
}

function hasDocstring(lines: readonly string[]): boolean {
  const s = firstStatement(lines);
  return s !== null && /^\s*[rRuU]?("""|'''|"|')/.test(s);
}

/** A body on the header's own line (`def f(): return 1`) has no room for a docstring line. */
function bodyStartsOnNextLine(lines: readonly string[]): boolean {
  const h = lines[headerEnd(lines, 0)] ?? '';
  return /:$/.test(codeOnly(h).trimEnd());
}

function bodyIndent(lines: readonly string[], hEnd: number): number {
  const own = indentOf(lines[0] ?? '');
  for (let i = hEnd + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const ind = indentOf(lines[i]!);
    if (ind > own) return ind;
    break;
  }
  return own + 4;
}

/** A multi-line docstring (the authors' check rejects one-line ones) from the description, wrapped at 79 columns. */
export function docstring(description: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const clean = description
    .replace(/\[…\]\s*/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/"""/g, '\\"\\"\\"')
    .replace(/\s+/g, ' ')
    .trim();
  const sentences = clean.split(/(?<=[.!?])\s+(?=[A-Z`])/);
  const summary = sentences[0] ?? clean;
  const rest = sentences.slice(1).join(' ');
  const lines = [`${pad}"""${summary}`];
  if (rest) lines.push('', ...wrap(rest, 79 - indent).map((l) => pad + l));
  lines.push(`${pad}"""`);
  return lines.map((l) => (l.trim() === '' ? '' : l)).join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of text.split(' ')) {
    if (cur && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}
