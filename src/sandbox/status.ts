import type { SandboxStatus } from './types';

/** The observable status every sandbox keeps: the UI's status line subscribes, the sandbox sets. */
export class StatusCell {
  private current: SandboxStatus;
  private readonly listeners = new Set<(s: SandboxStatus) => void>();

  constructor(initial: SandboxStatus) {
    this.current = initial;
  }

  get(): SandboxStatus {
    return this.current;
  }

  set(next: SandboxStatus): void {
    if (next.state === this.current.state && next.detail === this.current.detail && next.background === this.current.background) return;
    this.current = next;
    for (const l of [...this.listeners]) l(next);
  }

  subscribe(listener: (s: SandboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The status half of the Sandbox interface, shared by the implementations. */
export abstract class WithStatus {
  protected readonly state: StatusCell;

  constructor(initial: SandboxStatus) {
    this.state = new StatusCell(initial);
  }

  status(): SandboxStatus {
    return this.state.get();
  }

  subscribe(listener: (s: SandboxStatus) => void): () => void {
    return this.state.subscribe(listener);
  }
}
