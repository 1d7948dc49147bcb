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

  for (let i = 0; i < files.length; i++) {
    const { path, text } = files[i]!;
    const language = languageOf(path);
    const indexer = language && (!wanted || wanted.has(language)) ? INDEXERS.find((x) => x.languages.includes(language)) : undefined;
    if (!language || !indexer) skipped++;
    else {
      const tree = parserIfLoaded(ts, language)?.parse(text);
      if (!tree) skipped++;
      else {
        try {
          const extraction = extractUnlessTooDeep(indexer, tree, path, language, text, definitions.length);
          if (!extraction) {
            skipped++;
            tooDeep.push(path);
          } else {
            const hasError = tree.rootNode.hasError || extraction.rejected === true;
            const fileLines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
            lines += fileLines;
            if (hasError) withErrors++;
            const fileIndex: FileIndex = {
              path,
              language,
              lines: fileLines,
              hasError,
              definitionIds: extraction.definitions.map((d) => d.id),
              imports: extraction.imports,
              exports: extraction.exports,
            };
            definitions.push(...extraction.definitions);
            calls.push(...extraction.calls);
            if (extraction.facts !== undefined) facts.set(path, extraction.facts);
            fileIndexes.push(fileIndex);
            owner.set(fileIndex, indexer);
          }
        } finally {
          tree.delete();
        }
      }
    }
    opts.onProgress?.(i + 1, files.length, path);
    if ((i + 1) % yieldEvery === 0) await tick();
  }

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
