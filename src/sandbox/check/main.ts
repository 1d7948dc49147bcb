import { detectEnvironment } from '../choose';
import { createBrowserPythonSandbox } from '../python-browser';
import type { PythonSandbox } from '../python-sandbox';
import type { ExecResult, SandboxStatus } from '../types';
import { WebContainerSandbox } from '../webcontainer';

/**
 * sandbox-check.html: what this browser can run, for a person ("why does `node` say unavailable?") and for the e2e
 * test and the bench, which drive the real Pyodide Worker through `window.hgymSandboxCheck` in a built app.
 */
export interface SandboxCheckApi {
  environment(): ReturnType<typeof detectEnvironment>;
  /** Loads Python; resolves with the status and the engine's own load time. */
  startPython(): Promise<{ status: SandboxStatus; loadMs: number | undefined }>;
  python(command: string, timeoutMs?: number): Promise<ExecResult & { streamed: string[] }>;
  writeFiles(files: { path: string; text: string }[]): Promise<void>;
  pythonStatus(): SandboxStatus;
  /**
   * The Python Worker's lockdown, tried in this browser: what is still reachable after it (should be nothing), and
   * what each way to storage, the network or a fresh scope did.
   */
  lockdown(): Promise<{ left: string[]; tries: Record<string, string> }>;
  /** Tries WebContainer the way the app does; resolves with what the player would see. */
  node(command: string, bootTimeoutMs: number): Promise<{ result: ExecResult; status: SandboxStatus; elapsedMs: number }>;
}

declare global {
  interface Window {
    hgymSandboxCheck: SandboxCheckApi;
  }
}

const root = document.getElementById('check')!;
root.innerHTML = `<h1>Sandbox check</h1><dl id="facts"></dl><pre id="log" aria-label="Log"></pre>`;
const facts = root.querySelector<HTMLDListElement>('#facts')!;
const log = root.querySelector<HTMLPreElement>('#log')!;

function show(term: string, value: string): void {
  let dd = facts.querySelector<HTMLElement>(`[data-term="${term}"]`);
  if (!dd) {
    facts.insertAdjacentHTML('beforeend', `<dt>${term}</dt><dd data-term="${term}"></dd>`);
    dd = facts.querySelector<HTMLElement>(`[data-term="${term}"]`)!;
  }
  dd.textContent = value;
}

const env = detectEnvironment();
show('Cross-origin isolated', String(env.crossOriginIsolated));
show('Online', String(env.online));
let python: PythonSandbox | null = null;
function getPython(): PythonSandbox {
  if (!python) {
    python = createBrowserPythonSandbox({ workspaceName: 'check' });
    python.subscribe((s) => show('Python', `${s.state}${s.detail ? `: ${s.detail}` : ''}`));
    show('Python', python.status().state);
  }
  return python;
}

window.hgymSandboxCheck = {
  environment: () => detectEnvironment(),
  async startPython() {
    const py = getPython();
    await py.start().catch(() => undefined);
    return { status: py.status(), loadMs: py.loadMs };
  },
  async python(command, timeoutMs) {
    const streamed: string[] = [];
    const r = await getPython().exec(command, { timeoutMs, onStdout: (c) => streamed.push(c), onStderr: (c) => streamed.push(c) });
    log.textContent += `$ ${command}\n${r.stdout}${r.stderr}[exit ${r.exitCode}]\n`;
    return { ...r, streamed };
  },
  writeFiles: (files) => getPython().writeFiles(files),
  lockdown: () =>
    new Promise((resolve, reject) => {
      const probe = new Worker(new URL('./lockdown-probe.worker.ts', import.meta.url), { type: 'module', name: 'lockdown-probe' });
      probe.onmessage = (e) => {
        probe.terminate();
        show('Python lockdown', e.data.left.length ? `incomplete: ${e.data.left.join(', ')}` : 'complete');
        resolve(e.data);
      };
      probe.onerror = (e) => reject(new Error(e.message || 'the lockdown probe failed to start'));
    }),
  pythonStatus: () => getPython().status(),
  async node(command, bootTimeoutMs) {
    const t0 = performance.now();
    const sb = new WebContainerSandbox({ bootTimeoutMs });
    sb.subscribe((s) => show('Node', `${s.state}${s.detail ? `: ${s.detail}` : ''}`));
    show('Node', `${sb.status().state}${sb.status().detail ? `: ${sb.status().detail}` : ''}`);
    const result = await sb.exec(command);
    return { result, status: sb.status(), elapsedMs: performance.now() - t0 };
  },
};
