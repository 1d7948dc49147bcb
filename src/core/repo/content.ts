/**
 * Text or not. Git's own heuristic (a NUL byte in the first 8 KB means binary) catches images, archives, compiled
 * files and UTF-16 text; a strict UTF-8 decode catches the rest (Latin-1 sources and the like), which the index
 * could not give honest line numbers for anyway.
 */
export type FileContent = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'not-utf8' };

const SNIFF_BYTES = 8192;

// One decoder per realm: `fatal` makes malformed input throw instead of becoming U+FFFD; the BOM is dropped so
// line 0 starts with the first real character.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function classifyContent(bytes: Uint8Array): FileContent {
  const sniff = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < sniff; i++) if (bytes[i] === 0) return { kind: 'binary' };
  try {
    return { kind: 'text', text: strictUtf8.decode(bytes) };
  } catch {
    return { kind: 'not-utf8' };
  }
}
