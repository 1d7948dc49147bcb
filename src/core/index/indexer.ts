import type { Tree } from 'web-tree-sitter';
import type { LanguageId } from '../lang/languages';
import type { CallSite, Definition, FileIndex, ImportBinding, RepoIndex } from './types';

/** What a language's indexer extracts from one parsed file. Definition ids start at `firstDefinitionId`. */
export interface FileExtraction {
  definitions: Definition[];
  imports: ImportBinding[];
  calls: CallSite[];
  exports: string[] | null;
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
  resolve(index: Pick<RepoIndex, 'files' | 'definitions'>, files: FileIndex[], calls: CallSite[]): Resolution[];
}

export type { ImportBinding };
