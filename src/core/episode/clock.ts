/**
 * The episode's clock: time spent playing, which a person can pause (a break is not effort). It reads an injected
 * `now` so tests and replays control time, and it saves as plain JSON so a reloaded page resumes from the same
 * elapsed time (time while the page was closed does not count).
 */

export interface ClockState {
  elapsedMs: number;
  running: boolean;
}

export class EpisodeClock {
  private accumulated = 0;
  private since: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  get running(): boolean {
    return this.since !== null;
  }

  start(): void {
    this.accumulated = 0;
    this.since = this.now();
  }

  pause(): void {
    if (this.since === null) return;
    this.accumulated += this.now() - this.since;
    this.since = null;
  }

  resume(): void {
    if (this.since === null) this.since = this.now();
  }

  elapsedMs(): number {
    return this.accumulated + (this.since === null ? 0 : this.now() - this.since);
  }

  toJSON(): ClockState {
    return { elapsedMs: this.elapsedMs(), running: this.running };
  }

  restore(state: ClockState): void {
    this.accumulated = state.elapsedMs;
    this.since = state.running ? this.now() : null;
  }
}
