import type { InstanceBase } from '../../core/tasks/spec';
import { instanceTitle, taskRegistry } from '../../core/tasks/registry';
import { depSearchView } from './dep-search';
import { funcLocalizeView } from './func-localize';
import { specView, type TaskView } from './view';

/** The task kinds' views (see view.tsx), one line each; a registered kind without one gets its spec's view. */
const VIEWS = new Map<string, TaskView>([funcLocalizeView, depSearchView].map((v) => [v.kind, v]));

export function taskView(kind: string): TaskView {
  let view = VIEWS.get(kind);
  if (!view) VIEWS.set(kind, (view = specView(taskRegistry.get(kind))));
  return view;
}

/** The task in a few words (its spec's title for an instance). */
export const taskTitle = (instance: InstanceBase): string => instanceTitle(instance);
