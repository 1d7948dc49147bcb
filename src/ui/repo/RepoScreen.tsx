import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_GENERATOR, useRepoSession, type GeneratorSettings, type StoredInstance } from '../../store/repo-session';
import { CodeEditor } from '../common/CodeEditor';
import { FileTree } from '../common/FileTree';
import { optionsFromForm } from '../../core/tasks/option-fields';
import { taskRegistry } from '../../core/tasks/registry';
import type { OptionField } from '../../core/tasks/spec';
import { taskTitle, taskView } from '../tasks/registry';
import { ProgressBar } from '../common/ProgressBar';
import { useRouter } from '../../store/router';
import { BatchPanel } from '../agents/BatchPanel';
import { useBatch } from '../../store/batch';

export function RepoScreen({ id }: { id: string }) {
  const { open, phase, name, stats, notes, files } = useRepoSession();
  useEffect(() => {
    void open(id);
  }, [id, open]);
  const [tab, setTab] = useState<'tasks' | 'files'>('tasks');

  return (
    <div className="page">
      <div className="page-header">
        <div className="muted">
          <a href="#/">Repositories</a> / {name || id}
        </div>
        <h1>{name || id}</h1>
      </div>
      {phase.kind === 'error' && (
        <div className="banner error" role="alert">
          {phase.message}
        </div>
      )}
      {(phase.kind === 'loading' || phase.kind === 'indexing') && (
        <div className="card" aria-live="polite">
          <p>{phase.kind === 'loading' ? 'Loading files…' : `Indexing ${phase.done} / ${phase.total} files with tree-sitter`}</p>
          <ProgressBar label="Indexing progress" value={phase.kind === 'indexing' ? phase.done : 0} max={phase.kind === 'indexing' ? phase.total : 1} />
          {phase.kind === 'indexing' && <p className="muted mono">{phase.file}</p>}
        </div>
      )}
      {notes.map((note) => (
        <div key={note} className="banner warn" role="status" aria-label="Repo note">
          {note}
        </div>
      ))}
      {stats && (
        <div className="card stats" aria-label="Index statistics">
          <Stat label="Files" value={stats.files} />
          <Stat label="Lines" value={stats.lines} />
          <Stat label="Definitions" value={stats.definitions} />
          <Stat label="Call sites" value={stats.callSites} />
          <Stat label="Resolved calls" value={stats.resolved} />
          <Stat label="Ambiguous calls" value={stats.ambiguous} />
          <Stat label="Index time (ms)" value={stats.ms} />
        </div>
      )}
      {phase.kind === 'ready' && (
        <>
          <div className="tabs" role="tablist" aria-label="Repo views">
            <button role="tab" aria-selected={tab === 'tasks'} className="tab" onClick={() => setTab('tasks')}>
              Tasks
            </button>
            <button role="tab" aria-selected={tab === 'files'} className="tab" onClick={() => setTab('files')}>
              Files ({files.length})
            </button>
          </div>
          {tab === 'tasks' ? (
            <div className="split">
              <GeneratorPanel />
              <div className="stack">
                <InstanceList />
                <BatchSection />
              </div>
            </div>
          ) : (
            <FileBrowser />
          )}
        </>
      )}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat">
      <span className="stat-value">{value.toLocaleString()}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

/** A whole number from a number input, or `fallback` when it is empty or not a number. */
const num = (v: string, fallback: number) => (Number.isFinite(Number(v)) && v !== '' ? Math.max(0, Math.floor(Number(v))) : fallback);

function GeneratorPanel() {
  const { generate, generating, generateError } = useRepoSession();
  const [s, setS] = useState<GeneratorSettings>(DEFAULT_GENERATOR);
  return (
    <form
      className="card stack"
      aria-label="Generate tasks"
      onSubmit={(e) => {
        e.preventDefault();
        void generate(s);
      }}
    >
      <h3>Generate tasks</h3>
      <label>
        Task
        <select aria-label="Task type" value={s.task} onChange={(e) => setS({ ...s, task: e.target.value as GeneratorSettings['task'] })}>
          {taskRegistry.all().map((spec) => (
            <option key={spec.kind} value={spec.kind}>
              {spec.title}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          Count
          <input type="number" min={1} max={1000} value={s.n} onChange={(e) => setS({ ...s, n: num(e.target.value, s.n) })} />
        </label>
        <label>
          Seed
          <input type="number" min={0} value={s.seed} onChange={(e) => setS({ ...s, seed: num(e.target.value, s.seed) })} />
        </label>
      </div>
      <OptionInputs settings={s} onChange={setS} />
      <button className="btn primary" type="submit" disabled={generating || optionsProblem(s) !== null}>
        {generating ? 'Generating…' : 'Generate'}
      </button>
      {generateError && <div className="banner warn">{generateError}</div>}
    </form>
  );
}

/** Why the settings' options do not go together (the spec's check, fields named by their labels), or null. */
function optionsProblem(s: GeneratorSettings): string | null {
  const spec = taskRegistry.get(s.task);
  const label = (key: string) => taskView(s.task).form.labels?.[key] ?? spec.options.fields.find((f: OptionField) => f.key === key)?.label ?? key;
  return spec.options.problem?.({ ...spec.options.defaults, ...optionsFromForm(spec.options.fields, { ...s }) }, label) ?? null;
}

/**
 * The kind's generator fields, from its spec's option fields (those its view shows, with its labels): numbers in a
 * row, then switches. A choice whose flag is one of its choices (`masked`) is a checkbox stored under that flag.
 */
function OptionInputs({ settings, onChange }: { settings: GeneratorSettings; onChange(s: GeneratorSettings): void }) {
  const spec = taskRegistry.get(settings.task);
  const view = taskView(settings.task);
  const form: Record<string, unknown> = { ...settings };
  const fields = spec.options.fields.filter((f: OptionField) => view.form.keys.includes(f.key));
  const label = (f: OptionField) => view.form.labels?.[f.key] ?? f.label;
  const set = (key: string, value: unknown) => onChange({ ...settings, [key]: value });
  const value = (key: string) => form[key] ?? (spec.options.defaults as Record<string, unknown>)[key];
  const ints = fields.filter((f) => f.type === 'int');
  return (
    <>
      {ints.length > 0 && (
        <div className="row">
          {ints.map((f) => (
            <label key={f.key}>
              {label(f)}
              <input
                type="number"
                min={f.type === 'int' ? f.min : undefined}
                max={f.type === 'int' ? f.max : undefined}
                value={Number(value(f.key))}
                onChange={(e) => set(f.key, num(e.target.value, Number(value(f.key))))}
              />
            </label>
          ))}
        </div>
      )}
      {fields.map((f) =>
        f.type === 'boolean' || (f.type === 'choice' && f.choices.includes(f.flag)) ? (
          <label key={f.key} className="inline">
            {f.type === 'boolean' ? (
              <input type="checkbox" checked={value(f.key) === true} onChange={(e) => set(f.key, e.target.checked)} />
            ) : (
              <input type="checkbox" checked={form[f.flag] === true} onChange={(e) => set(f.flag, e.target.checked)} />
            )}
            {label(f)}
          </label>
        ) : f.type === 'choice' ? (
          <label key={f.key}>
            {label(f)}
            <select value={String(value(f.key))} onChange={(e) => set(f.key, e.target.value)}>
              {f.choices.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        ) : null,
      )}
    </>
  );
}

function BatchSection() {
  const instances = useRepoSession((s) => s.instances);
  const repoId = useRepoSession((s) => s.repoId);
  // The last run on this repo, as stored: after a reload it shows what it saved and whether it stopped.
  const shown = useBatch((b) => b.repoId === repoId && b.rows.length > 0);
  useEffect(() => {
    if (repoId) void useBatch.getState().restore(repoId);
  }, [repoId]);
  const [open, setOpen] = useState(false);
  if (!instances.length) return null;
  return open || shown ? (
    <BatchPanel instances={instances} />
  ) : (
    <button className="btn" onClick={() => setOpen(true)} style={{ alignSelf: 'flex-start' }}>
      Let a model play all {instances.length} tasks…
    </button>
  );
}

function InstanceList() {
  const instances = useRepoSession((s) => s.instances);
  const go = useRouter((r) => r.go);
  const [filter, setFilter] = useState('all');
  const shown = useMemo(() => instances.filter((s) => filter === 'all' || s.instance.task === filter), [instances, filter]);
  if (!instances.length) {
    return (
      <div className="empty">
        No tasks yet. Pick a task type and press <strong>Generate</strong>: instances come from this repo's index, the same way every time for the same seed.
      </div>
    );
  }
  return (
    <section className="card" aria-label="Generated tasks">
      <div className="section-title">
        <h3>Tasks ({shown.length})</h3>
        <select aria-label="Filter by task" value={filter} onChange={(e) => setFilter(e.target.value)}>
          <option value="all">All tasks</option>
          {taskRegistry.all().map((spec) => (
            <option key={spec.kind} value={spec.kind}>
              {spec.title}
            </option>
          ))}
        </select>
      </div>
      <table>
        <thead>
          <tr>
            <th>Task</th>
            <th>Target</th>
            <th>Difficulty</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <InstanceRow key={s.key} stored={s} onPlay={() => go({ name: 'play', episode: `new:${s.key}` })} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function InstanceRow({ stored, onPlay }: { stored: StoredInstance; onPlay(): void }) {
  const i = stored.instance;
  const view = taskView(taskRegistry.require(i).kind);
  return (
    <tr data-instance={i.instance_id}>
      <td>
        <span className="tag">{taskRegistry.require(i).shortTitle}</span>
      </td>
      <td className="mono">{taskTitle(i)}</td>
      <td className="muted">{view.difficulty(i)}</td>
      <td>
        <button className="btn small primary" onClick={onPlay} aria-label={`Play ${taskTitle(i)}`}>
          Play
        </button>
      </td>
    </tr>
  );
}

function FileBrowser() {
  const files = useRepoSession((s) => s.files);
  const [path, setPath] = useState<string | null>(files[0]?.path ?? null);
  const paths = useMemo(() => files.map((f) => f.path), [files]);
  const file = files.find((f) => f.path === path);
  return (
    <div className="card browser">
      <div className="browser-tree">
        <FileTree paths={paths} selected={path} onOpen={setPath} label="Repository files" />
      </div>
      <div className="browser-view">{file ? <CodeEditor path={file.path} text={file.text} readOnly /> : <div className="empty">Pick a file.</div>}</div>
    </div>
  );
}
