import { taskOf } from '../tasks/instance-types';
import { localizationTargets, startStateReader } from '../tasks/start-state';
import { depSearchInstruction, localizeInstruction } from '../tasks/instructions';
import { workspacePath } from '../tasks/repo-meta';

/**
 * The start of an episode, as the paper's harness prepares it: the repo with the task's edit applied (function
 * localization: the target's docstring lines deleted; dependency search: nothing), which is also the base the final
 * patch is measured against. Instances may come from our generator or from the authors' dataset (no `task`, no
 * `instruction`): both are read by their paper fields.
 */

/** The fields an episode needs; the rest of the instance is carried along untouched. */
export interface EpisodeInstance {
  instance_id: string;
  repo: string;
  base_commit: string;
  [field: string]: unknown;
}

export class EpisodeSetupError extends Error {
  override name = 'EpisodeSetupError';
}

/** The start state: repo path -> text, sharing the repo's strings; only task-edited files are new strings. */
export function startFiles(instance: EpisodeInstance, files: readonly { path: string; text: string }[]): Map<string, string> {
  const original = new Map<string, string>();
  for (const f of files) original.set(f.path, f.text);
  const task = taskOf(instance);
  if (task === null) throw new EpisodeSetupError(`instance ${instance.instance_id} is neither a function-localization nor a dependency-search instance`);
  const needed = task === 'dep-search' ? [String(instance.target_function_file)] : localizationTargets(instance).map((t) => t.file_path);
  for (const file of needed) {
    if (!original.has(file)) throw new EpisodeSetupError(`the target's file ${file} of instance ${instance.instance_id} is not in the repo`);
  }
  const read = startStateReader(task, instance, (p) => original.get(p));
  const start = new Map<string, string>();
  for (const path of original.keys()) start.set(path, read(path)!);
  return start;
}

export function workspaceRoot(instance: EpisodeInstance): string {
  return workspacePath({ repo: instance.repo, baseCommit: instance.base_commit });
}

/** The instance's own instruction, or one written from its paper fields (authors' instances carry none). */
export function instructionFor(instance: EpisodeInstance): string {
  if (typeof instance.instruction === 'string' && instance.instruction) return instance.instruction;
  const workspace = workspaceRoot(instance);
  if (taskOf(instance) === 'dep-search') {
    return depSearchInstruction({
      workspace,
      functionName: instance.target_function_name as string,
      file: instance.target_function_file as string,
      lineStart: instance.target_function_line_start as number,
    });
  }
  const masked = instance.description_mode === 'masked';
  const description = (masked ? instance.brief_description : undefined) ?? instance.function_description ?? instance.description ?? instance.brief_description;
  return localizeInstruction({
    workspace,
    moduleType: instance.module_type === 'class' ? 'class' : 'function',
    description: String(description ?? ''),
    moduleName: masked ? undefined : (instance.module_name as string | undefined),
  });
}
