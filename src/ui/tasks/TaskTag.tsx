import { taskRegistry } from '../../core/tasks/registry';
import type { InstanceBase } from '../../core/tasks/spec';
import { taskView } from './registry';

/** The kind's short word (`localize`, `deps`) in the kind's colour. */
export function TaskTag({ instance }: { instance: InstanceBase }) {
  const spec = taskRegistry.require(instance);
  return <span className={`tag ${taskView(spec.kind).tagClass}`}>{spec.shortTitle}</span>;
}
