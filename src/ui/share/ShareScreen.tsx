import { useEffect, useState } from 'react';
import { usePlay } from '../../store/play';
import { shareSettings, useRepoSession } from '../../store/repo-session';
import type { Route } from '../../store/router';

/**
 * A shared task: `#/s/SAMPLE/TASK/SEED/N` regenerates the same instance from the same embedded sample (generation
 * is deterministic for a repo, seed and options), then starts an episode on it.
 */
export function ShareScreen({ route }: { route: Extract<Route, { name: 'share' }> }) {
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('Opening the sample…');
  useEffect(() => {
    let live = true;
    (async () => {
      const settings = shareSettings(route.task);
      if (!settings) throw new Error(`“${route.task}” is not a task this playground knows.`);
      const seed = Number(route.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new Error(`The seed “${route.seed}” is not a whole number.`);
      const session = useRepoSession.getState();
      await session.open(`sample:${route.sample}`);
      const phase = useRepoSession.getState().phase;
      if (phase.kind === 'error') throw new Error(phase.message);
      if (!live) return;
      setStatus('Generating the task…');
      const made = await useRepoSession.getState().generate({
        ...settings,
        seed,
        n: route.index + 1,
      });
      const stored = made[route.index];
      if (!stored) throw new Error(`The sample yields only ${made.length} such tasks for this seed: there is no task #${route.index}.`);
      const id = await usePlay.getState().startNew(stored.key, { shareHash: location.hash });
      if (live) location.replace(`#/play/${encodeURIComponent(id)}`);
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [route]);
  return (
    <div className="page">
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : (
        <p className="muted">{status}</p>
      )}
    </div>
  );
}
