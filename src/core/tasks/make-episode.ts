import { Episode, type EpisodeOptions } from '../episode/episode';
import { EpisodeSetupError, type EpisodeStart } from '../episode/episode-start';
import type { ToolLookup } from '../episode/tools/tool';
import type { TrajectoryStep } from '../episode/trajectory';
import { languageProfile } from '../lang/profiles';
import { specScorer, type ScoringTreeSitter } from '../scoring/episode-scorer';
import { taskRegistry, type TaskRegistry } from './registry';
import { workspacePath } from './repo-meta';
import { DEFAULT_AGENT_RULES, languageOfInstance, type EpisodeScore, type InstanceBase, type TaskSpec } from './spec';

/**
 * `gym.make` for our tasks: the spec turns an instance and the repo files into the episode's start (instruction,
 * workspace root, the task's edit of the files) and, when given a parser, its scorer and step limit.
 */

/** The start of an episode on `instance`: its own instruction (or the spec's), the start state of every file. */
export function episodeStart<I extends InstanceBase>(
  spec: TaskSpec<I, object, unknown, unknown, unknown>,
  instance: I,
  files: readonly { path: string; text: string }[],
): EpisodeStart<I> {
  const original = new Map<string, string>();
  for (const f of files) original.set(f.path, f.text);
  for (const file of spec.targetFiles(instance)) {
    if (!original.has(file)) throw new EpisodeSetupError(`the target's file ${file} of instance ${instance.instance_id} is not in the repo`);
  }
  const start = new Map<string, string>();
  for (const [path, text] of original) start.set(path, spec.startText(instance, path, text));
  const workspaceRoot = workspacePath({ repo: instance.repo, baseCommit: instance.base_commit });
  const instruction = typeof instance.instruction === 'string' && instance.instruction ? instance.instruction : spec.instruction(instance, workspaceRoot);
  const profile = languageProfile(languageOfInstance(spec, instance));
  const guide = profile && { language: profile.name, findDefinitions: profile.findDefinitions, rules: spec.agentRules ?? DEFAULT_AGENT_RULES };
  return { instance, instruction, workspaceRoot, files: start, ...(guide ? { guide } : {}) };
}

/** `episodeStart` for an instance of any registered kind (told by its `task` field or its fields). */
export function startOf(instance: InstanceBase, files: readonly { path: string; text: string }[], registry: TaskRegistry = taskRegistry): EpisodeStart {
  const spec = registry.of(instance);
  if (!spec) throw new EpisodeSetupError(`instance ${instance.instance_id} is ${registry.neither()}`);
  return episodeStart(spec, instance, files);
}

export interface MakeEpisodeOptions extends Omit<EpisodeOptions, 'start' | 'score'> {
  /** Score on submit and at the step limit with the spec's verdicts (a parser for the strict one). */
  scoring?: { treeSitter: ScoringTreeSitter; steps?: () => readonly TrajectoryStep[] };
}

/** The episode, bound to its start (`reset()` takes no argument); the step limit is the spec's unless given. */
export function makeEpisode<I extends InstanceBase, R, S>(
  spec: TaskSpec<I, object, R, S, unknown>,
  instance: I,
  files: readonly { path: string; text: string }[],
  options: MakeEpisodeOptions = {},
): Episode<EpisodeScore<R, S>> {
  const { scoring, ...rest } = options;
  let episode: Episode<EpisodeScore<R, S>> | null = null;
  const steps = scoring?.steps ?? (() => episode?.trajectory.steps ?? []);
  // The metrics look the steps' tools up in the episode's registry, the sandbox's `run` included.
  const tools: ToolLookup = { get: (name) => episode?.registry.get(name), list: () => episode?.registry.list() ?? [] };
  episode = new Episode<EpisodeScore<R, S>>({
    maxSteps: spec.maxEpisodeSteps,
    ...rest,
    start: episodeStart(spec, instance, files),
    ...(scoring ? { score: specScorer(spec, instance, files, scoring.treeSitter, steps, tools) } : {}),
  });
  return episode;
}
