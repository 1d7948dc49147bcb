import type { DependencyReferenceVerdict } from '../../core/scoring/reference-dep';
import type { StrictDependencyVerdict } from '../../core/scoring/strict-dep';
import { depSearchSpec } from '../../core/tasks/dep-search/spec';
import type { DepInstance } from '../../core/tasks/dep-search/types';
import { Check, sameNamed, Verdict, type TaskView } from './view';

/** Dependency search on the screens. */

function DepCounts({
  v,
}: {
  v: { true_positives: number; false_negatives: number; false_positives: number; duplicates: number; precision: number; recall: number; f1: number };
}) {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <p>
      Found {v.true_positives}, missed {v.false_negatives}, wrong {v.false_positives}, duplicates {v.duplicates}. Precision {pct(v.precision)}, recall{' '}
      {pct(v.recall)}, F1 {pct(v.f1)}.
    </p>
  );
}

export const depSearchView: TaskView<DepInstance> = {
  kind: depSearchSpec.kind,
  tagClass: 'dep-search',
  difficulty: (i) => `${i.num_dependencies} deps, ${i.difficulty.cross_file_dependencies} in other files${sameNamed(i.difficulty)}`,
  form: {
    keys: ['minDeps', 'maxDeps', 'includeTests'],
    labels: { minDeps: 'Min dependencies', maxDeps: 'Max dependencies', includeTests: 'Include test files' },
  },
  Verdicts({ score }) {
    const ref = score.reference as DependencyReferenceVerdict;
    const strict = score.strict as StrictDependencyVerdict | null;
    return (
      <>
        <Verdict title="Reference verdict (the authors' eval_dep.py)" ok={ref.full_success}>
          <DepCounts v={ref} />
          <Check ok={ref.comments_only} label="only # comment lines added" />
        </Verdict>
        {strict && (
          <Verdict title="Strict verdict (comment directly above each definition)" ok={'full_success' in strict ? Boolean(strict.full_success) : false}>
            <DepCounts v={strict} />
            <p className="muted">{strict.misplaced} misplaced</p>
          </Verdict>
        )}
      </>
    );
  },
  Answer({ instance: i, score }) {
    const ref = score?.reference as DependencyReferenceVerdict | undefined;
    const found = new Set(ref?.annotated_deps ?? []);
    return (
      <div className="stack">
        <p>
          <code>{i.target_function_name}</code> in <code>{i.target_function_file}</code> calls {i.num_dependencies} repo definition
          {i.num_dependencies === 1 ? '' : 's'} directly:
        </p>
        <table aria-label="Dependencies">
          <thead>
            <tr>
              <th>Dependency</th>
              <th>Where</th>
              <th>You</th>
            </tr>
          </thead>
          <tbody>
            {i.dependencies.map((d) => (
              <tr key={`${d.file_path}:${d.line_start}`} className={found.has(d.name) ? 'found' : 'missed'}>
                <td className="mono">
                  {d.name} <span className="muted">({d.type})</span>
                </td>
                <td className="mono">
                  {d.file_path}:{d.decorator_line + 1}
                </td>
                <td>{found.has(d.name) ? <span className="badge ok">found</span> : <span className="badge bad">missed</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {ref && ref.false_positive_comments.length > 0 && (
          <p className="muted">Comments that matched no dependency: {ref.false_positive_comments.map((c) => `${c.file}:${c.line}`).join(', ')}</p>
        )}
      </div>
    );
  },
  PlayHint: ({ instance: i, openFile }) => (
    <button className="btn small" onClick={() => openFile(i.target_function_file, i.target_function_line_start + 1)}>
      Open {i.target_function_file} at line {i.target_function_line_start + 1}
    </button>
  ),
};
