import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { absolutePath, currentEpisode, elapsedMs, onAgentStep, readWorkspace, usePlay, workspaceFiles } from '../../store/play';
import { CodeEditor } from '../common/CodeEditor';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { FileTree } from '../common/FileTree';
import { Terminal } from '../common/Terminal';
import { formatClock } from '../../core/display/format';
import { typedLineOf } from '../../core/episode/typed-command';
import { standardTools } from '../../core/episode/tools/registry';
import { QuickOpen } from './QuickOpen';
import { SandboxBar } from './SandboxBar';
import { commandForKey, PLAY_COMMANDS, playCommand, type PlayCommandId } from './play-commands';
import { AgentSettingsForm } from '../agents/AgentSettingsForm';
import { useAgentSettings } from '../../store/agent-settings';
import { useRouter } from '../../store/router';
import { taskRegistry } from '../../core/tasks/registry';
import { taskView } from '../tasks/registry';

export function PlayScreen({ episode: param }: { episode: string }) {
  const { load, startNew, loading, error, record } = usePlay();
  const go = useRouter((r) => r.go);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    if (param.startsWith('new:')) {
      startNew(param.slice(4)).then(
        (id) => location.replace(`#/play/${encodeURIComponent(id)}`),
        (e: Error) => setStartError(e.message),
      );
    } else void load(param);
    // Leaving the episode (another one, another screen) stops the model playing it.
    return () => usePlay.getState().leave(param);
  }, [param, load, startNew]);

  useEffect(() => {
    if (record && record.id === param && record.status !== 'running') go({ name: 'result', episode: record.id });
  }, [record, param, go]);

  const message = startError ?? error;
  if (message) {
    return (
      <div className="page">
        <div className="banner error" role="alert">
          {message}
        </div>
        <a href="#/">Back to the repositories</a>
      </div>
    );
  }
  if (loading || !record || record.id !== param) return <div className="page muted">Preparing the episode…</div>;
  return <PlayLayout />;
}

