import type { Tree } from 'web-tree-sitter';
import type { LanguageId } from '../languages';

/**
 * What tasks and scorers need to know about a language, looked up by its id (CodeMirror's `languageData` idea):
 * how a comment and a docstring are written, and what a parsed file's code is. Everything language-specific the
 * strict verdicts and the task instructions use goes through a profile, so a second task language is a new profile,
 * not new branches in the scorers.
 */

/** A definition as the strict verdicts read it from a parsed file (0-based rows). */
export interface SyntaxDefinition {
  name: string;
  type: 'function' | 'class';
  /** The `def`/`class` line. */
  lineStart: number;
  /** The first decorator's line, else lineStart. */
  decoratorLine: number;
  /** The cleaned docstring text, or null when the definition has none. */
  docstring: string | null;
}

/** A file's text and its tree. */
export interface ParsedFile {
  tree: Tree;
  text: string;
}

export interface DocstringStyle {
  /** Where a definition's documentation lives. */
  placement: 'first-statement-of-body' | 'comment-block-above';
  /** The lines of a docstring with `text`, indented by `indent` (the body's indentation for Python). */
  write(text: string, indent: string): string[];
}

export interface LanguageProfile {
  id: LanguageId;
  /** Files the profile's parser and code-token check apply to (other files are compared line by line). */
  extensions: readonly string[];
  /** The language as a reader names it (`Python`). */
  name: string;
  /** A search command that finds definitions, for a model's system prompt. */
  findDefinitions: string;
  /** The line-comment token (`#`, `//`). */
  lineComment: string;
  docstring: DocstringStyle;
  /** Code tokens (comments and docstrings left out, block structure kept): equal lists mean "no code changed". */
  codeTokens(tree: Tree): string[];
  /** A fast sufficient check that two trees have the same code tokens (false means: compare the token lists). */
  sameCodeTokensQuick(before: Tree, after: Tree): boolean;
  /** Definitions with their docstrings. */
  definitionsOf(tree: Tree): SyntaxDefinition[];
  /** The syntax check: why the edit made a file that was valid invalid (`TabError … line 12`), or null when it did not. */
  newSyntaxError(before: ParsedFile, after: ParsedFile): string | null;
}

/** Two code-token lists are the same code. */
export function sameTokens(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
