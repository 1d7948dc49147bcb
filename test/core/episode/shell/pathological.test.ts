import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realBash, runIsolated, writeFiles, type Files, GNU_TOOLS } from './gnu';

/**
 * Patterns that make a backtracking regex engine run for longer than the universe has existed (issue 9 §2): they
 * must finish and print what GNU grep, bash and find print. Each command runs in a child process that is killed
 * after FINISH_MS, so a hang fails its test instead of hanging the runner; a correct run takes milliseconds.
 */

const FINISH_MS = 20_000;
const A40 = `${'a'.repeat(40)}!`;
/** (a|aa)+ splits n a's in Fibonacci(n) ways: at 40 a backtracking engine takes seconds, at 60 hours. */
const A60 = `${'a'.repeat(60)}!`;
/** 25 stars: `*a*a...*a*ab`. */
const GLOB = `${'*a'.repeat(24)}*ab`;
const FILES: Files = {
  f: `${A40}\nbaaa\n${A60}\nxyz\n`,
  'sub/g.txt': `${A40}\n${'a'.repeat(30)}\n`,
  [`dir/${'a'.repeat(60)}`]: 'x\n',
  [`dir/${'a'.repeat(30)}b`]: 'ab\n',
  x: `${'x'.repeat(40)}\n`,
};

let tree: { dir: string; cleanup: () => void };
beforeAll(() => {
  tree = writeFiles(FILES);
});
afterAll(() => tree.cleanup());

const sorted = (s: string) => s.split('\n').filter(Boolean).sort();

describe.skipIf(!GNU_TOOLS)("no pattern hangs the shell: the output is the real tools'", () => {
  it.each([
    "grep -E '(a|aa)+$' f",
    "grep -nE '(a+)+$' f",
    "grep -oE '(a|aa)+$' f",
    "grep -cE '^(a|aa)+$' f",
    "grep -cwE '(a|aa)+$' f",
    "grep -xE '(a+)+' f",
    "grep -iE '(A|AA)+$' f",
    "grep '\\(a*\\)*$' f",
    "grep -E '(x+x+)+y' x",
    `ls dir/${GLOB}`,
    `cd dir && ls ${GLOB}`,
    `echo dir/${GLOB} dir/${GLOB}c`,
  ])(
    '%s',
    async (command) => {
      const ours = await runIsolated(FILES, command, FINISH_MS);
      expect(ours, `${command} did not finish in ${FINISH_MS} ms`).not.toBeNull();
      expect(ours).toEqual(realBash(tree.dir, command));
    },
    FINISH_MS + 10_000,
  );

  // Recursive walks: GNU lists in directory order, ours in byte order.
  it.each([
    "grep -rE '(a+)+$' .",
    "grep -rlE '(a|aa)+$' .",
    `find . -name '${GLOB}'`,
    `find . -iname '${GLOB.toUpperCase()}'`,
    `find . -path '*${GLOB}'`,
    `grep -r --include='${GLOB}' a .`,
    `grep -r --exclude='${GLOB}' --exclude-dir='${GLOB}' -c a .`,
  ])(
    '%s',
    async (command) => {
      const ours = await runIsolated(FILES, command, FINISH_MS);
      expect(ours, `${command} did not finish in ${FINISH_MS} ms`).not.toBeNull();
      const real = realBash(tree.dir, command);
      expect(ours!.code).toBe(real.code);
      expect(sorted(ours!.output)).toEqual(sorted(real.output));
    },
    FINISH_MS + 10_000,
  );
});

describe.skipIf(!GNU_TOOLS)('back-references, which need backtracking, run on a budget', () => {
  it(
    'a line the pattern cannot match is mostly rejected before backtracking, as GNU grep does',
    async () => {
      const command = "grep -E '(a*)*b\\1' f";
      const ours = await runIsolated(FILES, command, FINISH_MS);
      expect(ours).toEqual(realBash(tree.dir, command));
    },
    FINISH_MS + 10_000,
  );

  it(
    'an exponential match stops with a message and status 2 instead of running on',
    async () => {
      const files = { h: `${'a'.repeat(40)}bdc\n` };
      const ours = await runIsolated(files, "grep -E '^(a|a)*(b|c)d\\2$' h", FINISH_MS);
      expect(ours).toEqual({
        output:
          "grep: stopped: matching the back-references took more than 10,000,000 steps (this shell's limit); a pattern without \\1-\\9 is matched in linear time\n",
        code: 2,
      });
    },
    FINISH_MS + 10_000,
  );
});
