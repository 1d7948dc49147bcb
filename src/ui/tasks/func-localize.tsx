import type { LocalizationReferenceVerdict } from '../../core/scoring/reference-localize';
import type { StrictLocalizationVerdict } from '../../core/scoring/strict-localize';
import { funcLocalizeSpec } from '../../core/tasks/func-localize/spec';
import type { FuncLocInstance } from '../../core/tasks/func-localize/types';
import { Check, sameNamed, Verdict, type TaskView } from './view';

/** Function localization on the screens. */
export const funcLocalizeView: TaskView<FuncLocInstance> = {
  kind: funcLocalizeSpec.kind,
  tagClass: 'func-localize',
  difficulty: (i) => `${i.difficulty.body_lines} lines${sameNamed(i.difficulty)}`,
  form: {
    keys: ['mode', 'preset', 'minBodyLines', 'excludeTests', 'excludePrivate'],
    labels: {
      mode: 'Masked description (the name is not given)',
      preset: 'Curated: no private names, no test files, a body besides the docstring',
      minBodyLines: 'Least body lines',
      excludeTests: 'Exclude test files (pytest discovery)',
      excludePrivate: 'Exclude private names (_x)',
    },
  },
  Verdicts({ score }) {
    const ref = score.reference as LocalizationReferenceVerdict;
    const strict = score.strict as StrictLocalizationVerdict | null;
    return (
      <>
        <Verdict title="Reference verdict (the authors' eval_localize.py)" ok={ref.success}>
          <Check ok={ref.target_docstring_edited} label="target's docstring edited (an added line in the target's range)" />
          <Check ok={ref.comments_only} label="only comments or docstrings added, nothing removed" />
        </Verdict>
        {strict && (
          <Verdict title="Strict verdict (checked with the parser)" ok={strict.success}>
            <Check ok={strict.target_docstring_added} label="the target now has a docstring" />
            <Check ok={strict.code_unchanged} label="no code token changed" />
            {strict.problems.map((p, k) => (
              <p key={k} className="muted">
                {p}
              </p>
            ))}
          </Verdict>
        )}
      </>
    );
  },
  Answer: ({ instance: i }) => (
    <div className="stack">
      <p>
        The target was <code>{i.module_name}</code> ({i.module_type}) in <code>{i.file_path}</code>, lines {i.module_line_start + 1}–{i.module_line_end + 1}.
      </p>
      {i.docstring && (
        <>
          <p className="muted">Its original docstring:</p>
          <pre className="instruction">{i.docstring}</pre>
        </>
      )}
    </div>
  ),
};
