import { languageOf } from '../core/lang/languages';
import type { SandboxSession } from './session';

/**
 * Python warms up while the player reads: once an episode is open and the page idle, Pyodide loads in the
 * background (the status line says so), so the first `python` a player types answers at once. Never on the path to
 * the first playable episode, never for a repo without Python, never when the browser asks to save data.
 */

export interface WarmUpEnv {
  /** `navigator.connection.saveData` or `prefers-reduced-data: reduce`. */
  saveData: boolean;
  /** Calls back once the page has been idle a while; returns the cancel function. */
  whenIdle(callback: () => void): () => void;
}

/** Why Python is not warmed up for these repo files, or null when it is. */
export function noWarmUp(paths: Iterable<string>, env: Pick<WarmUpEnv, 'saveData'>): string | null {
  if (env.saveData) return 'the browser asks to save data';
  for (const p of paths) if (languageOf(p) === 'python') return null;
  return 'the repo has no Python files';
}

/** Warms the session's Python once idle, unless `noWarmUp` says not to; returns the cancel function. */
export function warmUpWhenIdle(session: SandboxSession, paths: Iterable<string>, env: WarmUpEnv): () => void {
  if (noWarmUp(paths, env)) return () => {};
  return env.whenIdle(() => void session.preload(true));
}

/** The page's idle: a moment after the episode opened (its first paint, the editor), then the browser's idle time. */
export function pageWarmUpEnv(delayMs = 1500): WarmUpEnv {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  const reducedData = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-data: reduce)').matches;
  return {
    saveData: connection?.saveData === true || reducedData,
    whenIdle(callback) {
      let idle: number | undefined;
      const timer = setTimeout(() => {
        idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: 5000 }) : (callback(), undefined);
      }, delayMs);
      return () => {
        clearTimeout(timer);
        if (idle !== undefined) cancelIdleCallback(idle);
      };
    },
  };
}
