import { existsSync, readFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { codeTokens, sameCodeTokensQuick, sameTokens } from '../../../src/core/lang/profiles/python-syntax';
import { applyToWorkspace, SyntaxTrees, StartStateCache } from '../../../src/core/scoring/workspace-patch';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { pythonStdlib } from '../../data';

/**
 * The quick code-token check (shared subtrees of the incremental parse) against the full token comparison, on real
 * standard-library files and the edits episodes make: it may only say "same" when the token lists are the same, and
 * it should say so for comment-only and docstring-only edits, the common case it exists for.
 */
const STDLIB = pythonStdlib();
const FILES = ['argparse.py', 'multiprocessing/managers.py', 'email/_header_value_parser.py', 'json/decoder.py'];

type Edit = (lines: string[]) => string[];

/** Inserts `make(indent)` above every `n`-th line that opens a def or class (a dependency-search answer). */
const aboveDefs =
  (n: number, make: (indent: string) => string): Edit =>
  (lines) => {
    const out: string[] = [];
    let seen = 0;
    for (const l of lines) {
      const m = /^(\s*)(?:async\s+)?(?:def|class)\s/.exec(l);
      if (m && seen++ % n === 0) out.push(make(m[1]!));
      out.push(l);
    }
    return out;
  };

/**
 * Inserts lines after the `k`-th one-line def header whose body does not open with a string (a localization answer
 * restores a docstring there).
 */
const intoDef =
  (k: number, body: (indent: string) => string[]): Edit =>
  (lines) => {
    const defs = lines.map((l, i) => [l, i] as const).filter(([l, i]) => /^\s*def .*\):\s*$/.test(l) && !/^\s*[rRbBuU]?['"]/.test(lines[i + 1] ?? ''));
    const [line, i] = defs[Math.min(k, defs.length - 1)]!;
    const indent = `${/^\s*/.exec(line)![0]}    `;
    return [...lines.slice(0, i + 1), ...body(indent), ...lines.slice(i + 1)];
  };

const EDITS: Record<string, { edit: Edit; same: boolean }> = {
  'a comment above every third definition': { edit: aboveDefs(3, (ind) => `${ind}# this function/class is called by the f function`), same: true },
  'comments and blank lines above every definition': { edit: aboveDefs(1, (ind) => `${ind}# called by f\n`), same: true },
  'a docstring restored at the top of a body': { edit: intoDef(5, (ind) => [`${ind}"""`, `${ind}Do the thing.`, `${ind}"""`]), same: true },
  'a statement added': { edit: aboveDefs(7, (ind) => `${ind}x = 1  # this function`), same: false },
  'a line inside a body re-indented': { edit: intoDef(3, (ind) => [`${ind}  pass`]), same: false },
  'a string statement that is not first in the body': { edit: intoDef(4, (ind) => [`${ind}pass`, `${ind}"""not a docstring"""`]), same: false },
};

const available = FILES.every((f) => existsSync(`${STDLIB}/${f}`));

describe.skipIf(!available)('sameCodeTokensQuick on real files', () => {
  let ts: TreeSitter;
  beforeAll(async () => {
    ts = await loadTreeSitterNode(['python']);
  });

  for (const file of FILES) {
    for (const [name, { edit, same }] of Object.entries(EDITS)) {
      it(`${file}: ${name}`, () => {
        const before = readFileSync(`${STDLIB}/${file}`, 'utf8');
        const after = edit(before.split('\n')).join('\n');
        const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, '', '', { context: 3 });
        const ws = applyToWorkspace(`diff --git a/${file} b/${file}\n${patch.slice(patch.indexOf('--- '))}`, () => before);
        expect(ws.problems).toEqual([]);
        const f = ws.files.get(file)!;
        expect(f.after).toBe(after);
        for (const cache of [undefined, new StartStateCache()]) {
          const trees = new SyntaxTrees(ts, cache);
          try {
            const full = sameTokens(codeTokens(trees.before(f)), codeTokens(trees.after(f)));
            const quick = sameCodeTokensQuick(trees.before(f), trees.after(f));
            expect(full).toBe(same);
            expect(quick).toBe(same); // never "same" when the tokens differ; "same" for the edits it exists for
          } finally {
            trees.dispose();
            cache?.dispose();
          }
        }
      });
    }
  }
});
