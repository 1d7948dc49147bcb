import { PAPER_STEP_LIMIT } from '../../episode/limits';
import { isPlainObject } from '../../formats/jsonl';
import { scoreLocalizationReference, type LocalizationReferenceVerdict } from '../../scoring/reference-localize';
import { scoreLocalizationStrict, type StrictLocalizationVerdict } from '../../scoring/strict-localize';
import { definitionSource, describeWithLlm } from '../describe-llm';
import { localizeInstruction } from '../instructions';
import type { TaskSpec } from '../spec';
import { FUNC_LOCALIZE_DEFAULTS, generateFuncLocalize, type FuncLocalizeOptions } from './generate';
import { localizationTargets, withoutDocstrings } from './start-state';
import { summarizeLocalization, type LocalizationSummary } from './summary';
import type { FuncLocInstance, FuncLocRow } from './types';

/** Function localization (hybrid-gym-tasks.md §1) as a task kind. */

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

function targetProblem(t: Record<string, unknown>, where: string): string | null {
  if (typeof t.file_path !== 'string' || !t.file_path) return `${where}file_path must be a non-empty string`;
  if (typeof t.module_name !== 'string' || !t.module_name) return `${where}module_name must be a non-empty string`;
  if (t.module_type !== undefined && t.module_type !== 'function' && t.module_type !== 'class') return `${where}module_type must be "function" or "class"`;
  for (const k of ['module_line_start', 'module_line_end']) if (!isInt(t[k]) || (t[k] as number) < 0) return `${where}${k} must be a 0-based line number`;
  if ((t.module_line_end as number) < (t.module_line_start as number)) return `${where}module_line_end is before module_line_start`;
  for (const k of ['docstring_line_start', 'docstring_line_end']) if (t[k] !== undefined && !isInt(t[k])) return `${where}${k} must be a line number (or -1)`;
  return null;
}

const yes = (b: boolean) => (b ? 'yes' : 'no');
const pct = (r: { count: number; of: number; rate: number }) => `${r.count}/${r.of} (${(100 * r.rate).toFixed(1)}%)`;

export const funcLocalizeSpec: TaskSpec<FuncLocRow, FuncLocalizeOptions, LocalizationReferenceVerdict, StrictLocalizationVerdict, LocalizationSummary> = {
  kind: 'func-localize',
  title: 'Function localization',
  instanceTitle: (i) => (i.description_mode === 'unmasked' ? i.module_name : `a ${i.module_type} (masked)`),
  noneFoundHint: 'turn off the curated preset and the exclusions, or lower the least body lines',
  shortTitle: 'localize',
  languages: ['python'],
  maxEpisodeSteps: PAPER_STEP_LIMIT,
  options: {
    defaults: FUNC_LOCALIZE_DEFAULTS,
    fields: [
      {
        key: 'mode',
        type: 'choice',
        label: 'Description',
        flag: 'masked',
        choices: ['unmasked', 'masked'],
        help: 'masked: the description names neither the target nor any word of its name',
      },
      {
        key: 'preset',
        type: 'choice',
        label: 'Curated selection',
        flag: 'curated',
        choices: ['authors', 'curated'],
        help: "curated: no private names, no test files, at least one body line (the default is the authors' all_func selection)",
      },
      { key: 'minBodyLines', type: 'int', label: 'Least body lines', flag: 'min-body-lines', min: 0 },
      { key: 'excludeTests', type: 'boolean', label: 'Exclude tests', flag: 'exclude-tests' },
      { key: 'excludePrivate', type: 'boolean', label: 'Exclude private', flag: 'exclude-private' },
    ],
  },
  variantOf: (o) => (o.mode === 'masked' ? 'masked' : null),
  variantOptions: (v) => (v === 'masked' ? { mode: 'masked' } : null),
  recognisedBy: 'file_path, module_name',
  recognises: (i) => typeof i.module_name === 'string' && typeof i.file_path === 'string',
  problem(v) {
    if (Array.isArray(v.functions) && v.functions.length > 0) {
      for (let i = 0; i < v.functions.length; i++) {
        const t: unknown = v.functions[i];
        const p = isPlainObject(t) ? targetProblem(t, `functions[${i}].`) : `functions[${i}] is not an object`;
        if (p) return p;
      }
      return null;
    }
    return targetProblem(v, '');
  },
  generate: generateFuncLocalize,
  // Generated instances are full FuncLocInstances (generate returns them).
  describeWithLlm: (instances, source, llm) =>
    describeWithLlm(instances as FuncLocInstance[], (i) => definitionSource(source(i.file_path), i), llm.endpoint, llm.cache, { onRetry: llm.onRetry }),
  instruction(instance, workspace) {
    const masked = instance.description_mode === 'masked';
    const description =
      (masked ? instance.brief_description : undefined) ?? instance.function_description ?? instance.description ?? instance.brief_description;
    return localizeInstruction({
      workspace,
      moduleType: instance.module_type === 'class' ? 'class' : 'function',
      description: String(description ?? ''),
      moduleName: masked ? undefined : instance.module_name,
    });
  },
  targetFiles: (instance) => localizationTargets(instance).map((t) => t.file_path),
  startText: (instance, path, original) => withoutDocstrings(original, localizationTargets(instance), path),
  gold(instance) {
    const targets = localizationTargets(instance);
    return {
      summary: targets.map((t) => `${t.module_type} ${t.module_name} in ${t.file_path}`).join('; '),
      // The def line does not move when the docstring (after it) is removed.
      sites: targets.map((t) => ({ file: t.file_path, line: t.module_line_start, name: t.module_name })),
    };
  },
  goldDefinition(instance) {
    const t = localizationTargets(instance)[0]!;
    return { file: t.file_path, line: t.module_line_start, name: t.module_name };
  },
  extraMetrics: () => ({}),
  verdicts: {
    reference: { languages: ['python'], score: scoreLocalizationReference },
    strict: { languages: ['python'], score: scoreLocalizationStrict },
  },
  succeeded: (v) => v.success,
  reward: (r) => (r.success ? 1 : 0),
  summarize: summarizeLocalization,
  text: {
    reference: (r) => `success=${yes(r.success)} edited=${yes(r.target_docstring_edited)} comments_only=${yes(r.comments_only)}`,
    strict: (st) => `success=${yes(st.success)}${st.problems.length ? ` (${st.problems[0]})` : ''}`,
    summary: (s) => ({
      heading: `function localization: ${s.instances} episodes`,
      rows: [
        ['success', pct(s.success)],
        ['target docstring edited', pct(s.target_docstring_edited)],
        ['comments only', pct(s.comments_only)],
        ['strict success', s.strict ? pct(s.strict.success) : 'n/a (no --repo)'],
        ['mean steps', s.mean_steps.toFixed(1)],
      ],
    }),
  },
};
