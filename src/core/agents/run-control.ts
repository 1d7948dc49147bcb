/**
 * Pause, single-step and stop for a running agent, as the Play screen offers them. The loop awaits `beforeStep()`
 * before asking the agent for each decision (so a paused run spends no tokens), and stops on `signal`.
 *
 *   const control = new RunControl();
 *   runAgent(agent, episode, { signal: control.signal, beforeStep: control.beforeStep });
 *   control.pause(); control.step(); control.resume(); control.stop();
 */

export type RunState = 'running' | 'paused' | 'stopped';

export class RunControl {
  private readonly abort = new AbortController();
  private paused: boolean;
  /** Steps allowed through while paused (the "step" button). */
  private credits = 0;
  private waiting: (() => void) | null = null;
  private readonly listeners = new Set<(state: RunState) => void>();

  constructor(options: { startPaused?: boolean } = {}) {
    this.paused = options.startPaused ?? false;
    this.abort.signal.addEventListener('abort', () => this.release(), { once: true });
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get state(): RunState {
    return this.abort.signal.aborted ? 'stopped' : this.paused ? 'paused' : 'running';
  }

  /** Called by the loop before each decision; resolves when the run may take one more step (or was stopped). */
  readonly beforeStep = (): Promise<void> => {
    if (this.abort.signal.aborted || !this.paused) return Promise.resolve();
    if (this.credits > 0) {
      this.credits--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiting = () => {
        this.waiting = null;
        resolve();
      };
    });
  };

  pause(): void {
    if (this.state !== 'running') return;
    this.paused = true;
    this.emit();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.paused = false;
    this.credits = 0;
    this.release();
    this.emit();
  }

  /** While paused: let exactly one more step run, then hold again. */
  step(): void {
    if (this.state !== 'paused') return;
    if (this.waiting) this.release();
    else this.credits++;
  }

  stop(): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.emit();
  }

  onChange(listener: (state: RunState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private release(): void {
    this.waiting?.();
  }

  private emit(): void {
    for (const l of this.listeners) l(this.state);
  }
}
