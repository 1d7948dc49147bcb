import type { Episode, EpisodeSnapshot, EpisodeStatus, StepResult } from '../../core/episode/episode';
import type { PlayerInfo } from '../../core/episode/trajectory';
import type { ScoringTreeSitter } from '../../core/scoring/episode-scorer';
import type { EpisodeScore } from '../../core/scoring/score';
import type { TaskInstance } from '../../core/tasks/instance-types';
import { makeEpisode as makeTaskEpisode } from '../../core/tasks/make-episode';
import { instanceTitle, taskRegistry } from '../../core/tasks/registry';
import type { StoredInstance } from './instances';
import type { LoadedRepo } from './repo-source';
import type { PlayStorage } from './storage';

/** Episode records as stored (what the History, the Result screen and a reload read), and how they are made. */

export interface EpisodeUi {
  open: string[];
  active: string | null;
  /** Editor text not yet saved as an edit, by path. */
  drafts: Record<string, string>;
  /** 1-based line to reveal in the active file. */
  line: number | null;
}

export interface EpisodeRecord {
  id: string;
  repoId: string;
  repoName: string;
  instanceKey: string;
  instance: TaskInstance;
  player: PlayerInfo;
  status: EpisodeStatus;
  createdAt: number;
  updatedAt: number;
  snapshot: EpisodeSnapshot;
  ui: EpisodeUi;
  score: EpisodeScore | null;
  /** The link that reopens the same instance elsewhere, for an embedded sample's task. */
  shareHash?: string;
  [key: string]: unknown;
}

/** The parser the strict verdicts need: a loaded one or a loader called on the first scoring, with the languages to load. */
export type ScoringParser = ScoringTreeSitter;

export const HUMAN: PlayerInfo = { kind: 'human', name: 'browser' };

const newId = () => `ep-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A fresh record of `ep` (just reset, or just played to its end) on a stored instance. Nothing starts open: as for
 * a model, every file seen is a recorded step.
 */
export function newEpisodeRecord(ep: Episode, stored: StoredInstance, repoName: string, extra: Partial<EpisodeRecord> = {}): EpisodeRecord {
  return {
    id: newId(),
    repoId: stored.repoId,
    repoName,
    instanceKey: stored.key,
    instance: stored.instance,
    player: ep.trajectory.player,
    status: ep.status,
    createdAt: ep.trajectory.startedAt,
    updatedAt: Date.now(),
    snapshot: ep.snapshot(),
    ui: { open: [], active: null, drafts: {}, line: null },
    score: null,
    ...extra,
  };
}

export interface EpisodeSetup {
  /** Default: the spec's step limit. */
  maxSteps?: number | undefined;
  player: PlayerInfo;
  /** The scorer's parser. */
  treeSitter: ScoringParser;
  /** The episode's wall clock; default Date.now. */
  now?: (() => number) | undefined;
}

/** An episode on a stored instance: its task spec's start and verdicts, scored with `setup.treeSitter`. */
export function makeEpisode(instance: StoredInstance['instance'], files: LoadedRepo['files'], setup: EpisodeSetup): Episode<EpisodeScore> {
  return makeTaskEpisode(taskRegistry.require(instance), instance, files, {
    ...(setup.maxSteps !== undefined ? { maxSteps: setup.maxSteps } : {}),
    ...(setup.now ? { now: setup.now } : {}),
    player: setup.player,
    scoring: { treeSitter: setup.treeSitter },
  });
}

/** Every stored episode, the latest first. */
export async function listEpisodes(storage: PlayStorage): Promise<EpisodeRecord[]> {
  return (await storage.list<EpisodeRecord>('episodes')).sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Writes an episode's record; when it cannot be stored, the storage banner names it. */
export function saveRecord(storage: PlayStorage, r: EpisodeRecord): Promise<boolean> {
  const steps = r.snapshot.trajectory.steps.length;
  return storage.put('episodes', r, {
    group: 'episode',
    name: `the episode on ${r.repoName}: ${instanceTitle(r.instance)} (${steps} step${steps === 1 ? '' : 's'})`,
  });
}

/** `r` with the engine state of its episode as it is now. */
export function withState(r: EpisodeRecord, ep: Episode, patch: Partial<EpisodeRecord>): EpisodeRecord {
  return { ...r, ...patch, status: ep.status, snapshot: ep.snapshot(), updatedAt: Date.now() };
}

/** The verdict a step ended the episode with, as a record patch. */
export function scorePatch(result: StepResult<EpisodeScore>): Partial<EpisodeRecord> {
  const end = result.info.outcome;
  return end ? { score: end.verdict } : {};
}
