import type { Tree } from 'web-tree-sitter';
import type { TreeSitter } from '../lang/treesitter';
import { languageOf, type LanguageId } from '../lang/languages';
import type { FileExtraction, LanguageIndexer } from './indexer';
import { INDEXERS } from './indexers';
import type { CallSite, Definition, FileIndex, IndexProgress, RepoIndex } from './types';

export interface BuildIndexOptions {
  onProgress?: IndexProgress;
  /** Only these languages are parsed; other files count as skipped. Default: every language an indexer handles. */
  languages?: LanguageId[];
  /** Yield to the event loop every N files so a Worker can post progress (default 25). */
  yieldEvery?: number;
  /** The repo folder's own name: a repo root that is itself a Python package is importable under it. */
  rootName?: string | null;
  /** Extract the files in parallel (src/node/index-pool.ts); the index is the same as without. */
  pool?: IndexPool;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Parses every file with its language's grammar, extracts definitions / imports / call sites, then resolves the
 * calls per language and builds the call graph: for each definition, its direct in-repo callees in the order the
 * authors' builder visits call sites (own decorators, then the body in `ast.NodeVisitor` order), deduplicated,
 * without itself and without definitions nested in it.
 */
export async function buildIndex(files: { path: string; text: string }[], ts: TreeSitter, opts: BuildIndexOptions = {}): Promise<RepoIndex> {
  const started = now();
  const yieldEvery = Math.max(1, opts.yieldEvery ?? 25);
  const wanted = opts.languages ? new Set(opts.languages) : null;
  const fileIndexes: FileIndex[] = [];
  const definitions: Definition[] = [];
  const calls: CallSite[] = [];
  const facts = new Map<string, unknown>();
  const owner = new Map<FileIndex, LanguageIndexer>();
  let lines = 0;
  let skipped = 0;
  let withErrors = 0;
  const tooDeep: string[] = [];

  // A pool extracts every file elsewhere (ids from POOLED_ID_BASE, shifted below); otherwise each file is done here.
  const pooled = opts.pool
    ? await opts.pool.indexFiles(files, opts.languages ?? null, (i) => indexFile(ts, files[i]!.path, files[i]!.text, wanted, POOLED_ID_BASE))
    : null;

  for (let i = 0; i < files.length; i++) {
    const { path } = files[i]!;
    const outcome = pooled ? shiftIds(pooled[i]!, definitions.length) : indexFile(ts, path, files[i]!.text, wanted, definitions.length);
    if (outcome.kind === 'skipped') skipped++;
    else if (outcome.kind === 'too-deep') {
      skipped++;
      tooDeep.push(path);
    } else {
      const { extraction, language } = outcome;
      lines += outcome.lines;
      if (outcome.hasError) withErrors++;
      const fileIndex: FileIndex = {
        path,
        language,
        lines: outcome.lines,
        hasError: outcome.hasError,
        definitionIds: extraction.definitions.map((d) => d.id),
        imports: extraction.imports,
        exports: extraction.exports,
      };
      definitions.push(...extraction.definitions);
      calls.push(...extraction.calls);
      if (extraction.facts !== undefined) facts.set(path, extraction.facts);
      fileIndexes.push(fileIndex);
      owner.set(fileIndex, indexerOf(language)!);
    }
    if (!pooled) {
      opts.onProgress?.(i + 1, files.length, path);
      if ((i + 1) % yieldEvery === 0) await tick();
    }
  }
  if (pooled && files.length) opts.onProgress?.(files.length, files.length, files[files.length - 1]!.path);

  // Resolve per indexer, over its own files' call sites.
  const resolvedTo = new Int32Array(calls.length).fill(-1);
  let resolved = 0;
  let ambiguous = 0;
  const callIndexesByIndexer = new Map<LanguageIndexer, number[]>();
  const fileOwner = new Map<string, LanguageIndexer>();
  for (const [f, ix] of owner) fileOwner.set(f.path, ix);
  calls.forEach((c, i) => {
    const ix = fileOwner.get(c.file)!;
    let list = callIndexesByIndexer.get(ix);
    if (!list) callIndexesByIndexer.set(ix, (list = []));
    list.push(i);
  });
  for (const indexer of new Set(owner.values())) {
    const own = fileIndexes.filter((f) => owner.get(f) === indexer);
    const idx = callIndexesByIndexer.get(indexer) ?? [];
    const results = indexer.resolve(
      { files: fileIndexes, definitions },
      own,
      idx.map((i) => calls[i]!),
      { facts, rootName: opts.rootName ?? null },
    );
    results.forEach((r, j) => {
      if (r.kind === 'resolved') {
        resolvedTo[idx[j]!] = r.definition;
        resolved++;
      } else if (r.kind === 'ambiguous') ambiguous++;
    });
  }

  return {
    files: fileIndexes,
    definitions,
    calls,
    callees: buildCallees(definitions, calls, resolvedTo),
    stats: {
      files: fileIndexes.length,
      lines,
      definitions: definitions.length,
      callSites: calls.length,
      resolved,
      ambiguous,
      filesWithErrors: withErrors,
      filesSkipped: skipped,
      filesTooDeep: tooDeep,
      ms: Math.round(now() - started),
    },
  };
}

/** What indexing one file gives. Plain data: a pool posts it from another thread. */
export type FileOutcome =
  { kind: 'skipped' } | { kind: 'too-deep' } | { kind: 'indexed'; language: LanguageId; lines: number; hasError: boolean; extraction: FileExtraction };

/**
 * Extracts files somewhere else (worker threads, Web Workers) and hands back each file's outcome, in file order.
 * `here(i)` indexes file i on the calling thread, so the caller can share the work. Every outcome's definition ids
 * start at POOLED_ID_BASE, as `indexFile(…, POOLED_ID_BASE)` gives them.
 */
export interface IndexPool {
  indexFiles(files: { path: string; text: string }[], languages: LanguageId[] | null, here: (i: number) => FileOutcome): Promise<FileOutcome[]>;
}

/**
 * Where a pooled file's definition ids start. A file extracted alone cannot know how many definitions the files
 * before it hold, so its ids start here and are shifted into place when the index is put together: every number at
 * or above this base in an extraction (a definition's id and parent, a call's enclosing definition, an import's
 * scope, the ids inside an indexer's facts, also as Map keys) is a definition id, since nothing else an extractor
 * records (rows, columns, offsets, counters) comes near 2^40, and sentinels such as Number.MAX_SAFE_INTEGER lie past 2^41.
 */
export const POOLED_ID_BASE = 2 ** 40;

function indexerOf(language: LanguageId): LanguageIndexer | undefined {
  return INDEXERS.find((x) => x.languages.includes(language));
}

/** Parses and extracts one file; `wanted` limits the languages (null: every language an indexer handles). */
export function indexFile(ts: TreeSitter, path: string, text: string, wanted: ReadonlySet<LanguageId> | null, firstId: number): FileOutcome {
  const language = languageOf(path);
  const indexer = language && (!wanted || wanted.has(language)) ? indexerOf(language) : undefined;
  if (!language || !indexer) return { kind: 'skipped' };
  const tree = parserIfLoaded(ts, language)?.parse(text);
  if (!tree) return { kind: 'skipped' };
  try {
    const extraction = extractUnlessTooDeep(indexer, tree, path, language, text, firstId);
    if (!extraction) return { kind: 'too-deep' };
    const hasError = tree.rootNode.hasError || extraction.rejected === true;
    const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    return { kind: 'indexed', language, lines, hasError, extraction };
  } finally {
    tree.delete();
  }
}

/**
 * A pooled outcome with its ids moved from POOLED_ID_BASE to `firstId` (see POOLED_ID_BASE), in place: a pooled
 * outcome is the caller's own copy (made on this thread, or cloned from a worker's message).
 */
export function shiftIds(outcome: FileOutcome, firstId: number): FileOutcome {
  if (outcome.kind !== 'indexed') return outcome;
  const count = outcome.extraction.definitions.length;
  const shift = (n: number): number => {
    // Below the base: not an id. Far above it: a sentinel (`Number.MAX_SAFE_INTEGER` for "no limit"), not an id.
    if (n < POOLED_ID_BASE || n >= POOLED_ID_BASE * 2) return n;
    const local = n - POOLED_ID_BASE;
    if (!Number.isInteger(local) || local >= count) throw new Error(`pooled index: ${n} is not one of the file's ${count} definition ids`);
    return firstId + local;
  };
  const seen = new Set<object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return shift(v);
    if (v === null || typeof v !== 'object' || seen.has(v)) return v;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x !== null && (typeof x === 'number' || typeof x === 'object')) v[i] = walk(x);
      }
    } else if (v instanceof Map) {
      const entries = [...v];
      v.clear();
      for (const [k, x] of entries) v.set(walk(k), walk(x));
    } else if (v instanceof Set) {
      const items = [...v];
      v.clear();
      for (const x of items) v.add(walk(x));
    } else {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const x = o[k];
        if (x !== null && (typeof x === 'number' || typeof x === 'object')) o[k] = walk(x);
      }
    }
    return v;
  };
  walk(outcome.extraction);
  return outcome;
}

