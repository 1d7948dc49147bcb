import { describe, expect, it } from 'vitest';
import { ShellBudget, ShellTimeLimit } from '../../../../src/core/episode/shell/budget';
import { shellOver, type Files } from './gnu';

/** The time budget of a command line, on a fake clock that moves 10 ms at every look. */

const FILES: Files = Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`d${k % 3}/f${k}.txt`, `x ${k}\n`]));
const STOPPED = 'stopped after 0.1 s, the time limit of one command line here; narrow it down (a smaller folder, --include=GLOB, a simpler pattern)\n';

function tickingClock(stepMs = 10): () => number {
  let now = 0;
  return () => (now += stepMs);
}

describe('ShellBudget', () => {
  it('counts the time between begin and end only, nested calls once, and throws once it is spent', () => {
    let now = 0;
    const b = new ShellBudget(100, () => now);
    b.check(); // outside begin/end it never throws
    b.begin();
    now = 60;
    b.begin();
    now = 70;
    b.end();
    b.check();
    b.end();
    now = 1000; // not counted: between commands
    b.begin();
    now = 1020;
    b.check();
    now = 1031;
    expect(() => b.check()).toThrow(ShellTimeLimit);
    b.end();
  });
});

describe('a command line that runs out of time', () => {
  it('stops the command with a message and status 124; later commands that check are stopped too', async () => {
    const sh = shellOver(FILES, { timeLimitMs: 100, clock: tickingClock() });
    expect(await sh.run('grep -r x .')).toEqual({ output: `grep: ${STOPPED}`, code: 124, views: [] });
    expect((await sh.run('find . -name "*.txt" | head -1; echo done')).output).toBe(`find: ${STOPPED}done\n`);
  });

  it('gets a fresh budget for every line', async () => {
    const sh = shellOver(FILES, { timeLimitMs: 1000, clock: tickingClock() });
    for (let k = 0; k < 3; k++) expect((await sh.run('grep -rc x . | wc -l')).output).toBe('30\n');
  });

  it('does not count the time a sandbox program spends awaited', async () => {
    const clock = tickingClock();
    const sh = shellOver(FILES, { timeLimitMs: 100, clock });
    sh.register('slow', async () => {
      await Promise.resolve();
      for (let k = 0; k < 1000; k++) clock(); // 10 s pass elsewhere
      return { stdout: 'x\n', stderr: '', code: 0 };
    });
    expect(await sh.run('slow | grep x')).toEqual({ output: 'x\n', code: 0, views: [] });
  });

  it('covers file-name expansion (done by bash) and xargs', async () => {
    expect((await shellOver(FILES, { timeLimitMs: 5, clock: tickingClock() }).run('echo d*/*.txt')).output).toBe(`bash: ${STOPPED.replace('0.1', '0.005')}`);
    const sh = shellOver(FILES, { timeLimitMs: 100, clock: tickingClock() });
    expect((await sh.run('echo d0 d1 d2 | xargs grep -r x')).output).toBe(`grep: ${STOPPED}`);
  });
});
