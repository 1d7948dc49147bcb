import { useEffect, useState } from 'react';
import type { EpisodeScore } from '../../core/scoring/score';
import { taskRegistry } from '../../core/tasks/registry';
import { get } from '../../store/db';
import type { EpisodeRecord } from '../../store/play';
import { DiffView } from '../common/DiffView';
import { describeCall, formatClock } from '../../core/display/format';
import { storedEpisodeTools } from '../../sandbox/run-tool';
import { taskView } from '../tasks/registry';

export function ResultScreen({ episode }: { episode: string }) {
  const [record, setRecord] = useState<EpisodeRecord | null | undefined>(undefined);
  useEffect(() => {
    void get<EpisodeRecord>('episodes', episode).then((r) => setRecord(r ?? null));
  }, [episode]);
  if (record === undefined) return <div className="page muted">Loading…</div>;
  if (record === null)
    return (
      <div className="page">
        <div className="banner error">This episode is not stored in this browser.</div>
      </div>
    );
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
  const spec = taskRegistry.require(i);
  const view = taskView(spec.kind);
  return (
    <div className="page">
      <div className="page-header">
        <div className="muted">
          <a href={`#/repo/${encodeURIComponent(record.repoId)}`}>{record.repoName}</a> / result
        </div>
        <h1>{spec.title}: result</h1>
        <p className="muted">
          Ended by {outcome?.reason === 'step-limit' ? 'reaching the step limit' : 'submitting'} after {record.snapshot.trajectory.steps.length} steps,{' '}
          {formatClock(record.snapshot.clock.elapsedMs)} on the clock.
        </p>
      </div>
      {!score && <div className="banner warn">{outcome?.scoreError ? `Scoring failed: ${outcome.scoreError}` : 'This episode was not scored.'}</div>}
      {score && (
        <div className="verdicts">
          <view.Verdicts score={score} />
          <Metrics score={score} />
        </div>
      )}
      <section className="card" aria-label="Answer">
        <h3>The answer</h3>
        <view.Answer instance={i} score={score} />
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
                  <span className="mono">{s.tool}</span> {describeCall(s.tool, s.args, storedEpisodeTools)}{' '}
                  <span className="muted">at {formatClock(s.elapsedMs)}</span>
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
