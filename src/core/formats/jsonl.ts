/**
 * JSON Lines, read tolerantly: a bad line is reported with its 1-based line number and the rest is still read, so
 * one broken record in a file of thousands costs that record, not the file.
 */

export interface JsonlProblem {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export interface JsonlRow {
  line: number;
  value: unknown;
}

export function parseJsonl(text: string): { rows: JsonlRow[]; problems: JsonlProblem[] } {
  const rows: JsonlRow[] = [];
  const problems: JsonlProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    try {
      rows.push({ line: i + 1, value: JSON.parse(line) });
    } catch (err) {
      problems.push({ line: i + 1, message: `not valid JSON (${(err as Error).message})` });
    }
  });
  return { rows, problems };
}

/** One compact JSON object per line, each line ending in a newline. */
export function toJsonl(values: readonly unknown[]): string {
  return values.map((v) => `${JSON.stringify(v)}\n`).join('');
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
