/**
 * The start of an episode, as the paper's harness prepares it: the instruction and the repo with the task's edit
 * applied, which is also the base the final patch is measured against. The engine takes them as they are; a task
 * spec makes them (src/core/tasks/make-episode.ts), so the engine knows no task kind.
 */

/** The fields an episode needs; the rest of the instance is carried along untouched. */
export interface EpisodeInstance {
  instance_id: string;
  repo: string;
  base_commit: string;
}

export interface EpisodeStart<I extends EpisodeInstance = EpisodeInstance> {
  instance: I;
  instruction: string;
  /** The workspace folder the player sees, e.g. `/workspace/owner__name__commit8`. */
  workspaceRoot: string;
  /** The start state: repo path -> text. */
  files: ReadonlyMap<string, string>;
  /** What a model is told about the repo and the kind of task besides the instruction (the system prompt's). */
  guide?: PlayerGuide;
}

/** The task- and language-specific lines of a model's system prompt (src/core/agents/prompts.ts). */
export interface PlayerGuide {
  /** The repo's language as a reader names it: `Python`. */
  language: string;
  /** A search that finds definitions in it: `grep -rn "def name\\|class Name" --include=*.py .`. */
  findDefinitions: string;
  /** The task kind's rules for the answer, one `- …` line each (wrapped lines indented by two spaces). */
  rules: readonly string[];
}

export class EpisodeSetupError extends Error {
  override name = 'EpisodeSetupError';
}