function PlayLayout() {
  const {
    record,
    stepCount,
    maxSteps,
    paused,
    setPaused,
    openFile,
    closeFile,
    setDraft,
    saveFile,
    search,
    searchResults,
    runShell,
    submit,
    revision,
    busy,
    lastObservation,
    agent,
  } = usePlay();
  const modelActive = !!agent && agent.state !== 'stopped';
  const [modelDialog, setModelDialog] = useState(false);
  // A model chosen on the previous screen starts playing as soon as its episode is on screen.
  useEffect(() => {
    const id = record?.id;
    if (!id) return;
    const pending = usePlay.getState().takePendingAgent(id);
    if (pending) void usePlay.getState().watchModel(pending);
  }, [record?.id]);
  const [confirming, setConfirming] = useState(false);
  /** A tab with unsaved text whose close button was pressed: it asks first. */
  const [closing, setClosing] = useState<string | null>(null);
  const tabsRef = useRef<HTMLDivElement>(null);
  const sideRef = useRef<HTMLElement>(null);
  /** After a tab closes, focus goes to the tab now shown, or to the file tree when none is left. */
  const closeTab = (path: string) => {
    closeFile(path);
    setTimeout(() => {
      const next =
        tabsRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]') ??
        sideRef.current?.querySelector<HTMLElement>('[aria-label="Workspace files"] button');
      next?.focus();
    });
  };
  const [quickOpen, setQuickOpen] = useState(false);
  const [sideTab, setSideTab] = useState<'files' | 'search'>('files');
  const [query, setQuery] = useState('');
  const searchInput = useRef<HTMLInputElement>(null);
  const r = record!;
  const files = useMemo(() => workspaceFiles(), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const changed = useMemo(
    () =>
      new Set(
        currentEpisode()
          ?.workspace.changedFiles()
          .map((c) => c.path) ?? [],
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [revision],
  );
  const active = r.ui.active;
  const activeText = active ? (r.ui.drafts[active] ?? readWorkspace(active) ?? '') : '';
  const dirty = active ? r.ui.drafts[active] !== undefined : false;

  const [shortcuts, setShortcuts] = useState(false);
  // What each of the screen's commands does (play-commands.ts lists them and their keys); read at key time.
  const perform = useRef<Record<PlayCommandId, () => void> | null>(null);
  const actions: Record<PlayCommandId, () => void> = {
    'open-file': () => setQuickOpen(true),
    search: () => {
      setSideTab('search');
      setTimeout(() => searchInput.current?.focus(), 0);
    },
    // As the editor's own Ctrl/Cmd+S: an action in flight is waited for, not a reason to drop the key.
    save: () => active && dirty && void saveFile(active),
    submit: () => !modelActive && setConfirming(true),
    pause: () => setPaused(!paused),
    shortcuts: () => setShortcuts(true),
  };
  useLayoutEffect(() => {
    perform.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target instanceof HTMLElement ? e.target : null;
      const typing = !!t && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT');
      const command = commandForKey(e, typing);
      // Saving from inside the editor is the editor's own binding, which has run already.
      if (!command || (command.id === 'save' && e.defaultPrevented)) return;
      e.preventDefault();
      perform.current?.[command.id]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const [programRunning, setProgramRunning] = useState(false);
  const runInTerminal = useCallback(
    async (line: string, write: (text: string) => void) => {
      setProgramRunning(true);
      try {
        return await runShell(line, write);
      } finally {
        setProgramRunning(false);
      }
    },
    [runShell],
  );
  const left = maxSteps - stepCount;
  const spec = taskRegistry.require(r.instance);
  const view = taskView(spec.kind);

  return (
    <div className="play">
      <div className="play-bar">
        <span className={`tag ${view.tagClass}`}>{spec.title}</span>
        <span className="muted">{r.repoName}</span>
        <span className="spacer" />
        <Clock paused={paused} onToggle={() => setPaused(!paused)} />
        <span className={`steps${left <= 5 ? ' low' : ''}`} aria-label="Steps used">
          Step {stepCount} / {maxSteps}
        </span>
        {r.shareHash && <CopyLink hash={r.shareHash} />}
        <button className="btn small" onClick={() => setShortcuts(true)} title={playCommand('shortcuts').keys} aria-keyshortcuts="?">
          Keys
        </button>
        <button className="btn primary" onClick={() => setConfirming(true)} disabled={busy || modelActive} title={playCommand('submit').keys}>
          Submit
        </button>
      </div>
      {agent && <AgentBar />}
      <div className="play-grid">
        <aside className="play-side" aria-label="Workspace" ref={sideRef}>
          <div className="tabs" role="tablist">
            <button role="tab" className="tab" aria-selected={sideTab === 'files'} onClick={() => setSideTab('files')}>
              Files
            </button>
            <button role="tab" className="tab" aria-selected={sideTab === 'search'} onClick={() => setSideTab('search')} title={playCommand('search').keys}>
              Search
            </button>
          </div>
          {sideTab === 'files' ? (
            <div className="side-scroll">
              <FileTree paths={files} selected={active} marked={changed} onOpen={(p) => !modelActive && void openFile(p)} label="Workspace files" />
            </div>
          ) : (
            <div className="side-scroll stack">
              <form
                role="search"
                onSubmit={(e) => {
                  e.preventDefault();
                  void search(query);
                }}
                className="row"
              >
                <input
                  ref={searchInput}
                  type="search"
                  aria-label="Search across files"
                  placeholder="Text to find (grep -rnF)"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  className="grow"
                />
              </form>
              {searchResults && (
                <div aria-label="Search results">
                  <p className="muted">
                    {searchResults.hits.length} match{searchResults.hits.length === 1 ? '' : 'es'} for <code>{searchResults.query}</code>
                  </p>
                  <ul className="plain hits">
                    {searchResults.hits.slice(0, 300).map((h, i) => (
                      <li key={i}>
                        <button className="hit" onClick={() => void openFile(h.path, h.line)}>
                          <span className="mono hit-loc">
                            {h.path}:{h.line}
                          </span>
                          <span className="mono hit-text">{h.text.trim()}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}
        </aside>
        <section className="play-main" aria-label="Editor">
          <div className="editor-tabs" role="tablist" aria-label="Open files" ref={tabsRef}>
            {r.ui.open.map((p) => (
              <div key={p} className={`editor-tab${p === active ? ' active' : ''}`}>
                <button role="tab" aria-selected={p === active} onClick={() => void openFile(p)} title={p}>
                  {p.split('/').pop()}
                  {r.ui.drafts[p] !== undefined && <span aria-label="unsaved"> ●</span>}
                </button>
                <button className="close" aria-label={`Close ${p}`} onClick={() => (r.ui.drafts[p] !== undefined ? setClosing(p) : closeTab(p))}>
                  ×
                </button>
              </div>
            ))}
            {active && (
              <div className="editor-actions">
                <span className="muted mono">{absolutePath(active)}</span>
                <button className="btn small" disabled={!dirty || busy} onClick={() => void saveFile(active)} title={playCommand('save').keys}>
                  Save edit
                </button>
              </div>
            )}
          </div>
          <div className="editor-host">
            {active ? (
              <CodeEditor
                key={active}
                readOnly={modelActive}
                path={active}
                text={activeText}
                version={revision}
                revealLine={r.ui.line ?? undefined}
                onChange={(t) => setDraft(active, t)}
                onSave={() => void saveFile(active)}
              />
            ) : (
              <div className="empty editor-empty">
                Open a file from the tree, a search result, or press <kbd>Ctrl</kbd>+<kbd>P</kbd>. Edits are saved as
                <code> str_replace</code> / <code>insert</code> actions with <kbd>Ctrl</kbd>+<kbd>S</kbd>.
              </div>
            )}
          </div>
          <div className="terminal-host" aria-label="Terminal">
            <SandboxBar running={programRunning} />
            <Terminal
              prompt={() => `${absolutePath(currentEpisode()?.shell.state.cwd ?? '')} $ `}
              run={runInTerminal}
              label="Shell"
              disabledReason={modelActive ? 'A model is playing: stop it to type here.' : null}
              attach={(write) =>
                onAgentStep((step) => {
                  const line = typedLineOf(currentEpisode()?.registry ?? standardTools, step.tool, step.args);
                  if (line !== null) write(step.observation, `[model] $ ${line}`);
                })
              }
            />
          </div>
        </section>
        <aside className="play-info" aria-label="Task">
          <h3>Task</h3>
          <pre className="instruction">{r.instance.instruction}</pre>
          {view.PlayHint && <view.PlayHint instance={r.instance} openFile={(path, line) => void openFile(path, line)} />}
          {!agent && r.player.kind === 'human' && stepCount === 0 && (
            <button className="btn small" onClick={() => setModelDialog(true)}>
              Watch a model play this task instead
            </button>
          )}
          {!agent && r.player.kind !== 'human' && (
            <div className="banner warn">
              This episode was started for {r.player.name ?? r.player.kind}; its run stopped when the page was reloaded or the episode was left. You can carry
              on by hand.
            </div>
          )}
          <h3>Last observation</h3>
          <pre className="observation" aria-label="Last observation">
            {lastObservation ? lastObservation.observation.slice(0, 4000) : 'Each action you take is a step; its output shows here.'}
          </pre>
        </aside>
      </div>
      {modelDialog && <ModelDialog instanceKey={r.instanceKey} onClose={() => setModelDialog(false)} />}
      {shortcuts && (
        <ConfirmDialog title="Keyboard shortcuts" confirmLabel="Close" informational onConfirm={() => setShortcuts(false)} onCancel={() => setShortcuts(false)}>
          <table className="shortcuts" aria-label="Keyboard shortcuts">
            <tbody>
              {PLAY_COMMANDS.map((c) => (
                <tr key={c.id}>
                  <td>{c.label}</td>
                  <td>
                    <kbd>{c.keys}</kbd>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ConfirmDialog>
      )}
      {quickOpen && <QuickOpen files={files} onClose={() => setQuickOpen(false)} onPick={(p) => void openFile(p)} />}
      {closing && (
        <ConfirmDialog
          title={`Save the changes to ${closing.split('/').pop()}?`}
          confirmLabel="Save"
          onCancel={() => setClosing(null)}
          onConfirm={() => {
            setClosing(null);
            void saveFile(closing).then(() => closeTab(closing));
          }}
          alternative={{
            label: 'Discard',
            danger: true,
            onChoose: () => {
              setClosing(null);
              closeTab(closing);
            },
          }}
        >
          <p>
            <code>{closing}</code> has text you have not saved. Save makes it an edit (one step); Discard closes the tab and drops the text.
          </p>
        </ConfirmDialog>
      )}
      {confirming && (
        <ConfirmDialog
          title="Submit this episode?"
          confirmLabel="Submit"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void submit();
          }}
        >
          <p>
            Your changes are scored as they are now{Object.keys(r.ui.drafts).length > 0 ? ', after your unsaved edits are saved' : ''}. You cannot edit
            afterwards.
          </p>
          <p className="muted">
            {stepCount} of {maxSteps} steps used, {formatClock(elapsedMs())} on the clock.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function AgentBar() {
  const agent = usePlay((s) => s.agent)!;
  const control = usePlay((s) => s.controlAgent);
  const tokens = agent.usage.promptTokens + agent.usage.completionTokens;
  return (
    <div className="agent-bar" role="status" aria-label="Model run">
      <strong>{agent.player.name ?? agent.player.kind}</strong>
      <span className="activity" aria-live="polite">
        {agent.state === 'paused' ? 'Paused. ' : ''}
        {agent.activity}
      </span>
      {tokens > 0 && (
        <span className="muted">
          {tokens.toLocaleString()} tokens, {agent.usage.calls} calls
        </span>
      )}
      {agent.state !== 'stopped' && (
        <>
          {agent.state === 'running' ? (
            <button className="btn small" onClick={() => control('pause')}>
              Pause
            </button>
          ) : (
            <>
              <button className="btn small" onClick={() => control('step')}>
                Step
              </button>
              <button className="btn small" onClick={() => control('resume')}>
                Resume
              </button>
            </>
          )}
          <button className="btn small danger" onClick={() => control('stop')}>
            Stop
          </button>
        </>
      )}
    </div>
  );
}

function ModelDialog({ instanceKey, onClose }: { instanceKey: string; onClose(): void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <ConfirmDialog
      title="Watch a model play"
      confirmLabel="Start"
      onCancel={onClose}
      onConfirm={() => {
        const made = useAgentSettings.getState().makeAgent();
        if (!made.ok) return setError(made.error);
        onClose();
        void usePlay
          .getState()
          .startModelEpisode(instanceKey, made.agent)
          .then((id) => (location.hash = `#/play/${encodeURIComponent(id)}`));
      }}
    >
      <p className="muted">
        A new episode of the same task starts, played by the agent through the same tools; you watch its steps and can pause, step or stop it.
      </p>
      <AgentSettingsForm />
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
    </ConfirmDialog>
  );
}

function Clock({ paused, onToggle }: { paused: boolean; onToggle(): void }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="clock">
      <span className="mono" aria-label="Time on the clock">
        {formatClock(elapsedMs())}
      </span>
      <button className="btn small" onClick={onToggle} aria-pressed={paused}>
        {paused ? 'Resume' : 'Pause'}
      </button>
    </span>
  );
}

function CopyLink({ hash }: { hash: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      className="btn small"
      onClick={() => {
        const url = new URL(hash, location.href).href;
        void navigator.clipboard?.writeText(url).then(
          () => setCopied(true),
          () => prompt('Copy this link:', url),
        );
      }}
    >
      {copied ? 'Link copied' : 'Copy share link'}
    </button>
  );
}
