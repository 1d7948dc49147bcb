import type { Node } from 'web-tree-sitter';
import type { Docstring } from '../types';

/**
 * The JSDoc block right above `anchor` (the statement, member or first decorator that starts the definition):
 * a `/** ... *\/` comment that is its previous sibling and ends on the line above it or on its own line.
 */
export function jsdocAbove(anchor: Node): Docstring | null {
  const prev = anchor.previousSibling;
  if (!prev || prev.type !== 'comment') return null;
  const raw = prev.text;
  if (!raw.startsWith('/**') || raw.startsWith('/**/')) return null;
  if (anchor.startPosition.row - prev.endPosition.row > 1) return null;
  const text = cleanJsdoc(raw);
  return text ? { text, lineStart: prev.startPosition.row, lineEnd: prev.endPosition.row } : null;
}

/** The comment's text without the `/**`, `*\/` and the ` * ` margins, blank edge lines dropped. */
export function cleanJsdoc(raw: string): string {
  const body = raw.slice(3, raw.endsWith('*/') ? -2 : undefined);
  const lines = body.split(/\r?\n/).map((line, i) => (i === 0 ? line.trim() : line.replace(/^\s*\*? ?/, '').trimEnd()));
  while (lines.length && !lines[0]) lines.shift();
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  return lines.join('\n');
}
