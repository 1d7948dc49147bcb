import { CommandStopped } from './budget';
import { caseVariants, isWordCode, setHas, type Ranges } from './char-class';
import type { AssertKind, RegexNode } from './regex';

/**
 * A backtracking matcher for what RE2 cannot match: grep's back-references (`\(a*\)\1`). Backtracking can take
 * exponential time, so every step is counted against a `StepBudget` shared by the whole command; when it runs out the
 * matcher throws `StepLimitExceeded`, and the shell stops grep with its message instead of freezing the page. A loop stops after an
 * iteration that matched nothing (keeping what it captured, as POSIX does), so `\(a*\)*` ends without the budget.
 *
 * The program is a list of instructions run with an explicit stack (no recursion, so long lines cannot overflow the
 * call stack): choice points to resume and register values to restore.
 */

/** grep's status 2, for trouble. */
export class StepLimitExceeded extends CommandStopped {
  constructor(limit: number) {
    super(
      `stopped: matching the back-references took more than ${limit.toLocaleString('en-US')} steps (this shell's limit); a pattern without \\1-\\9 is matched in linear time`,
      2,
    );
  }
}

export class StepBudget {
  used = 0;
  /** `tick` is called every 65,536 steps: the shell's time budget can stop a long match too. */
  constructor(
    readonly limit: number,
    readonly tick: () => void = () => {},
  ) {}
}

/** Instructions that a pattern may grow to (counted repeats are copied out): beyond, GNU's "too big" message. */
const MAX_PROGRAM = 200_000;

type Inst =
  | { op: 'char'; cps: number[] }
  | { op: 'any' }
  | { op: 'set'; ranges: Ranges; negate: boolean }
  | { op: 'assert'; kind: AssertKind }
  /** Try `x`; on failure resume at `y`. */
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  /** Register `reg` = the position (a group's start or end, or a loop iteration's start); restored on backtracking. */
  | { op: 'save'; reg: number }
  /** Leaves the loop (to `exit`) when the iteration that began at register `reg` matched nothing, else goes on. */
  | { op: 'progress'; reg: number; exit: number }
  | { op: 'backref'; group: number }
  | { op: 'match' };

export class ProgramTooBig extends Error {}

function canBeEmpty(node: RegexNode): boolean {
  switch (node.type) {
    case 'char':
    case 'any':
    case 'set':
      return false;
    case 'group':
      return canBeEmpty(node.body);
    case 'cat':
      return node.items.every(canBeEmpty);
    case 'alt':
      return node.items.some(canBeEmpty);
    case 'repeat':
      return node.min === 0 || canBeEmpty(node.body);
    default:
      return true;
  }
}

class Compiler {
  readonly prog: Inst[] = [];
  regs: number;

  constructor(
    groups: number,
    private readonly ignoreCase: boolean,
  ) {
    this.regs = 2 * (groups + 1);
  }

  private emit(inst: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new ProgramTooBig('Regular expression too big');
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  node(n: RegexNode): void {
    switch (n.type) {
      case 'char':
        this.emit({ op: 'char', cps: this.ignoreCase ? caseVariants(n.cp) : [n.cp] });
        return;
      case 'any':
        this.emit({ op: 'any' });
        return;
      case 'set':
        this.emit({ op: 'set', ranges: n.ranges, negate: n.negate });
        return;
      case 'assert':
        this.emit({ op: 'assert', kind: n.kind });
        return;
      case 'backref':
        this.emit({ op: 'backref', group: n.index });
        return;
      case 'group':
        this.emit({ op: 'save', reg: 2 * n.index });
        this.node(n.body);
        this.emit({ op: 'save', reg: 2 * n.index + 1 });
        return;
      case 'cat':
        for (const item of n.items) this.node(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((item, k) => {
          const last = k === n.items.length - 1;
          const split = last ? -1 : this.emit({ op: 'split', x: 0, y: 0 });
          if (split >= 0) (this.prog[split] as { x: number }).x = this.prog.length;
          this.node(item);
          if (!last) {
            jumps.push(this.emit({ op: 'jmp', x: 0 }));
            (this.prog[split] as { y: number }).y = this.prog.length;
          }
        });
        for (const j of jumps) (this.prog[j] as { x: number }).x = this.prog.length;
        return;
      }
      case 'repeat':
        this.repeat(n.min, n.max, n.body);
        return;
    }
  }

  private repeat(min: number, max: number, body: RegexNode): void {
    for (let k = 0; k < min; k++) this.node(body);
    if (max === Infinity) {
      const guard = canBeEmpty(body) ? this.regs++ : -1;
      const loop = this.emit({ op: 'split', x: 0, y: 0 });
      (this.prog[loop] as { x: number }).x = this.prog.length;
      if (guard >= 0) this.emit({ op: 'save', reg: guard });
      this.node(body);
      const progress = guard >= 0 ? this.emit({ op: 'progress', reg: guard, exit: 0 }) : -1;
      this.emit({ op: 'jmp', x: loop });
      (this.prog[loop] as { y: number }).y = this.prog.length;
      if (progress >= 0) (this.prog[progress] as { exit: number }).exit = this.prog.length;
      return;
    }
    const splits: number[] = [];
    for (let k = min; k < max; k++) {
      const split = this.emit({ op: 'split', x: 0, y: 0 });
      (this.prog[split] as { x: number }).x = this.prog.length;
      splits.push(split);
      this.node(body);
    }
    for (const s of splits) (this.prog[s] as { y: number }).y = this.prog.length;
  }
}

function wordBefore(text: string, pos: number): boolean {
  return pos > 0 && isWordCode(text.charCodeAt(pos - 1));
}

function wordAt(text: string, pos: number): boolean {
  return pos < text.length && isWordCode(text.charCodeAt(pos));
}

function assertHolds(kind: AssertKind, text: string, pos: number): boolean {
  switch (kind) {
    case 'bol':
      return pos === 0;
    case 'eol':
      return pos === text.length;
    case 'word-boundary':
      return wordBefore(text, pos) !== wordAt(text, pos);
    case 'not-word-boundary':
      return wordBefore(text, pos) === wordAt(text, pos);
    case 'word-start':
      return !wordBefore(text, pos) && wordAt(text, pos);
    case 'word-end':
      return wordBefore(text, pos) && !wordAt(text, pos);
    case 'not-word-before':
      return !wordBefore(text, pos);
    case 'not-word-after':
      return !wordAt(text, pos);
  }
}

export class BacktrackMatcher {
  private readonly prog: Inst[];
  private readonly regCount: number;

