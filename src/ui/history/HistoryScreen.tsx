import { useEffect, useMemo, useState } from 'react';
import { episodeRecord, writeEpisodeResultsJsonl } from '../../core/formats/episode-record';
import { scoreSucceeded } from '../../core/scoring/score';
import { systemPrompt } from '../../core/agents/prompts';
import { ToolRegistry } from '../../core/episode/tools/registry';
import { storedEpisodeTools } from '../../sandbox/run-tool';
import { toJsonl } from '../../core/formats/jsonl';
import { trainingConversation } from '../../core/formats/training';
import { listEpisodes, type EpisodeRecord } from '../../store/play';
import { formatClock } from '../../core/display/format';
import { taskRegistry } from '../../core/tasks/registry';
import { taskTitle } from '../tasks/registry';
import { TaskTag } from '../tasks/TaskTag';

type Outcome = 'all' | 'success' | 'failed' | 'playing';

function outcomeOf(r: EpisodeRecord): Exclude<Outcome, 'all'> {
  if (r.status === 'running' || r.status === 'idle') return 'playing';
  return r.score && scoreSucceeded(r.score) ? 'success' : 'failed';
}

/** Every episode in this browser; filter, reopen, and export as JSONL in the OpenHands evaluation shape. */
export function HistoryScreen() {
  const [rows, setRows] = useState<EpisodeRecord[] | null>(null);
  const [repo, setRepo] = useState('all');
  const [task, setTask] = useState('all');
  const [player, setPlayer] = useState('all');
  const [outcome, setOutcome] = useState<Outcome>('all');
  useEffect(() => {
    void listEpisodes().then(setRows);
  }, []);
  const repos = useMemo(() => [...new Set((rows ?? []).map((r) => r.repoName))].sort(), [rows]);
  const players = useMemo(() => [...new Set((rows ?? []).map((r) => r.player.kind))].sort(), [rows]);
  const shown = (rows ?? []).filter(
    (r) =>
      (repo === 'all' || r.repoName === repo) &&
      (task === 'all' || r.instance.task === task) &&
      (player === 'all' || r.player.kind === player) &&
      (outcome === 'all' || outcomeOf(r) === outcome),
  );

  const download = (text: string, name: string) => {
    const blob = new Blob([text], { type: 'application/x-ndjson' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const solvedShown = shown.filter((r) => outcomeOf(r) === 'success');
  /** The successful episodes as the chat conversations the authors fine-tune on. */
  const exportTraining = () => {
    const tools = new ToolRegistry().functionSpecs();
    const conversations = solvedShown.map((r) => ({
      instance_id: r.instance.instance_id,
      ...trainingConversation({
        systemPrompt: systemPrompt({ maxSteps: r.snapshot.maxSteps }),
        instruction: r.snapshot.trajectory.instruction,
        tools,
        steps: r.snapshot.trajectory.steps,
      }),
    }));
    download(toJsonl(conversations), `hybrid-gym-training-${new Date().toISOString().slice(0, 10)}.jsonl`);
  };

  const exportJsonl = () => {
    const records = shown
      .filter((r) => r.snapshot.outcome)
      .map((r) =>
        episodeRecord({
          instance: r.instance,
          instruction: r.snapshot.trajectory.instruction,
          steps: r.snapshot.trajectory.steps,
          tools: storedEpisodeTools,
          patch: r.snapshot.outcome!.patch,
          startedAt: r.snapshot.trajectory.startedAt,
          metrics: { ...(r.score?.metrics ?? {}), player: r.player },
        }),
      );
    download(writeEpisodeResultsJsonl(records), `hybrid-gym-episodes-${new Date().toISOString().slice(0, 10)}.jsonl`);
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>History</h1>
        <p className="lede">Every episode played in this browser, by people and by models, with its verdict.</p>
      </div>
      <div className="row card" role="group" aria-label="Filters">
        <Filter label="Repository" value={repo} onChange={setRepo} options={repos} />
        <Filter label="Task" value={task} onChange={setTask} options={taskRegistry.kinds()} />
        <Filter label="Player" value={player} onChange={setPlayer} options={players} />
        <Filter label="Outcome" value={outcome} onChange={(v) => setOutcome(v as Outcome)} options={['success', 'failed', 'playing']} />
        <span className="grow" />
        <button className="btn" onClick={exportJsonl} disabled={!shown.some((r) => r.snapshot.outcome)} style={{ alignSelf: 'flex-end' }}>
          Export JSONL ({shown.filter((r) => r.snapshot.outcome).length})
        </button>
        <button
          className="btn"
          onClick={exportTraining}
          disabled={!solvedShown.length}
          style={{ alignSelf: 'flex-end' }}
          title="Successful episodes as chat conversations for fine-tuning"
        >
          Export training data ({solvedShown.length})
        </button>
      </div>
      {rows && !rows.length && <div className="empty">No episodes yet. Open a repository, generate a task and press Play.</div>}
      {shown.length > 0 && (
        <table className="card" style={{ padding: 0 }} aria-label="Episodes">
          <thead>
            <tr>
              <th>When</th>
              <th>Repository</th>
              <th>Task</th>
              <th>Player</th>
              <th>Steps</th>
              <th>Time</th>
              <th>Outcome</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const o = outcomeOf(r);
              return (
                <tr key={r.id}>
                  <td className="muted">{new Date(r.updatedAt).toLocaleString()}</td>
                  <td>{r.repoName}</td>
                  <td>
                    <TaskTag instance={r.instance} /> <span className="mono">{taskTitle(r.instance)}</span>
                  </td>
                  <td>{r.player.name ? `${r.player.kind} (${r.player.name})` : r.player.kind}</td>
                  <td>{r.snapshot.trajectory.steps.length}</td>
                  <td>{formatClock(r.snapshot.clock.elapsedMs)}</td>
                  <td>
                    <span className={`badge ${o === 'success' ? 'ok' : o === 'failed' ? 'bad' : ''}`}>{o}</span>
                  </td>
                  <td>
                    <a className="btn small" href={o === 'playing' ? `#/play/${encodeURIComponent(r.id)}` : `#/result/${encodeURIComponent(r.id)}`}>
                      {o === 'playing' ? 'Resume' : 'View'}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Filter({ label, value, onChange, options }: { label: string; value: string; onChange(v: string): void; options: string[] }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="all">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
