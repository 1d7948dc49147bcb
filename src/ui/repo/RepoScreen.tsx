import { useEffect, useState } from 'react';
import type { RepoIndex } from '../../core/index/types';
import { fetchSampleFiles, fetchSamples } from '../../store/samples';
import { indexInWorker } from '../indexer-client';

type Phase =
  | { kind: 'loading' }
  | { kind: 'indexing'; done: number; total: number; file: string }
  | { kind: 'ready'; index: RepoIndex }
  | { kind: 'error'; message: string };

export function RepoScreen({ id }: { id: string }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    (async () => {
      const sampleId = id.replace(/^sample:/, '');
      const sample = (await fetchSamples()).find((s) => s.id === sampleId);
      if (!sample) throw new Error(`There is no sample named ${sampleId}.`);
      const files = await fetchSampleFiles(sample);
      const index = await indexInWorker(files, null, (done, total, file) => {
        if (live) setPhase({ kind: 'indexing', done, total, file });
      });
      if (live) setPhase({ kind: 'ready', index });
    })().catch((e: Error) => live && setPhase({ kind: 'error', message: e.message }));
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <div className="page">
      <div className="page-header">
        <h1>{id.replace(/^sample:/, '')}</h1>
      </div>
      {phase.kind === 'error' && <div className="banner error">{phase.message}</div>}
      {(phase.kind === 'loading' || phase.kind === 'indexing') && (
        <div className="card" aria-live="polite">
          <p>{phase.kind === 'loading' ? 'Loading files…' : `Indexing ${phase.done} / ${phase.total} files`}</p>
          <div
            className="progress"
            role="progressbar"
            aria-label="Indexing progress"
            aria-valuemin={0}
            aria-valuemax={phase.kind === 'indexing' ? phase.total : 1}
            aria-valuenow={phase.kind === 'indexing' ? phase.done : 0}
          >
            <div style={{ width: phase.kind === 'indexing' ? `${(100 * phase.done) / phase.total}%` : '0%' }} />
          </div>
        </div>
      )}
      {phase.kind === 'ready' && (
        <div className="card stats" aria-label="Index statistics">
          <Stat label="Files" value={phase.index.stats.files} />
          <Stat label="Lines" value={phase.index.stats.lines} />
          <Stat label="Definitions" value={phase.index.stats.definitions} />
          <Stat label="Call sites" value={phase.index.stats.callSites} />
          <Stat label="Resolved calls" value={phase.index.stats.resolved} />
          <Stat label="Index time (ms)" value={phase.index.stats.ms} />
        </div>
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
