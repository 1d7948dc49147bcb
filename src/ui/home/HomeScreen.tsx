import { useEffect, useRef, useState } from 'react';
import { formatBytes, listDirectoryHandle, listDroppedEntries, listInputFiles, type RepoRequest } from '../../core/repo';
import { useRepos } from '../../store/repos';
import { ProgressBar } from '../common/ProgressBar';
import { useRouter } from '../../store/router';

export function HomeScreen() {
  const { samples, samplesError, refresh } = useRepos();
  const go = useRouter((s) => s.go);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <div className="page">
      <div className="page-header">
        <h1>Play the tasks coding agents train on</h1>
        <p className="lede">
          Load a repository, generate function-localization and dependency-search tasks from it, and play them as a person or a model. Everything runs in this
          page: nothing is uploaded.
        </p>
      </div>
      <section aria-labelledby="samples-title">
        <div className="section-title">
          <h2 id="samples-title">Sample repositories</h2>
          <span className="muted">Bundled with the app; they work offline.</span>
        </div>
        {samplesError && <div className="banner error">{samplesError}</div>}
        {!samples && !samplesError && <div className="muted">Loading the samples…</div>}
        {samples && (
          <ul className="grid plain" aria-label="Sample repositories">
            {samples.map((s) => (
              <li key={s.id} style={{ display: 'contents' }}>
                <button className="card sample" onClick={() => go({ name: 'repo', id: `sample:${s.id}` })}>
                  <span className="row" style={{ justifyContent: 'space-between', width: '100%' }}>
                    <span className="sample-name">{s.name}</span>
                    <span className={`tag ${s.language}`}>{s.language}</span>
                  </span>
                  <span className="muted">{s.description}</span>
                  <span className="meta">
                    <span>{s.files} files</span>
                    {s.lines !== undefined && <span>{s.lines.toLocaleString()} lines</span>}
                    {s.repo && <span>{s.repo}</span>}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ImportPanel />
      <SavedRepos />
    </div>
  );
}

type DirectoryPickerWindow = Window & { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> };

function ImportPanel() {
  const { importing, importRepo, cancelImport } = useRepos();
  const go = useRouter((s) => s.go);
  const zipInput = useRef<HTMLInputElement>(null);
  const dirInput = useRef<HTMLInputElement>(null);
  const [github, setGithub] = useState('');
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  const run = async (request: RepoRequest, what: string) => {
    setLocalError(null);
    const id = await importRepo(request, what);
    if (id) go({ name: 'repo', id });
  };
  const listed = async (p: Promise<{ ok: true; value: import('../../core/repo').FolderListing } | { ok: false; error: string }>, what: string) => {
    const r = await p;
    if (!r.ok) return setLocalError(r.error);
    await run({ kind: 'folder', listing: r.value }, what);
  };
  const openFolder = async () => {
    const picker = (window as DirectoryPickerWindow).showDirectoryPicker;
    if (!picker) return dirInput.current?.click();
    try {
      const handle = await picker();
      await listed(listDirectoryHandle(handle), `folder ${handle.name}`);
    } catch (e) {
      if ((e as DOMException).name !== 'AbortError') setLocalError((e as Error).message);
    }
  };
  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const items = [...e.dataTransfer.items];
    const entries = items.map((i) => i.webkitGetAsEntry?.()).filter((x): x is FileSystemEntry => !!x);
    const files = [...e.dataTransfer.files];
    if (entries.length === 1 && entries[0]!.isFile && files[0]?.name.toLowerCase().endsWith('.zip')) {
      return run({ kind: 'zip', fileName: files[0].name, data: files[0] }, files[0].name);
    }
    if (!entries.length) return setLocalError('Drop a folder or a .zip file.');
    await listed(listDroppedEntries(entries), entries.length === 1 ? `folder ${entries[0]!.name}` : 'dropped files');
  };

  const loading = importing.kind === 'loading' ? importing : null;
  return (
    <section aria-labelledby="import-title">
      <div className="section-title">
        <h2 id="import-title">Bring your own repository</h2>
        <span className="muted">Files stay in this browser (IndexedDB).</span>
      </div>
      <div
        className={`card dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
        aria-label="Import a repository"
      >
        <div className="row">
          <button className="btn" onClick={() => zipInput.current?.click()} disabled={!!loading}>
            Upload a .zip
          </button>
          <button className="btn" onClick={() => void openFolder()} disabled={!!loading}>
            Open a folder
          </button>
          <span className="muted">or drop a folder or a zip here</span>
        </div>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (github.trim()) void run({ kind: 'github', spec: github.trim() }, github.trim());
          }}
        >
          <label className="grow">
            GitHub repository
            <input
              type="text"
              placeholder="https://github.com/owner/name, owner/name or owner/name@ref"
              value={github}
              onChange={(e) => setGithub(e.target.value)}
              disabled={!!loading}
            />
          </label>
          <button className="btn" type="submit" disabled={!!loading || !github.trim()} style={{ alignSelf: 'flex-end' }}>
            Load from GitHub
          </button>
        </form>
        <input
          ref={zipInput}
          type="file"
          accept=".zip,application/zip"
          hidden
          aria-label="Zip file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void run({ kind: 'zip', fileName: f.name, data: f }, f.name);
          }}
        />
        <input
          ref={dirInput}
          type="file"
          hidden
          aria-label="Folder"
          {...({ webkitdirectory: '' } as object)}
          onChange={(e) => {
            const files = e.target.files;
            if (files?.length) void listed(Promise.resolve(listInputFiles(files)), 'folder');
            e.target.value = '';
          }}
        />
        {loading && (
          <div className="stack" aria-live="polite">
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <span>
                Loading {loading.what}
                {loading.progress &&
                  ` — ${loading.progress.stage} ${loading.progress.unit === 'bytes' ? `${formatBytes(loading.progress.done)} of ${formatBytes(loading.progress.total)}` : `${loading.progress.done} of ${loading.progress.total} files`}`}
              </span>
              <button className="btn small" onClick={cancelImport}>
                Cancel
              </button>
            </div>
            <ProgressBar label="Import progress" value={loading.progress?.done ?? 0} max={loading.progress?.total ?? 1} />
          </div>
        )}
        {importing.kind === 'interrupted' && (
          <div className="banner warn" role="status" aria-label="Import">
            The import of {importing.what} did not finish: the page was reloaded or closed during it, and nothing of it was saved. Import it again.
          </div>
        )}
        {importing.kind === 'error' && (
          <div className="banner error" role="alert">
            {importing.message}
          </div>
        )}
        {localError && (
          <div className="banner error" role="alert">
            {localError}
          </div>
        )}
        {importing.kind === 'done' && importing.note && <div className="banner warn">{importing.note}</div>}
      </div>
    </section>
  );
}

function SavedRepos() {
  const { saved, savedError, remove } = useRepos();
  const go = useRouter((s) => s.go);
  return (
    <section aria-labelledby="saved-title">
      <div className="section-title">
        <h2 id="saved-title">Your repositories</h2>
      </div>
      {savedError && <div className="banner warn">{savedError}</div>}
      {saved && !saved.length && <div className="empty">No repositories yet. Upload a zip, open a folder or load one from GitHub above.</div>}
      {saved && saved.length > 0 && (
        <table aria-label="Saved repositories" className="card" style={{ padding: 0 }}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Source</th>
              <th>Files</th>
              <th>Size</th>
              <th>Added</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {saved.map((r) => (
              <tr key={r.id}>
                <td>
                  <strong>{r.name}</strong>
                </td>
                <td className="muted">{r.source.kind === 'github' ? r.source.label : r.source.kind}</td>
                <td>
                  {r.fileCount}
                  {r.skippedCount > 0 && <span className="muted"> ({r.skippedCount} skipped)</span>}
                </td>
                <td>{formatBytes(r.bytes)}</td>
                <td className="muted">{new Date(r.createdAt).toLocaleString()}</td>
                <td className="row" style={{ justifyContent: 'flex-end' }}>
                  <button className="btn small primary" onClick={() => go({ name: 'repo', id: r.id })} aria-label={`Open ${r.name}`}>
                    Open
                  </button>
                  <button
                    className="btn small danger"
                    aria-label={`Delete ${r.name}`}
                    onClick={() => {
                      if (confirm(`Delete ${r.name} from this browser? Its episodes stay in the history.`)) void remove(r.id);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
