import MiniSearch from 'minisearch';

/**
 * Ranking definitions against a description with BM25 (minisearch): each candidate is its name split into words,
 * its parameters or bases, and, once read, the code and comments near it. A masked description never holds the
 * name's words but says which parameters the target takes (`It takes \`a\`, \`b\`.`), so parameters are matched
 * exactly on top of the text score.
 */

export interface RetrievalDoc {
  id: number;
  name: string;
  /** Parameter names (functions) or base names (classes). */
  params: string[];
  /** Code and comments near the definition, when read. */
  body?: string;
}

const STOP = new Set(
  'a an and are as at be by for from has have if in into is it its of on or that the this to was with which when will its their then than each given function class method return returns object value'.split(
    ' ',
  ),
);

/** Words of code and prose alike: `parse_float` → parse, float; `HTTPServer` → http, server; light stemming. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Backticked names after "It takes" / "It derives from" in a description, or [] for "It takes no arguments". */
export function describedParams(description: string): { params: string[] | null; bases: string[] | null } {
  const takes = /It takes ([^.]*)\./.exec(description);
  const derives = /It derives from ([^.]*)\./.exec(description);
  const ticks = (s: string) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/^\*+/, ''));
  return {
    params: /It takes no arguments/.test(description) ? [] : takes ? ticks(takes[1]!) : null,
    bases: derives ? ticks(derives[1]!) : null,
  };
}

/** Scores in [0, 1+]: text relevance (normalized to the best), plus agreement of the parameters or bases. */
export function rankDefinitions(description: string, docs: readonly RetrievalDoc[]): Map<number, number> {
  const index = new MiniSearch<{ id: number; name: string; params: string; body: string }>({
    fields: ['name', 'params', 'body'],
    tokenize: (t) => words(t),
    processTerm: (t) => t,
    searchOptions: { boost: { name: 2, params: 1.5, body: 1 }, fuzzy: 0.15, prefix: true, combineWith: 'OR' },
  });
  index.addAll(docs.map((d) => ({ id: d.id, name: d.name, params: d.params.join(' '), body: d.body ?? '' })));
  const query = description.replace(/\[…\]/g, ' ');
  const results = index.search(query);
  const best = results[0]?.score ?? 1;
  const scores = new Map<number, number>(docs.map((d) => [d.id, 0]));
  for (const r of results) scores.set(r.id as number, r.score / best);
  const wanted = describedParams(description);
  for (const d of docs) {
    const expected = wanted.params ?? wanted.bases;
    if (!expected) continue;
    const have = new Set(d.params);
    const hit = expected.filter((p) => have.has(p)).length;
    const union = new Set([...expected, ...d.params]).size;
    const agreement = union === 0 ? 1 : hit / union;
    scores.set(d.id, scores.get(d.id)! + 1.5 * agreement);
  }
  return scores;
}

/** Parameter names of a `def` header (self/cls, defaults and annotations dropped), or base names of a `class`. */
export function headerNames(header: string): string[] {
  const inner = /\(([\s\S]*)\)/.exec(header)?.[1] ?? /\(([\s\S]*)$/.exec(header)?.[1] ?? '';
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of inner) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out
    .map((p) =>
      p
        .trim()
        .replace(/[:=][\s\S]*$/, '')
        .replace(/^\*+/, '')
        .trim(),
    )
    .map((p) => p.split('.').pop()!)
    .filter((p) => p && p !== 'self' && p !== 'cls' && p !== '/' && /^[A-Za-z_]\w*$/.test(p));
}
