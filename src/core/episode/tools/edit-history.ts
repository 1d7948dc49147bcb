/**
 * What `undo_edit` restores: per file, the texts before each edit (null when the edit created the file), newest
 * last, at most 10 per file as OpenHands keeps. Plain JSON so an episode snapshot carries it.
 */

export type EditHistoryData = Record<string, (string | null)[]>;

const MAX_PER_FILE = 10;

export class EditHistory {
  private readonly stacks = new Map<string, (string | null)[]>();

  push(path: string, before: string | null): void {
    const stack = this.stacks.get(path) ?? [];
    stack.push(before);
    if (stack.length > MAX_PER_FILE) stack.shift();
    this.stacks.set(path, stack);
  }

  /** The text before the last edit (null: the file did not exist), or undefined when there is nothing to undo. */
  pop(path: string): string | null | undefined {
    const stack = this.stacks.get(path);
    if (!stack || stack.length === 0) return undefined;
    const v = stack.pop();
    if (stack.length === 0) this.stacks.delete(path);
    return v;
  }

  toJSON(): EditHistoryData {
    const out: EditHistoryData = {};
    for (const [k, v] of [...this.stacks].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out[k] = [...v];
    return out;
  }

  static fromJSON(data: EditHistoryData): EditHistory {
    const h = new EditHistory();
    for (const [k, v] of Object.entries(data)) h.stacks.set(k, [...v]);
    return h;
  }
}
