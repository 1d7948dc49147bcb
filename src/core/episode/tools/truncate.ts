/**
 * Long observations are cut, as every agent harness does, so one `cat` of a huge file cannot flood a model's context
 * or a terminal. The note says how much was cut and how to see the rest.
 */

export interface TruncateLimits {
  maxChars: number;
  maxLines: number;
}

export const DEFAULT_TRUNCATE: TruncateLimits = { maxChars: 16_000, maxLines: 400 };

export function truncateObservation(text: string, limits: TruncateLimits = DEFAULT_TRUNCATE): string {
  const lines = text.split('\n');
  const totalLines = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (text.length <= limits.maxChars && totalLines <= limits.maxLines) return text;
  let kept = lines.slice(0, Math.min(limits.maxLines, totalLines)).join('\n');
  if (kept.length > limits.maxChars) kept = kept.slice(0, limits.maxChars);
  const keptLines = kept.split('\n').length;
  return (
    `${kept}\n[... output truncated: showed ${keptLines} of ${totalLines} lines (${kept.length} of ${text.length} characters). ` +
    `Narrow it down: grep -n PATTERN FILE, sed -n 'A,Bp' FILE, or view with a view_range.]`
  );
}
