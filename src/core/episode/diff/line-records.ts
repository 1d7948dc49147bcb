/**
 * A file as git's diff sees it: records that keep their trailing newline, so a last line without one differs from
 * the same text with one (that is what makes git print `\ No newline at end of file`).
 */
export function lineRecords(text: string): string[] {
  if (text === '') return [];
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      if (start < text.length) out.push(text.slice(start));
      return out;
    }
    out.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
}
