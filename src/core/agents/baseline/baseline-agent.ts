import type { PlayerInfo } from '../../episode/trajectory';
import type { Agent, AgentStart, Decision, Feedback } from '../types';
import { searchDependencies } from './dependencies';
import { parseInstruction } from './instruction';
import { localize } from './localize';
import { submit, type Play } from './play';

/**
 * The baseline: no model, works offline, a floor for models and people to beat. It reads only the instruction and
 * the observations of its own tool calls (it never sees the instance, the gold answer or the index) and follows a
 * fixed method per task (localize.ts, dependencies.ts).
 */
export class BaselineAgent implements Agent {
  readonly player: PlayerInfo = { kind: 'baseline', name: 'baseline' };
  private play: Play | null = null;
  private started = false;
  private problem: string | null = null;

  start(start: AgentStart): void {
    const task = parseInstruction(start.instruction);
    this.started = false;
    if ('error' in task) {
      this.problem = `The baseline cannot play this instruction: ${task.error}.`;
      this.play = null;
      return;
    }
    this.problem = null;
    this.play = task.task === 'localize' ? localize(task) : searchDependencies(task);
  }

  async next(last: Feedback | null): Promise<Decision> {
    if (!this.play) return { kind: 'stop', error: this.problem ?? 'BaselineAgent.next before start' };
    const r = this.started ? this.play.next(last!) : this.play.next(undefined as unknown as Feedback);
    this.started = true;
    if (r.done) return { kind: 'action', action: submit('Done.') };
    return { kind: 'action', action: r.value };
  }
}
