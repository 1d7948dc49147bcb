/** One benchmark section of `npm run bench` (bench/run.ts): a name to select it by, and a run that prints a table. */
export interface BenchSection {
  name: string;
  title: string;
  /** `options`: the command line's `--flags` (with their values), for the section to read what it knows. */
  run(options: string[]): Promise<void>;
}

/** The value of `--name=value` in a section's options, '' for a bare `--name`, undefined when absent. */
export function option(options: string[], name: string): string | undefined {
  const flag = `--${name}`;
  for (const o of options) {
    if (o === flag) return '';
    if (o.startsWith(`${flag}=`)) return o.slice(flag.length + 1);
  }
  return undefined;
}

/** Prints rows as an aligned two-or-more-column table. */
export function printTable(rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const r of cells) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

/** The median of a few timings (ms). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
