/**
 * What Python code in the sandbox is refused, said in Python's own terms. This is the first of two layers and the
 * one that words the message: it catches the obvious routes (os.system, subprocess, `import js`) before they reach
 * the engine. It is not the boundary — Python code can do anything inside its interpreter, including reaching
 * JavaScript through a proxy object or ctypes — so the engine's JavaScript environment is stripped as well
 * (src/sandbox/engine-lockdown.ts in the page; a Node process under the permission model on the command line,
 * src/sandbox/node/). docs/security.md has the whole picture.
 */

/** The refusals' wording, one place for the guard and for the tests that read it. */
export const NO_PROCESSES = "the playground's Python sandbox cannot start or signal processes";
export const NO_BRIDGE = "the playground's Python sandbox has no bridge to JavaScript, the page or the host";
export const NO_NETWORK = "the playground's Python sandbox has no network";

/** Pyodide registers these JavaScript modules; both hand Python the engine's JavaScript globals. */
export const JS_BRIDGE_MODULES = ['js', 'pyodide_js'] as const;

const GUARD_FILENAME = '<hgym-guard>';
const GUARD_SOURCE = String.raw`
import os, sys

# Emscripten fills '_' with the host's script path: not the program's business.
os.environ.pop('_', None)

_NO_PROCESSES = ${JSON.stringify(NO_PROCESSES)}
_NO_BRIDGE = ${JSON.stringify(NO_BRIDGE)}
_NO_NETWORK = ${JSON.stringify(NO_NETWORK)}

def _refuse(name, why=_NO_PROCESSES):
    def refused(*args, **kwargs):
        raise PermissionError(f"{name}: {why}")
    refused.__name__ = name.rsplit('.', 1)[-1]
    refused.__qualname__ = refused.__name__
    return refused

for _name in ('system', 'popen', 'fork', 'forkpty', 'kill', 'killpg', 'posix_spawn', 'posix_spawnp',
              'execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp', 'execvpe',
              'spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'):
    if hasattr(os, _name):
        setattr(os, _name, _refuse('os.' + _name))

import subprocess
def _no_child(self, *args, **kwargs):
    raise PermissionError(f"subprocess: {_NO_PROCESSES}")
subprocess.Popen.__init__ = _no_child

try:
    # Pyodide's own HTTP helpers reach the browser's fetch and XMLHttpRequest, which the engine does not have.
    import pyodide.http as _http
    for _name in ('open_url', 'pyfetch', 'pyxhr'):
        if hasattr(_http, _name):
            setattr(_http, _name, _refuse('pyodide.http.' + _name, _NO_NETWORK))
except ImportError:
    pass

class _NoBridge:
    # First on sys.meta_path: 'import js' fails with a reason rather than handing over a JavaScript object. Pyodide's
    # own modules stay (the interpreter uses them); what they would import from 'js' meets this too.
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split('.')[0] in ('js', 'pyodide_js'):
            raise ImportError(f"No module named {name!r}: {_NO_BRIDGE}", name=name)
        return None

for _m in [m for m in sys.modules if m.split('.')[0] in ('js', 'pyodide_js')]:
    del sys.modules[_m]
sys.meta_path.insert(0, _NoBridge)
`;

/** The parts of a loaded Pyodide the guard uses. */
export interface GuardablePyodide {
  runPython(code: string, options?: { filename?: string }): unknown;
  unregisterJsModule?(name: string): void;
}

/** Applies the guard once, after Pyodide has loaded and before any program runs. */
export function guardPython(py: GuardablePyodide): void {
  for (const name of JS_BRIDGE_MODULES) {
    try {
      py.unregisterJsModule?.(name);
    } catch {
      // Not registered in this build: nothing to take away.
    }
  }
  py.runPython(`exec(compile(${JSON.stringify(GUARD_SOURCE)}, ${JSON.stringify(GUARD_FILENAME)}, 'exec'), {})`, { filename: GUARD_FILENAME });
}