  /** Throws ProgramTooBig when the counted repeats copy out to more than MAX_PROGRAM instructions. */
  constructor(
    node: RegexNode,
    groups: number,
    private readonly ignoreCase: boolean,
    private readonly budget: StepBudget,
  ) {
    const c = new Compiler(groups, ignoreCase);
    c.node(node);
    c.prog.push({ op: 'match' });
    this.prog = c.prog;
    this.regCount = c.regs;
  }

  /**
   * The leftmost match starting at or after `from`, as [start, end]: the first end found (enough to select a line),
   * or with `longest` the longest from that start (what grep -o prints, as POSIX leftmost-longest matching does).
   */
  search(text: string, from: number, longest: boolean): [number, number] | null {
    for (let s = from; s <= text.length; s++) {
      const c = text.charCodeAt(s);
      if (s > 0 && c >= 0xdc00 && c <= 0xdfff && text.charCodeAt(s - 1) >= 0xd800 && text.charCodeAt(s - 1) <= 0xdbff) continue;
      const end = this.run(text, s, longest);
      if (end >= 0) return [s, end];
    }
    return null;
  }

  private run(text: string, start: number, longest: boolean): number {
    const { prog, budget } = this;
    const regs = new Int32Array(this.regCount).fill(-1);
    // Pairs: (pc >= 0, position) is a choice to resume; (-1 - reg, value) restores a register.
    const stack: number[] = [];
    let pc = 0;
    let pos = start;
    let best = -1;
    for (;;) {
      if (++budget.used > budget.limit) throw new StepLimitExceeded(budget.limit);
      if ((budget.used & 0xffff) === 0) budget.tick();
      const inst = prog[pc]!;
      let ok = true;
      switch (inst.op) {
        case 'char':
        case 'any':
        case 'set': {
          const cp = pos < text.length ? text.codePointAt(pos)! : -1;
          if (cp >= 0 && (inst.op === 'any' || (inst.op === 'char' ? inst.cps.includes(cp) : setHas(inst.ranges, inst.negate, cp, this.ignoreCase)))) {
            pos += cp > 0xffff ? 2 : 1;
            pc++;
          } else ok = false;
          break;
        }
        case 'assert':
          if (assertHolds(inst.kind, text, pos)) pc++;
          else ok = false;
          break;
        case 'split':
          stack.push(inst.y, pos);
          pc = inst.x;
          break;
        case 'jmp':
          pc = inst.x;
          break;
        case 'save':
          stack.push(-1 - inst.reg, regs[inst.reg]!);
          regs[inst.reg] = pos;
          pc++;
          break;
        case 'progress':
          pc = regs[inst.reg] === pos ? inst.exit : pc + 1;
          break;
        case 'backref': {
          const from = regs[2 * inst.group]!;
          const to = regs[2 * inst.group + 1]!;
          const want = from < 0 || to < 0 ? null : text.slice(from, to);
          const got = want === null ? null : text.slice(pos, pos + want.length);
          if (want !== null && (got === want || (this.ignoreCase && got!.toLowerCase() === want.toLowerCase()))) {
            pos += want.length;
            pc++;
          } else ok = false;
          break;
        }
        case 'match':
          if (!longest) return pos;
          best = Math.max(best, pos);
          ok = false;
          break;
      }
      if (ok) continue;
      for (;;) {
        if (stack.length === 0) return best;
        const value = stack.pop()!;
        const tag = stack.pop()!;
        if (tag < 0) {
          regs[-1 - tag] = value;
          continue;
        }
        pc = tag;
        pos = value;
        break;
      }
    }
  }
}
