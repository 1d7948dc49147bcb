import type { Action } from '../episode/trajectory';

/**
 * The Play screen's search box as a shell step: a fixed-string `grep -rnF` over the workspace, whose output lines
 * (`./path:line:text`) become the hits the screen lists.
 */
export interface GrepHit {
  path: string;
  line: number;
  text: string;
}

/** The `execute_bash` action that searches the workspace for `query` as written (no pattern characters). */
export function grepSearchAction(query: string): Action {
  const quoted = `'${query.replace(/'/g, `'\\''`)}'`;
  return { tool: 'execute_bash', args: { command: `grep -rnF -- ${quoted} .` } };
}

/** The `path:line:text` lines of grep's output; anything else (a note, a truncation mark) is not a hit. */
export function grepHits(output: string): GrepHit[] {
  const hits: GrepHit[] = [];
  for (const l of output.split('\n')) {
    const m = /^(?:\.\/)?([^:]+):(\d+):(.*)$/.exec(l);
    if (m) hits.push({ path: m[1]!, line: Number(m[2]), text: m[3]! });
  }
  return hits;
}
