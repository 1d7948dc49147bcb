import type { Sandbox, SandboxEnvironment, SandboxKind } from './types';
import { webContainerUnavailableReason } from './webcontainer';

/** A sandbox the registry may offer: what it serves, whether this environment can run it, and how to make one. */
export interface SandboxPlugin {
  kind: SandboxKind;
  label: string;
  /** Repo languages it is for ('python', 'javascript', ...); '*' for every repo. */
  languages: readonly string[] | '*';
  /** null when it can run here; otherwise the reason, worded for the status line. */
  unavailableReason(env: SandboxEnvironment): string | null;
  create(): Sandbox;
}

export interface SandboxChoice {
  /** In the order commands should be offered to them: the language's engines first, the memory shell last. */
  available: SandboxPlugin[];
  /** Engines this repo would use but this environment cannot run, with why. */
  unavailable: { plugin: SandboxPlugin; reason: string }[];
}

/** Picks, for this environment and repo, which sandboxes to start, JupyterLite-style: every engine optional. */
export function chooseSandboxes(plugins: readonly SandboxPlugin[], env: SandboxEnvironment): SandboxChoice {
  const relevant = plugins.filter((p) => p.languages === '*' || !env.language || p.languages.includes(env.language));
  const available: SandboxPlugin[] = [];
  const unavailable: SandboxChoice['unavailable'] = [];
  for (const p of relevant) {
    const reason = p.unavailableReason(env);
    if (reason) unavailable.push({ plugin: p, reason });
    else available.push(p);
  }
  // The catch-all (languages '*', the memory shell) goes last so language engines see their commands first.
  available.sort((a, b) => Number(a.languages === '*') - Number(b.languages === '*'));
  return { available, unavailable };
}

/** The environment as the page (or a Worker) sees it. */
export function detectEnvironment(language?: string): SandboxEnvironment {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    online: typeof navigator === 'undefined' || navigator.onLine !== false,
    workers: typeof Worker !== 'undefined',
    language,
  };
}

/** The three plugins the app ships, each given its constructor (so Node and the page can build them differently). */
export function standardPlugins(make: { shell: () => Sandbox; python: () => Sandbox; node: () => Sandbox }): SandboxPlugin[] {
  return [
    {
      kind: 'python',
      label: 'Python (Pyodide)',
      languages: ['python'],
      unavailableReason: (env) => (env.workers ? null : 'Python is unavailable: this environment has no Web Workers'),
      create: make.python,
    },
    {
      kind: 'node',
      label: 'Node (WebContainer)',
      languages: ['javascript', 'typescript'],
      unavailableReason: webContainerUnavailableReason,
      create: make.node,
    },
    { kind: 'memory', label: 'Shell', languages: '*', unavailableReason: () => null, create: make.shell },
  ];
}
