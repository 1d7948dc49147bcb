import { PAPER_STEP_LIMIT } from '../../episode/limits';
import { inBuilderWalk } from '../../index/dependencies';
import { isPlainObject } from '../../formats/jsonl';
import { scoreDependencyReference, type DependencyReferenceVerdict } from '../../scoring/reference-dep';
import { scoreDependencyStrict, type StrictDependencyVerdict } from '../../scoring/strict-dep';
import { depSearchInstruction } from '../instructions';
import type { TaskSpec } from '../spec';
import { DEP_SEARCH_DEFAULTS, generateDepSearch, type DepSearchOptions } from './generate';
import { summarizeDependency, type DependencySummary } from './summary';
import type { DepRow } from './types';

/** Dependency search (hybrid-gym-tasks.md §2) as a task kind. */

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

function dependencyProblem(d: unknown, i: number): string | null {
  if (!isPlainObject(d)) return `dependencies[${i}] is not an object`;
  if (typeof d.name !== 'string' || typeof d.file_path !== 'string') return `dependencies[${i}] needs a name and a file_path`;
  if (!isInt(d.line_start)) return `dependencies[${i}].line_start must be a 0-based line number`;
  if ('decorator_line' in d && !isInt(d.decorator_line)) return `dependencies[${i}].decorator_line must be a line number`;
  return null;
}

const yes = (b: boolean) => (b ? 'yes' : 'no');
const pct = (r: { count: number; of: number; rate: number }) => `${r.count}/${r.of} (${(100 * r.rate).toFixed(1)}%)`;
const f3 = (x: number) => x.toFixed(3);

export const depSearchSpec: TaskSpec<DepRow, DepSearchOptions, DependencyReferenceVerdict, StrictDependencyVerdict, DependencySummary> = {
  kind: 'dep-search',
  title: 'Dependency search',
  instanceTitle: (i) => `${i.target_function_name}()`,
  noneFoundHint: 'widen the dependency range or include tests',
  shortTitle: 'deps',
  languages: ['python'],
  // The builder's walk (dot-folders, venv, env, ... pruned), so `hgym generate` sees what `hgym deps` sees.
  walks: inBuilderWalk,
  maxEpisodeSteps: PAPER_STEP_LIMIT,
  options: {
    defaults: DEP_SEARCH_DEFAULTS,
    fields: [
      { key: 'minDeps', type: 'int', label: 'Min deps', flag: 'min-deps', min: 1, max: 20 },
      { key: 'maxDeps', type: 'int', label: 'Max deps', flag: 'max-deps', min: 1, max: 20 },
      { key: 'includeTests', type: 'boolean', label: 'Include tests', flag: 'include-tests' },
    ],
    problem: (o, name) => (o.minDeps > o.maxDeps ? `${name('minDeps')} is larger than ${name('maxDeps')}` : null),
  },
  variantOf: () => null,
  variantOptions: () => null,
  recognisedBy: 'target_function_name, dependencies',
  recognises: (i) => typeof i.target_function_name === 'string' && Array.isArray(i.dependencies),
  problem(v) {
    if (typeof v.target_function_file !== 'string') return 'target_function_file must be a string';
    for (const k of ['target_function_line_start', 'target_function_line_end']) if (!isInt(v[k])) return `${k} must be a 0-based line number`;
    const deps: unknown[] = Array.isArray(v.dependencies) ? v.dependencies : [];
    for (let i = 0; i < deps.length; i++) {
      const p = dependencyProblem(deps[i], i);
      if (p) return p;
    }
    return null;
  },
  generate: generateDepSearch,
  instruction: (instance, workspace) =>
    depSearchInstruction({
      workspace,
      functionName: instance.target_function_name,
      file: instance.target_function_file,
      lineStart: instance.target_function_line_start,
    }),
  targetFiles: (instance) => [instance.target_function_file],
  startText: (_instance, _path, original) => original,
  gold: (instance) => ({
    summary: `${instance.dependencies.length} dependencies of ${instance.target_function_name}`,
    sites: instance.dependencies.map((d) => ({ file: d.file_path, line: d.line_start, name: d.name })),
  }),
  goldDefinition: (instance) => ({ file: instance.target_function_file, line: instance.target_function_line_start, name: instance.target_function_name }),
  extraMetrics: (instance, firstSight) => ({
    first_dependency_view_steps: (Array.isArray(instance.dependencies) ? instance.dependencies : []).map((d) =>
      firstSight({ file: d.file_path, line: d.line_start, name: d.name }),
    ),
  }),
  verdicts: {
    reference: { languages: ['python'], score: scoreDependencyReference },
    strict: { languages: ['python'], score: scoreDependencyStrict },
  },
  succeeded: (v) => v.full_success,
  // Partial credit: the reference F1 when not a full success.
  reward: (r) => (r.full_success ? 1 : r.f1),
  summarize: summarizeDependency,
  text: {
    reference: (r) =>
      `full=${yes(r.full_success)} tp=${r.true_positives} fn=${r.false_negatives} fp=${r.false_positives} dup=${r.duplicates} f1=${f3(r.f1)} comments_only=${yes(r.comments_only)}`,
    strict: (st) => `full=${yes(st.full_success)} tp=${st.true_positives} fp=${st.false_positives} dup=${st.duplicates} misplaced=${st.misplaced}`,
    summary: (s) => ({
      heading: `dependency search: ${s.instances} episodes`,
      rows: [
        ['full success', pct(s.full_success)],
        ['comments only', pct(s.comments_only)],
        ['micro P / R / F1', `${f3(s.micro.precision)} / ${f3(s.micro.recall)} / ${f3(s.micro.f1)}`],
        ['macro P / R / F1', `${f3(s.macro.precision)} / ${f3(s.macro.recall)} / ${f3(s.macro.f1)}`],
        ['TP / FN / FP / dup', `${s.micro.true_positives} / ${s.micro.false_negatives} / ${s.micro.false_positives} / ${s.micro.duplicates}`],
        ['strict full success', s.strict ? pct(s.strict.full_success) : 'n/a (no --repo)'],
        ['strict micro F1', s.strict ? `${f3(s.strict.micro.f1)} (${s.strict.misplaced} misplaced)` : 'n/a'],
        ['mean steps', s.mean_steps.toFixed(1)],
      ],
      table: {
        heading: 'by number of dependencies:',
        rows: [
          ['deps', 'episodes', 'full success', 'P', 'R', 'F1'],
          ...Object.entries(s.by_num_dependencies).map(([k, g]) => [k, String(g.instances), pct(g.full_success), f3(g.precision), f3(g.recall), f3(g.f1)]),
        ],
      },
    }),
  },
};
