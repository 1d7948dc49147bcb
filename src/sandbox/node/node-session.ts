import { standardPlugins } from '../choose';
import { MemoryShellSandbox } from '../memory-shell';
import { SandboxSession, type SessionEpisode } from '../session';
import { runnerForShell } from '../shell-bridge';
import type { SandboxEnvironment } from '../types';
import { createNodePythonSandbox, type NodePythonOptions } from './python-node';

export interface NodeSessionOptions {
  language?: string;
  /** What Node offers is fixed (worker_threads, no WebContainer); a test may say otherwise to take other paths. */
  environment?: Partial<SandboxEnvironment>;
  python?: Omit<NodePythonOptions, 'root' | 'workspaceName'>;
  defaultTimeoutS?: number;
}

/** WebContainer is a browser API: on the command line node and npm are explained, not run. */
const NODE_IN_NODE = 'Node is unavailable here: node and npm run in the browser playground (WebContainer), not on the command line';

/** The sandboxes of an episode in Node (`hgym play`, tests): Python in Pyodide on a worker_thread, loaded on first run. */
export function createNodeSandboxSession(episode: SessionEpisode, options: NodeSessionOptions = {}): SandboxSession {
  const plugins = standardPlugins({
    python: () => createNodePythonSandbox({ ...options.python, root: episode.paths.root }),
    node: () => {
      throw new Error(NODE_IN_NODE);
    },
    shell: () => new MemoryShellSandbox(runnerForShell(episode.shell)),
  }).map((p) => (p.kind === 'node' ? { ...p, unavailableReason: () => NODE_IN_NODE } : p));
  const environment: SandboxEnvironment = { crossOriginIsolated: true, online: false, workers: true, language: options.language, ...options.environment };
  return new SandboxSession({ episode, plugins, environment, defaultTimeoutS: options.defaultTimeoutS });
}
