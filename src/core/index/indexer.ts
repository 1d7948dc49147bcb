import type { Tree } from 'web-tree-sitter';
import type { LanguageId } from '../lang/languages';
import type { CallSite, Definition, FileIndex, ImportBinding, RepoIndex } from './types';

/** What a language's indexer extracts from one parsed file. Definition ids start at `firstDefinitionId`. */
export interface FileExtraction {
  definitions: Definition[];
  imports: ImportBinding[];
  calls: CallSite[];
  exports: string[] | null;
  /**
   * Optional language-specific data the same indexer's `resolve` needs (scopes, bindings...). build.ts keeps it only
   * while resolving and hands it back through ResolveContext.facts; it never enters the RepoIndex.
   */
  facts?: unknown;
  /** Set when the language's own compiler would reject a file tree-sitter parsed cleanly (Python 2 `print x`). */
  rejected?: boolean;
}

/** What build.ts hands to `resolve` besides the index: each file's `facts` by path, and the repo folder's name. */
export interface ResolveContext {
  facts: ReadonlyMap<string, unknown>;
  /** The repo folder's own name (a repo root that is itself a Python package is importable under it). */
  rootName?: string | null;
}

/** The outcome of resolving one call site. */
export type Resolution = { kind: 'resolved'; definition: number } | { kind: 'unresolved' } | { kind: 'ambiguous' };

/**
 * One per language family (Python; JavaScript/TypeScript/TSX). build.ts parses each file, asks the file's indexer
 * to extract, then asks it to resolve the call sites of its files against the whole repo's index.
 */
export interface LanguageIndexer {
  languages: readonly LanguageId[];
  extract(tree: Tree, path: string, language: LanguageId, source: string, firstDefinitionId: number): FileExtraction;
  /** Resolve every call site whose file is in `files` (this indexer's files). Same order as `calls`. */
  resolve(index: Pick<RepoIndex, 'files' | 'definitions'>, files: FileIndex[], calls: CallSite[], context?: ResolveContext): Resolution[];
}

export type { ImportBinding };
