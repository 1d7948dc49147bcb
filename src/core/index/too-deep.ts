/**
 * The message for files left out of an index as nested too deep to walk (IndexStats.filesTooDeep), shared by the CLI
 * and the page; kept apart from build.ts so the page's main thread does not load the indexers to show it.
 */

/** E.g. `1 file too deeply nested to index: a/b.py` (at most five names); empty when there is none. */
export function describeTooDeep(paths: readonly string[]): string {
  if (!paths.length) return '';
  const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, and ${paths.length - 5} more` : '');
  return `${paths.length} file${paths.length === 1 ? '' : 's'} too deeply nested to index: ${shown}`;
}
