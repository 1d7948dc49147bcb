import type { Action } from './trajectory';

/**
 * Turns an edit a person made in the editor into the tool call a model would have made for it, so human and model
 * trajectories compare action for action: added lines only -> `insert` after a line; anything else ->
 * `str_replace` of the changed lines, widened by a line of context at a time until `old_str` is unique in the file.
 * Pure: no DOM, no editor.
 */
export function editToAction(absPath: string, before: string, after: string): Action | null {
  if (before === after) return null;
  const a = before.split('\n');
  const b = after.split('\n');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  if (a.length - prefix - suffix === 0) {
    // Pure insertion of whole lines after line `prefix` (1-based), keeping the file's final newline.
    return {
      tool: 'str_replace_editor',
      args: { command: 'insert', path: absPath, insert_line: prefix, new_str: b.slice(prefix, b.length - suffix).join('\n') },
    };
  }

  // Character offsets of line starts (a line's trailing newline belongs to it), so a deletion takes its newline too.
  const starts = (lines: string[]) => {
    const s = [0];
    for (const l of lines) s.push(s[s.length - 1]! + l.length + 1);
    return s;
  };
  const sa = starts(a);
  const sb = starts(b);
  const slice = (text: string, s: number[], from: number, to: number, n: number) =>
    // When the region reaches the last line there is no newline after it.
    text.slice(s[from], to >= n ? text.length : s[to]);
  let lo = prefix;
  let hiA = a.length - suffix;
  let hiB = b.length - suffix;
  for (;;) {
    const oldStr = slice(before, sa, lo, hiA, a.length);
    const newStr = slice(after, sb, lo, hiB, b.length);
    const first = before.indexOf(oldStr);
    const unique = first !== -1 && before.indexOf(oldStr, first + 1) === -1;
    if ((unique && oldStr !== '') || (lo === 0 && hiA >= a.length)) {
      return { tool: 'str_replace_editor', args: { command: 'str_replace', path: absPath, old_str: oldStr, new_str: newStr } };
    }
    // Widen by one line on each side that still has one.
    if (lo > 0) lo--;
    if (hiA < a.length) {
      hiA++;
      hiB++;
    }
  }
}
