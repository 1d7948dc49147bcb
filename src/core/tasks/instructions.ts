/**
 * What the player is told. These follow what the paper's agents were told (hybrid-gym-reference.md §2.1, §3.1),
 * in our own words; the facts given (target type, name only when unmasked, 1-based line for display, the exact
 * comment wording the scorer accepts) are the same, so verdicts stay comparable.
 */

export interface LocalizeInstructionInput {
  workspace: string;
  moduleType: 'function' | 'class';
  description: string;
  /** Given only in the unmasked variant. */
  moduleName?: string;
}

export function localizeInstruction(i: LocalizeInstructionInput): string {
  const t = i.moduleType;
  const known = i.moduleName
    ? [`- Target name: ${i.moduleName}`, '- Its original docstring was removed; write a new one.']
    : [
        `- Target type: ${t}`,
        `- The name is not given: identify the ${t} from the description of what it does.`,
        '- Its original docstring was removed; write a new one.',
      ];
  return [
    `The repository is at ${i.workspace}.`,
    '',
    `Find the ${t} described below and write its docstring.`,
    '',
    `<${t}_description>`,
    i.description,
    `</${t}_description>`,
    '',
    'What you know:',
    ...known,
    '',
    'Steps:',
    `1. Explore: search the code for ${i.moduleName ? `the ${t}` : `${t === 'class' ? 'classes' : 'functions'} that do what is described`} (no file path is given).`,
    '2. Understand: read its implementation (arguments, return values, side effects).',
    `3. Re-check: make sure the ${t} you found matches the description.`,
    `4. Write: put a clear docstring in triple quotes as the first statement inside the ${t}, covering its purpose, parameters, return value and notable behaviour or exceptions.`,
    '5. Review: change nothing outside the docstring.',
    '',
    'Take the time to explore and reason; a correct match matters more than speed.',
  ].join('\n');
}

export interface DepSearchInstructionInput {
  workspace: string;
  functionName: string;
  file: string;
  /** 0-based, as stored in the instance; shown 1-based. */
  lineStart: number;
}

/** The wording the reference scorer accepts first; the instruction asks for exactly this. */
export function dependencyComment(functionName: string): string {
  return `# this function/class is called by the ${functionName} function`;
}

export function depSearchInstruction(i: DepSearchInstructionInput): string {
  return [
    `The repository is at ${i.workspace}.`,
    '',
    '## Your task',
    `Analyse the function \`${i.functionName}\` at line ${i.lineStart + 1} of \`${i.file}\`. Find every function or class`,
    "defined in this repository that it calls directly, and put this comment on the line right above each one's",
    'definition:',
    '```',
    dependencyComment(i.functionName),
    '```',
    '',
    '## What counts as a call',
    '- calling a function: `helper()`, `obj.method()`',
    '- creating an instance: `MyClass()`',
    '- raising an exception: `raise MyError()`',
    '',
    '## Rules',
    '1. Direct calls only, not what those call in turn.',
    '2. Only definitions in this repository: ignore built-ins, the standard library and installed packages.',
    '3. The comment goes on the line immediately above the `def` or `class` line; when there are decorators, above the decorators.',
    '4. Change no code, and use the exact wording above.',
    '5. One comment per definition: no duplicates.',
    '',
    '## Suggested steps',
    'Read the function; list the calls it makes (typically 1-3 resolve to this repository); resolve each one (a',
    'definition in the same file, or follow the imports at the top of the file); drop the external ones; add the',
    'comments; check them.',
  ].join('\n');
}
