import { detectEnvironment, standardPlugins } from './choose';
import { MemoryShellSandbox } from './memory-shell';
import { createBrowserPythonSandbox } from './python-browser';
import { SandboxSession, type SessionEpisode } from './session';
import { runnerForShell } from './shell-bridge';
import { WebContainerSandbox } from './webcontainer';

/**
 * The page's sandboxes for an episode: Python in a module Worker (loaded on the first run, with the episode's root
 * as its working folder so tracebacks name the paths the player sees), Node in a WebContainer when the page is
 * cross-origin isolated and online. Call after the episode's reset/restore; dispose it when the episode goes.
 */
export function createPageSandboxSession(episode: SessionEpisode, language?: string): SandboxSession {
  const plugins = standardPlugins({
    python: () => createBrowserPythonSandbox({ root: episode.paths.root }),
    node: () => new WebContainerSandbox(),
    shell: () => new MemoryShellSandbox(runnerForShell(episode.shell)),
  });
  return new SandboxSession({ episode, plugins, environment: detectEnvironment(language) });
}
