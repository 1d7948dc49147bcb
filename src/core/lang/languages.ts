/** The languages the index understands, and which files belong to each. */
export type LanguageId = 'python' | 'javascript' | 'typescript' | 'tsx';

export const LANGUAGE_IDS: readonly LanguageId[] = ['python', 'javascript', 'typescript', 'tsx'];

/** The wasm file (in wasm/) that holds each grammar, and the runtime's own file. */
export const GRAMMAR_FILES: Record<LanguageId, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};
export const RUNTIME_FILE = 'web-tree-sitter.wasm';

const BY_EXTENSION: Record<string, LanguageId> = {
  py: 'python',
  pyi: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
};

/** The language of a repo path, or null when the index does not parse it. `.d.ts` files count as TypeScript. */
export function languageOf(path: string): LanguageId | null {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return null;
  return BY_EXTENSION[path.slice(dot + 1).toLowerCase()] ?? null;
}

/** The languages of these paths that the index knows, in LANGUAGE_IDS order (the grammars a repo needs). */
export function languagesIn(paths: Iterable<string>): LanguageId[] {
  const found = new Set<LanguageId>();
  for (const p of paths) {
    const l = languageOf(p);
    if (l) found.add(l);
  }
  return LANGUAGE_IDS.filter((l) => found.has(l));
}

const NAMES: Record<LanguageId, string> = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', tsx: 'TSX' };

/** `Python`, `JavaScript or TypeScript`: languages named for a sentence. */
export function listLanguages(ids: readonly LanguageId[]): string {
  const names = ids.map((id) => NAMES[id]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : (names[0] ?? 'no');
}
