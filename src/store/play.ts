import { createPageSandboxSession } from '../sandbox/page-session';
import type { Episode } from '../core/episode/episode';
import type { TrajectoryStep } from '../core/episode/trajectory';
import { bindStore } from './bind';
import { pageStorage } from './db';
import { loadRepoFiles } from './repo-source';
import { pageTreeSitter } from './scorer';
import { createPlaySession } from './sessions/play';
import { listEpisodes as listStored } from './sessions/episodes';
import type { SandboxSession } from '../sandbox/session';
import { pageWarmUpEnv, warmUpWhenIdle } from '../sandbox/warm-up';

/**
 * The page's play session (src/store/sessions/play.ts) over the page's storage, repos, parser and sandboxes (Python
 * in a Worker, Node in a WebContainer when possible), and the hook the Play screen reads it with.
 */
export type { AgentRunState, StartOptions } from './sessions/play';
export type { EpisodeRecord, EpisodeUi } from './sessions/episodes';

export const playSession = createPlaySession({
  storage: pageStorage,
  repoFiles: loadRepoFiles,
  treeSitter: pageTreeSitter,
  sandbox: (ep, language) => (typeof Worker === 'undefined' ? null : createPageSandboxSession(ep, language)),
});

export const usePlay = bindStore(playSession);

export function currentSandbox(): SandboxSession | null {
  return playSession.sandbox();
}
export function onSandboxChange(listener: () => void): () => void {
  return playSession.onSandboxChange(listener);
}
export function onAgentStep(listener: (step: TrajectoryStep) => void): () => void {
  return playSession.onAgentStep(listener);
}
export function currentEpisode(): Episode | null {
  return playSession.episode();
}
export function workspaceFiles(): string[] {
  const episode = playSession.episode();
  return episode ? [...episode.workspace.files()] : [];
}
export function readWorkspace(path: string): string | undefined {
  return playSession.episode()?.workspace.read(path);
}
export function absolutePath(rel: string): string {
  const episode = playSession.episode();
  return episode ? episode.paths.absolute(rel) : rel;
}
export function elapsedMs(): number {
  return playSession.episode()?.clock.elapsedMs() ?? 0;
}

export function listEpisodes() {
  return listStored(pageStorage);
}

// Each episode's Python warms up once the page is idle after it opened (src/sandbox/warm-up.ts).
if (typeof window !== 'undefined') {
  let cancelWarmUp = () => {};
  playSession.onSandboxChange(() => {
    cancelWarmUp();
    const sandbox = playSession.sandbox();
    const episode = playSession.episode();
    cancelWarmUp = sandbox && episode ? warmUpWhenIdle(sandbox, episode.workspace.files(), pageWarmUpEnv()) : () => {};
  });
}

// A hidden page may never come back: its clock is written now. Closing the page leaves its episode.
if (typeof window !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') playSession.saveClock(true);
  });
  window.addEventListener('pagehide', () => {
    playSession.saveClock(true);
    const { id, leave } = usePlay.getState();
    if (id) leave(id);
  });
}
