/**
 * What the baseline reads from the instruction text, the only task input any player gets: the repository path and
 * either the description to localize or the function whose dependencies to find. Both our instructions
 * (src/core/tasks/instructions.ts) and close paraphrases are read.
 */

export interface LocalizeTask {
  task: 'localize';
  root: string;
  kind: 'function' | 'class';
  description: string;
  /** Given only in the unmasked variant. */
  name: string | null;
}

export interface DependencyTask {
  task: 'dependencies';
  root: string;
  name: string;
  file: string;
  /** 1-based, as shown. */
  line: number;
  /** The exact comment line to add above each dependency. */
  comment: string;
}

export type BaselineTask = LocalizeTask | DependencyTask;

export function parseInstruction(text: string): BaselineTask | { error: string } {
  const root = /repository is at (\/\S+?)\.?\s*$/m.exec(text)?.[1] ?? /(\/workspace\/[\w.-]+)/.exec(text)?.[1];
  if (!root) return { error: 'the instruction names no repository path' };
  const desc = /<(function|class)_description>\s*([\s\S]*?)\s*<\/\1_description>/.exec(text);
  if (desc) {
    const name = /Target name:\s*`?([A-Za-z_]\w*)`?/.exec(text)?.[1] ?? null;
    return { task: 'localize', root, kind: desc[1] as 'function' | 'class', description: desc[2]!, name };
  }
  const dep = /function `([A-Za-z_]\w*)` at line (\d+) of `([^`]+)`/.exec(text);
  if (dep) {
    const comment = /^\s*(# this function\/class is called by[^\n]*)$/m.exec(text)?.[1]?.trim() ?? `# this function/class is called by the ${dep[1]} function`;
    return { task: 'dependencies', root, name: dep[1]!, line: Number(dep[2]), file: dep[3]!, comment };
  }
  return { error: 'the instruction is neither a function-localization nor a dependency-search task' };
}
