import { ABBREV, gitBlobId, NULL_BLOB } from './git-blob-id';
import { gitHunks } from './git-hunks';
import { lineRecords } from './line-records';

/**
 * The patch of a workspace, as the authors' harness takes it (`git add -A && git diff --no-color --cached <base>`):
 * files in path order, `diff --git` headers with `a/` `b/` prefixes, `index` lines with abbreviated blob ids,
 * `new file mode` / `deleted file mode` with `/dev/null`, and git's own hunk layout. Every file is a regular
 * 100644 text file (the repo model has no modes or binaries).
 */

export interface FileChange {
  path: string;
  /** null: the file did not exist at the start (created). */
  before: string | null;
  /** null: the file was deleted. */
  after: string | null;
}

const encoder = new TextEncoder();
const ESCAPES: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };

/** git's quote_c_style with core.quotePath on: names with control, quote, backslash or non-ASCII bytes get quoted. */
export function gitQuotePath(name: string): string {
  // eslint-disable-next-line no-control-regex -- git quotes names with control characters
  if (!/[\x00-\x1f"\\\x7f-\uffff]/.test(name)) return name;
  let out = '"';
  for (const byte of encoder.encode(name)) {
    if (ESCAPES[byte]) out += `\\${ESCAPES[byte]}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

function fileDiff(change: FileChange): string[] {
  const { path, before, after } = change;
  const a = gitQuotePath(`a/${path}`);
  const b = gitQuotePath(`b/${path}`);
  // git adds a tab after a `---`/`+++` name containing a space, so tools can tell where the name ends.
  const tab = path.includes(' ') ? '\t' : '';
  const oldId = before === null ? NULL_BLOB : gitBlobId(before).slice(0, ABBREV);
  const newId = after === null ? NULL_BLOB : gitBlobId(after).slice(0, ABBREV);
  const out = [`diff --git ${a} ${b}`];
  if (before === null) out.push('new file mode 100644', `index ${oldId}..${newId}`);
  else if (after === null) out.push('deleted file mode 100644', `index ${oldId}..${newId}`);
  else out.push(`index ${oldId}..${newId} 100644`);
  const hunks = gitHunks(lineRecords(before ?? ''), lineRecords(after ?? ''));
  if (hunks.length === 0) return out;
  out.push(`--- ${before === null ? '/dev/null' : a + tab}`, `+++ ${after === null ? '/dev/null' : b + tab}`, ...hunks);
  return out;
}

/** The unified diff of the given changes; unchanged entries are skipped; '' when nothing changed. */
export function gitDiff(changes: readonly FileChange[]): string {
  const sorted = changes.filter((c) => c.before !== c.after).sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  if (sorted.length === 0) return '';
  return `${sorted.flatMap(fileDiff).join('\n')}\n`;
}