/**
 * The file's extraction, or null when its tree is nested too deep to walk: the walk recurses with the tree's depth
 * (our extractors and web-tree-sitter's own node access), so a file nested thousands deep overflows the stack. Only
 * that file is left out, its partial extraction dropped; any other error still fails the index.
 */
function extractUnlessTooDeep(indexer: LanguageIndexer, tree: Tree, path: string, language: LanguageId, text: string, firstId: number): FileExtraction | null {
  try {
    return indexer.extract(tree, path, language, text, firstId);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) return null;
    throw e;
  }
}

/**
 * The language's parser, or null when the caller loaded tree-sitter without that grammar (e.g. Python only): such
 * files count as skipped instead of failing the whole repo.
 */
function parserIfLoaded(ts: TreeSitter, language: LanguageId) {
  try {
    return ts.parser(language);
  } catch {
    return null;
  }
}

/**
 * Each definition's callees: calls in its own decorators first, then every call under its body (nested definitions,
 * lambdas and comprehensions included, in the extractor's visit order), keeping the first of each target and
 * dropping the definition itself and definitions nested inside it (the builder's post-filters).
 */
function buildCallees(definitions: Definition[], calls: CallSite[], resolvedTo: Int32Array): number[][] {
  const own: number[][] = definitions.map(() => []);
  const body: number[][] = definitions.map(() => []);
  calls.forEach((c, i) => {
    if (resolvedTo[i]! < 0 || c.enclosing === null) return;
    let d: number | null = c.enclosing;
    if (c.inDecorator) {
      own[d]!.push(i);
      d = definitions[d]!.parent;
    }
    for (; d !== null; d = definitions[d]!.parent) body[d]!.push(i);
  });
  return definitions.map((t) => {
    const seen = new Set<number>();
    const out: number[] = [];
    for (const i of [...own[t.id]!, ...body[t.id]!]) {
      const callee = resolvedTo[i]!;
      if (seen.has(callee)) continue;
      seen.add(callee);
      const d = definitions[callee]!;
      if (callee === t.id) continue;
      if (d.file === t.file && t.lineStart <= d.lineStart && d.lineStart <= t.lineEnd) continue;
      out.push(callee);
    }
    return out;
  });
}
