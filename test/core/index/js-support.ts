import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Resolution } from '../../../src/core/index/indexer';
import { jsIndexer } from '../../../src/core/index/js/indexer';
import { buildIndex } from '../../../src/core/index/build';
import type { CallSite, Definition, FileIndex, RepoIndex } from '../../../src/core/index/types';
import { languageOf } from '../../../src/core/lang/languages';
import type { TreeSitter } from '../../../src/core/lang/treesitter';

/** Shared by the js-*.test.ts files: real sources from disk, and each call site with its resolution. */

export function readTree(root: string, keep: (path: string) => boolean = (p) => languageOf(p) !== null): { path: string; text: string }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
  return walk(root)
    .map((p) => relative(root, p))
    .filter(keep)
    .map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

export interface ResolvedCall {
  call: CallSite;
  result: Resolution;
  target: Definition | null;
}

/** Extracts and resolves like build.ts does, but keeps each call's own resolution (build.ts only keeps edges). */
export function resolveCalls(ts: TreeSitter, files: { path: string; text: string }[]): { calls: ResolvedCall[]; definitions: Definition[] } {
  const definitions: Definition[] = [];
  const calls: CallSite[] = [];
  const fileIndexes: FileIndex[] = [];
  const facts = new Map<string, unknown>();
  for (const f of files) {
    const language = languageOf(f.path);
    if (!language || language === 'python') continue;
    const tree = ts.parser(language).parse(f.text)!;
    try {
      const x = jsIndexer.extract(tree, f.path, language, f.text, definitions.length);
      definitions.push(...x.definitions);
      calls.push(...x.calls);
      facts.set(f.path, x.facts);
      fileIndexes.push({
        path: f.path,
        language,
        lines: 0,
        hasError: tree.rootNode.hasError,
        definitionIds: x.definitions.map((d) => d.id),
        imports: x.imports,
        exports: x.exports,
      });
    } finally {
      tree.delete();
    }
  }
  const results = jsIndexer.resolve({ files: fileIndexes, definitions }, fileIndexes, calls, { facts });
  return {
    definitions,
    calls: calls.map((call, i) => ({
      call,
      result: results[i]!,
      target: results[i]!.kind === 'resolved' ? definitions[(results[i] as { definition: number }).definition]! : null,
    })),
  };
}

/** `qualifiedName@file` of each direct callee of the definition `qualifiedName` in `file`. */
export function calleesOf(ix: RepoIndex, file: string, qualifiedName: string): string[] {
  const d = ix.definitions.find((x) => x.file === file && x.qualifiedName === qualifiedName);
  if (!d) throw new Error(`${qualifiedName} is not defined in ${file}`);
  return ix.callees[d.id]!.map((id) => `${ix.definitions[id]!.qualifiedName}@${ix.definitions[id]!.file}`);
}

export interface IndexedTree {
  files: { path: string; text: string }[];
  ix: RepoIndex;
  calls: ResolvedCall[];
}

/** A folder's JS/TS files, their index through buildIndex, and every call with its own resolution. */
export async function indexTree(ts: TreeSitter, root: string): Promise<IndexedTree> {
  const files = readTree(root);
  return { files, ix: await buildIndex(files, ts), calls: resolveCalls(ts, files).calls };
}
