import { useEffect, useState } from 'react';
import type { DependencyReferenceVerdict } from '../../core/scoring/reference-dep';
import type { LocalizationReferenceVerdict } from '../../core/scoring/reference-localize';
import type { EpisodeScore } from '../../core/scoring/score';
import type { StrictDependencyVerdict } from '../../core/scoring/strict-dep';
import type { StrictLocalizationVerdict } from '../../core/scoring/strict-localize';
import { get } from '../../store/db';
import type { EpisodeRecord } from '../../store/play';
import { DiffView } from '../common/DiffView';
import { describeArgs, formatClock } from '../../core/display/format';

export function ResultScreen({ episode }: { episode: string }) {
  const [record, setRecord] = useState<EpisodeRecord | null | undefined>(undefined);
  useEffect(() => {
    void get<EpisodeRecord>('episodes', episode).then((r) => setRecord(r ?? null));
  }, [episode]);
  if (record === undefined) return <div className="page muted">Loading…</div>;
  if (record === null) return <div className="page"><div className="banner error">This episode is not stored in this browser.</div></div>;
  if (record.status === 'running' || record.status === 'idle') {
    // Its end was played but never stored (storage failed, then the page was reloaded): the saved state is earlier.
    const steps = record.snapshot.trajectory.steps.length;
    return (
      <div className="page">
        <div className="banner warn" role="status">
          This episode's end was not saved: what is stored stops at step {steps}, with the episode still open.{' '}
          <a href={`#/play/${encodeURIComponent(record.id)}`}>Resume it from step {steps}</a>.
        </div>
      </div>
    );
  }
  const score = record.score;
  const outcome = record.snapshot.outcome;
  const i = record.instance;
  return (
    <div className="page">
      <div className="page-header">
        <div className="muted">
          <a href={`#/repo/${encodeURIComponent(record.repoId)}`}>{record.repoName}</a> / result
        </div>
        <h1>{i.task === 'func-localize' ? 'Function localization' : 'Dependency search'}: result</h1>
        <p className="muted">
          Ended by {outcome?.reason === 'step-limit' ? 'reaching the step limit' : 'submitting'} after {record.snapshot.trajectory.steps.length} steps,{' '}
          {formatClock(record.snapshot.clock.elapsedMs)} on the clock.
        </p>
      </div>
      {!score && <div className="banner warn">{outcome?.scoreError ? `Scoring failed: ${outcome.scoreError}` : 'This episode was not scored.'}</div>}
      {score && <Verdicts score={score} />}
      <section className="card" aria-label="Answer">
        <h3>The answer</h3>
        {i.task === 'func-localize' ? (
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
        ) : (
          <DependencyAnswer record={record} score={score} />
        )}
      </section>
      <section aria-label="Your patch">
        <h3 style={{ marginBottom: 8 }}>Your patch</h3>
        <DiffView patch={outcome?.patch ?? ''} label="Patch" />
      </section>
      <section className="card" aria-label="Trajectory">
        <h3>Trajectory</h3>
        <ol className="trajectory">
          {record.snapshot.trajectory.steps.map((s) => (
            <li key={s.step} className={s.error ? 'error' : ''}>
              <details>
                <summary>
                  <span className="mono">{s.tool}</span> {describeArgs(s.args)} <span className="muted">at {formatClock(s.elapsedMs)}</span>
                </summary>
                <pre className="observation">{s.observation}</pre>
              </details>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Verdicts({ score }: { score: EpisodeScore }) {
  if (score.task === 'func-localize') {
    const ref = score.reference as LocalizationReferenceVerdict;
    const strict = score.strict as StrictLocalizationVerdict | null;
    return (
      <div className="verdicts">
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
        <Metrics score={score} />
      </div>
    );
  }
  const ref = score.reference as DependencyReferenceVerdict;
  const strict = score.strict as StrictDependencyVerdict | null;
  return (
    <div className="verdicts">
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
      <Metrics score={score} />
    </div>
  );
}

function DepCounts({ v }: { v: { true_positives: number; false_negatives: number; false_positives: number; duplicates: number; precision: number; recall: number; f1: number } }) {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <p>
      Found {v.true_positives}, missed {v.false_negatives}, wrong {v.false_positives}, duplicates {v.duplicates}. Precision {pct(v.precision)}, recall{' '}
      {pct(v.recall)}, F1 {pct(v.f1)}.
    </p>
  );
}

function Verdict({ title, ok, children }: { title: string; ok: boolean; children: React.ReactNode }) {
  return (
    <div className={`card verdict ${ok ? 'pass' : 'fail'}`} aria-label={title}>
      <div className="section-title">
        <h3>{title}</h3>
        <span className={`badge ${ok ? 'ok' : 'bad'}`}>{ok ? 'Success' : 'Not solved'}</span>
      </div>
      <div className="stack">{children}</div>
    </div>
  );
}

function Check({ ok, label }: { ok: boolean; label: string }) {
  return (
    <p className={ok ? 'check ok' : 'check bad'}>
      <span aria-hidden="true">{ok ? '✓' : '✗'}</span> {label}
    </p>
  );
}

function Metrics({ score }: { score: EpisodeScore }) {
  const m = score.metrics;
  return (
    <div className="card stats" aria-label="Metrics">
      <div className="stat">
        <span className="stat-value">{m.steps}</span>
        <span className="stat-label">Steps</span>
      </div>
      <div className="stat">
        <span className="stat-value">{formatClock(m.time_ms)}</span>
        <span className="stat-label">Time</span>
      </div>
      <div className="stat">
        <span className="stat-value">{m.first_gold_file_view_step ?? '—'}</span>
        <span className="stat-label">Gold file first seen (step)</span>
      </div>
      <div className="stat">
        <span className="stat-value">{m.first_gold_definition_view_step ?? '—'}</span>
        <span className="stat-label">Gold definition first seen (step)</span>
      </div>
    </div>
  );
}

function DependencyAnswer({ record, score }: { record: EpisodeRecord; score: EpisodeScore | null }) {
  const i = record.instance;
  if (i.task !== 'dep-search') return null;
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
        <p className="muted">
          Comments that matched no dependency: {ref.false_positive_comments.map((c) => `${c.file}:${c.line}`).join(', ')}
        </p>
      )}
    </div>
  );
}
