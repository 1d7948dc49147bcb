/**
 * Reading the tools' outputs back, as a person reads a terminal: grep hits, `cat -n`-style editor views. The
 * baseline agent sees only these texts, never the workspace behind them.
 */

export interface GrepHit {
  /** Repo-relative (a leading `./` dropped). */
  path: string;
  line: number;
  text: string;
  /** A `-A/-B/-C` context line rather than a match. */
  context: boolean;
}

/** Lines of `grep -n` output. `singleFile` names the file when grep printed no file names (one file searched). */
export function parseGrep(output: string, singleFile?: string): GrepHit[] {
  const hits: GrepHit[] = [];
  for (const raw of output.split('\n')) {
    if (raw === '' || raw === '--' || raw.startsWith('[')) continue;
    if (singleFile !== undefined) {
      const m = /^(\d+)([:-])(.*)$/.exec(raw);
      if (m) hits.push({ path: singleFile, line: Number(m[1]), text: m[3]!, context: m[2] === '-' });
      continue;
    }
    const m = /^(.+?\.pyi?)([:-])(\d+)\2(.*)$/.exec(raw);
    if (m) hits.push({ path: m[1]!.replace(/^\.\//, ''), line: Number(m[3]), text: m[4]!, context: m[2] === '-' });
  }
  return hits;
}

/** `grep -c` output: path → count. */
export function parseGrepCounts(output: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of output.split('\n')) {
    const m = /^(.+):(\d+)$/.exec(raw);
    if (m) out.set(m[1]!.replace(/^\.\//, ''), Number(m[2]));
  }
  return out;
}

/** The numbered lines of an editor `view` (or `cat -n`): line number → text. */
export function parseNumberedView(output: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const raw of output.split('\n')) {
    const m = /^\s*(\d+)\t(.*)$/.exec(raw);
    if (m) lines.set(Number(m[1]), m[2]!);
  }
  return lines;
}

/** `find` output: repo-relative paths. */
export function parsePaths(output: string): string[] {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('['))
    .map((l) => l.replace(/^\.\//, ''));
}

/** A shell word for a path or pattern, single-quoted. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
