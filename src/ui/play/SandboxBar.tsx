import { useEffect, useState } from 'react';
import type { EngineStatus } from '../../sandbox/session';
import { currentSandbox, onSandboxChange } from '../../store/play';

/**
 * The terminal's header: which engines can run the repo's code here (Python in a Worker, Node in a WebContainer),
 * each with its state or the reason it is unavailable, and the stop button for a running program.
 */
export function SandboxBar({ running }: { running: boolean }) {
  const [statuses, setStatuses] = useState<EngineStatus[]>([]);
  useEffect(() => {
    let off: (() => void) | undefined;
    const bind = () => {
      off?.();
      const s = currentSandbox();
      setStatuses(s?.statuses() ?? []);
      off = s?.subscribe(() => setStatuses(s.statuses()));
    };
    bind();
    const offChange = onSandboxChange(bind);
    return () => {
      off?.();
      offChange();
    };
  }, []);
  return (
    <div className="sandbox-bar" role="status" aria-label="Sandboxes">
      <span className="muted">Run code:</span>
      {statuses.map((s) => (
        <span key={s.kind} className={`engine ${s.status.state}`} title={s.status.detail}>
          <span className="dot" aria-hidden="true" />
          {s.label} — {stateWords(s)}
          {s.status.state === 'unavailable' && s.status.detail ? ` (${s.status.detail})` : ''}
        </span>
      ))}
      <span className="grow" />
      <button className="btn small danger" disabled={!running} onClick={() => currentSandbox()?.stop()}>
        Stop program
      </button>
    </div>
  );
}

function stateWords({ status }: EngineStatus): string {
  if (status.state === 'idle') return 'loads on first run';
  if (status.state === 'starting' && status.background) return 'warming up';
  return status.state;
}
