import { useEffect, useState } from 'react';
import { fetchSamples, type SampleInfo } from '../../store/samples';
import { useRouter } from '../router';

export function HomeScreen() {
  const [samples, setSamples] = useState<SampleInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = useRouter((s) => s.go);
  useEffect(() => {
    fetchSamples().then(setSamples, (e: Error) => setError(e.message));
  }, []);
  return (
    <div className="page">
      <div className="page-header">
        <h1>Play the tasks coding agents train on</h1>
        <p className="lede">
          Load a repository, generate function-localization and dependency-search tasks from it, and play them as a
          person or a model. Everything runs in this page: nothing is uploaded.
        </p>
      </div>
      <section aria-labelledby="samples-title">
        <div className="section-title">
          <h2 id="samples-title">Sample repositories</h2>
          <span className="muted">Bundled with the app; they work offline.</span>
        </div>
        {error && <div className="banner error">{error}</div>}
        {!samples && !error && <div className="muted">Loading the samples…</div>}
        {samples && (
          <ul className="grid" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Sample repositories">
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
                    <span>{s.lines.toLocaleString()} lines</span>
                    <span>{s.repo}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
