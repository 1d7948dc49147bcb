import { useEffect, useState } from 'react';
import { useAgentSettings } from '../../store/agent-settings';
import { useBatch } from '../../store/batch';
import type { StoredInstance } from '../../store/repo-session';
import { ProgressBar } from '../common/ProgressBar';
import { taskTitle } from '../tasks/registry';
import { AgentSettingsForm } from './AgentSettingsForm';

/** Run the chosen agent over the listed tasks, and set its results beside people's on the same tasks. */
export function BatchPanel({ instances }: { instances: StoredInstance[] }) {
  const { running, rows, done, human, notice, resumable, run, resume, stop, refreshHuman } = useBatch();
  const [concurrency, setConcurrency] = useState(2);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void refreshHuman();
  }, [refreshHuman]);
  const byKey = new Map(instances.map((s) => [s.key, s]));
  const solved = rows.filter((r) => r.success).length;
  const left = rows.length - done;
  /** Starts `how` with the agent the form describes, or says what the form lacks. */
  const start = (how: typeof run) => {
    const probe = useAgentSettings.getState().makeAgent();
    if (!probe.ok) return setError(probe.error);
    setError(null);
    void how(
      instances,
      () => {
        const made = useAgentSettings.getState().makeAgent();
        if (!made.ok) throw new Error(made.error);
        return made.agent;
      },
      concurrency,
    );
  };
  return (
    <section className="card stack" aria-label="Batch run">
      <div className="section-title">
        <h3>Let a model play these {instances.length} tasks</h3>
      </div>
      {notice && !running && (
        <div className="banner warn" role="status" aria-label="Batch status">
          {notice}
        </div>
      )}
      <AgentSettingsForm />
      <div className="row">
        <label>
          At a time
          <input type="number" min={1} max={8} value={concurrency} onChange={(e) => setConcurrency(Math.max(1, Math.min(8, Number(e.target.value) || 1)))} />
        </label>
        <span className="grow" />
        {running ? (
          <button className="btn danger" onClick={stop}>
            Stop
          </button>
        ) : (
          <>
            {notice && resumable && left > 0 && (
              <button className="btn primary" onClick={() => start(resume)}>
                Resume: play the {left} left
              </button>
            )}
            <button className={`btn${notice && resumable && left > 0 ? '' : ' primary'}`} disabled={!instances.length} onClick={() => start(run)}>
              Run on {instances.length} tasks
            </button>
          </>
        )}
      </div>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {rows.length > 0 && (
        <>
          <div aria-live="polite">
            <p>
              {done} of {rows.length} episodes played, {solved} solved (reference verdict).
            </p>
            <ProgressBar label="Batch progress" value={done} max={rows.length} />
          </div>
          <table aria-label="Batch results">
            <thead>
              <tr>
                <th>Task</th>
                <th>Agent</th>
                <th>Steps</th>
                <th>People on this task</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const s = byKey.get(r.key);
                const h = human[r.key];
                return (
                  <tr key={r.key} data-status={r.status}>
                    <td className="mono">{s ? taskTitle(s.instance) : r.instanceId}</td>
                    <td>
                      {r.status === 'done' || r.status === 'error' ? (
                        <a href={r.episodeId ? `#/result/${encodeURIComponent(r.episodeId)}` : undefined} title={r.error}>
                          <span className={`badge ${r.success ? 'ok' : 'bad'}`}>{r.success ? 'solved' : r.status === 'error' ? 'error' : 'not solved'}</span>
                          {r.f1 !== undefined && !r.success && <span className="muted"> F1 {Math.round(r.f1 * 100)}%</span>}
                          {r.unsaved && <span className="muted"> (not saved)</span>}
                        </a>
                      ) : (
                        <span className="muted">{r.status === 'stopped' ? 'not played' : r.status}</span>
                      )}
                    </td>
                    <td>{r.steps ?? ''}</td>
                    <td>{h ? `${h.solved} of ${h.played} solved` : <span className="muted">not played yet</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
