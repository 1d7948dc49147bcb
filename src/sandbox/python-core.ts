import type { FileChange, FileWrite } from './types';
import type { PythonInvocation } from './python-command';
import { normaliseWorkspacePath } from './workspace-paths';
import { guardPython } from './python-guard';

/**
 * The Python engine proper, shared by the browser's module Worker (src/workers/python.worker.ts) and Node's
 * worker_thread (src/sandbox/node/python-thread.ts): mirrors workspace files into Pyodide's file system, runs one
 * invocation like CPython's launcher would, and reports which files the program changed.
 */

/** The parts of Emscripten's FS this uses (Pyodide types it loosely). */
export interface EmscriptenFS {
  mkdirTree(path: string): void;
  writeFile(path: string, data: string | Uint8Array): void;
  readFile(path: string, opts: { encoding: 'utf8' }): string;
  unlink(path: string): void;
  readdir(path: string): string[];
  stat(path: string): { mode: number; mtime: Date | number };
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  utime(path: string, atime: number, mtime: number): void;
  analyzePath(path: string): { exists: boolean };
}

interface Writer {
  write(buffer: Uint8Array): number;
  isatty?: boolean;
}

/** The parts of a loaded Pyodide this uses. */
export interface PyodideLike {
  FS: unknown;
  version: string;
  runPython(code: string, options?: { filename?: string }): unknown;
  setStdout(options: Writer): void;
  setStderr(options: Writer): void;
  setStdin(options: { error?: boolean }): void;
  setInterruptBuffer(buffer: Uint8Array): void;
  unregisterJsModule?(name: string): void;
}

/** A file the engine mirrors has this mtime; any write by the program moves it, which is how changes are found. */
const MIRRORED_MTIME = 0;

/** Runs inside Python. Compiled once under a name the traceback filter recognises. */
const RUNNER_FILENAME = '<hgym-runner>';
const RUNNER_SOURCE = String.raw`
import sys, os, json, runpy, traceback, importlib, types, builtins

sys.dont_write_bytecode = True
# Error messages read "python: No module named x", as CPython's launcher would word them (Pyodide in Node would
# take the host's script path from the environment).
sys.executable = 'python'

def _hgym_print_exception(e):
    # Hide the launcher's own frames, as CPython does for the frames of its C launcher.
    tb = e.__traceback__
    while tb is not None and (tb.tb_frame.f_code.co_filename == '<hgym-runner>'
                              or tb.tb_frame.f_code.co_filename in ('<frozen runpy>', runpy.__file__)):
        tb = tb.tb_next
    traceback.print_exception(type(e), e, tb)

def _hgym_exit_code(e):
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1

def _hgym_forget_workspace_modules(root):
    # A program imports the workspace's modules; the next run must see edits made since, as a fresh process would.
    prefix = root + '/'
    for name, mod in list(sys.modules.items()):
        f = getattr(mod, '__file__', None)
        if isinstance(f, str) and (f == root or f.startswith(prefix)):
            del sys.modules[name]
    importlib.invalidate_caches()

def _hgym_shadow(first, root):
    # In a fresh CPython, 'import json' from a folder holding a json/ package finds that package first. Pyodide has
    # imported some standard modules at start-up, so set those (and their submodules) aside while the program runs
    # when the program's first path entry, inside the workspace, has a module or package of the same name.
    try:
        here = os.path.realpath(first)
        if not (here == root or here.startswith(root + '/')):
            return {}
        names = set()
        for entry in os.listdir(here):
            if entry.endswith('.py'):
                names.add(entry[:-3])
            elif os.path.isfile(os.path.join(here, entry, '__init__.py')):
                names.add(entry)
    except OSError:
        return {}
    aside = {}
    for name in list(sys.modules):
        if name.split('.')[0] in names and name not in ('sys', 'builtins', 'os', '__main__'):
            aside[name] = sys.modules.pop(name)
    importlib.invalidate_caches()
    return aside

def _hgym_fresh_main():
    # Programs run in a new __main__, never in Pyodide's own globals (where runpy's -m would put them).
    main = types.ModuleType('__main__')
    main.__dict__['__builtins__'] = builtins
    sys.modules['__main__'] = main
    return main

def run(request_json):
    req = json.loads(request_json)
    root, cwd, mode = req['root'], req['cwd'], req['mode']
    _hgym_forget_workspace_modules(root)
    saved_argv, saved_path, saved_main = sys.argv[:], sys.path[:], sys.modules.get('__main__')
    status = 0
    aside = {}
    try:
        os.chdir(cwd)
        if mode == 'file':
            path = os.path.join(cwd, req['file'])
            if not os.path.exists(path):
                print("python: can't open file %r: [Errno 2] No such file or directory" % path, file=sys.stderr)
                return 2
            sys.argv = [req['file']] + req['args']
            sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
            aside = _hgym_shadow(sys.path[0], root)
            # Relative to the cwd, so sys.argv[0] and tracebacks show the path as typed.
            runpy.run_path(req['file'], run_name='__main__')
        elif mode == 'module':
            sys.argv = [req['module']] + req['args']
            sys.path.insert(0, cwd)
            aside = _hgym_shadow(cwd, root)
            _hgym_fresh_main()
            runpy._run_module_as_main(req['module'], alter_argv=True)
        else:
            sys.argv = ['-c'] + req['args']
            sys.path.insert(0, '')
            aside = _hgym_shadow(cwd, root)
            main = _hgym_fresh_main()
            exec(compile(req['code'], '<string>', 'exec'), main.__dict__)
    except SystemExit as e:
        status = _hgym_exit_code(e)
    except KeyboardInterrupt as e:
        _hgym_print_exception(e)
        status = 130
    except BaseException as e:
        _hgym_print_exception(e)
        status = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        sys.argv, sys.path[:] = saved_argv, saved_path
        if saved_main is not None:
            sys.modules['__main__'] = saved_main
        if aside:
            # The program's copies go; the interpreter's own modules come back.
            _hgym_forget_workspace_modules(root)
            sys.modules.update(aside)
        try:
            os.chdir(root)
        except OSError:
            pass
    return status
`;

export type OutputStream = 'stdout' | 'stderr';

/** Text a program printed, decoded incrementally (a multi-byte character may straddle two writes). */
function streamingWriter(stream: OutputStream, emit: (stream: OutputStream, text: string) => void): Writer {
  const decoder = new TextDecoder();
  return {
    isatty: false,
    write(buffer: Uint8Array) {
      const text = decoder.decode(buffer, { stream: true });
      if (text) emit(stream, text);
      return buffer.length;
    },
  };
}

export interface RunRequest {
  invocation: PythonInvocation;
  /** Relative to the workspace root. */
  cwd?: string;
}

export interface RunOutcome {
  exitCode: number;
  changes: FileChange[];
  /** The interpreter died (Pyodide's "fatal error", e.g. a program that reached a refused host API): restart it. */
  fatal?: boolean;
}

export class PythonRuntime {
  private readonly fs: EmscriptenFS;
  /** Workspace paths the engine holds, as last mirrored or reported. */
  private readonly tracked = new Set<string>();
  private emit: (stream: OutputStream, text: string) => void = () => {};
  private fatal = false;

  constructor(
    private readonly py: PyodideLike,
    /** Absolute folder in Pyodide's file system, e.g. /workspace/json. */
    readonly root: string,
    interruptBuffer?: Uint8Array,
  ) {
    this.fs = py.FS as EmscriptenFS;
    this.fs.mkdirTree(root);
    py.setStdout(streamingWriter('stdout', (s, t) => this.emit(s, t)));
    py.setStderr(streamingWriter('stderr', (s, t) => this.emit(s, t)));
    // input() gets EOF instead of blocking a worker that has no terminal to read from.
    py.setStdin({ error: true });
    if (interruptBuffer) py.setInterruptBuffer(interruptBuffer);
    // Before any program: refuse processes and the bridge to JavaScript, with Python's own words for it.
    guardPython(py);
    // The runner lives in a module of its own, out of reach of the programs it runs.
    py.runPython(
      `import sys, types\n_m = types.ModuleType('_hgym_runner')\n` +
        `exec(compile(${JSON.stringify(RUNNER_SOURCE)}, ${JSON.stringify(RUNNER_FILENAME)}, 'exec'), _m.__dict__)\n` +
        `sys.modules['_hgym_runner'] = _m\ndel _m`,
    );
    py.runPython(`import os; os.chdir(${JSON.stringify(root)})`);
  }

  /** "Python 3.14.0 (Pyodide 314.0.7)" for the status line. */
  describe(): string {
    return `Python ${this.pythonVersion()} (Pyodide ${this.py.version})`;
  }

  private abs(path: string): string | null {
    const rel = normaliseWorkspacePath(path);
    return rel ? `${this.root}/${rel}` : null;
  }

  writeFiles(files: FileWrite[]): void {
    for (const f of files) {
      const abs = this.abs(f.path);
      if (!abs) continue;
      this.fs.mkdirTree(abs.slice(0, abs.lastIndexOf('/')));
      this.fs.writeFile(abs, f.text);
      this.fs.utime(abs, MIRRORED_MTIME, MIRRORED_MTIME);
      this.tracked.add(normaliseWorkspacePath(f.path)!);
    }
  }

  deleteFiles(paths: string[]): void {
    for (const p of paths) {
      const abs = this.abs(p);
      if (!abs) continue;
      if (this.fs.analyzePath(abs).exists) this.fs.unlink(abs);
      this.tracked.delete(normaliseWorkspacePath(p)!);
    }
  }

  /** Runs one invocation to its end; output goes to `emit` as the program writes it. */
  run(request: RunRequest, emit: (stream: OutputStream, text: string) => void): RunOutcome {
    this.emit = emit;
    try {
      const exitCode = this.invoke(request);
      if (this.fatal) {
        this.emit('stderr', '[the Python engine failed and restarts on the next run; files this run wrote are lost]\n');
        return { exitCode, changes: [], fatal: true };
      }
      return { exitCode, changes: this.collectChanges() };
    } finally {
      this.emit = () => {};
    }
  }

  private invoke({ invocation, cwd }: RunRequest): number {
    if (invocation.mode === 'version') {
      this.emit('stdout', `Python ${this.pythonVersion()}\n`);
      return 0;
    }
    const rel = normaliseWorkspacePath(cwd ?? '');
    if (rel === null) {
      this.emit('stderr', `cd: ${cwd}: outside the workspace\n`);
      return 2;
    }
    const dir = rel ? `${this.root}/${rel}` : this.root;
    if (!this.fs.analyzePath(dir).exists) {
      this.emit('stderr', `cd: ${cwd}: No such directory\n`);
      return 2;
    }
    const request = JSON.stringify({ ...invocation, root: this.root, cwd: dir });
    try {
      const status = this.py.runPython(`__import__('_hgym_runner').run(${JSON.stringify(request)})`, { filename: RUNNER_FILENAME });
      return typeof status === 'number' ? status : 1;
    } catch (e) {
      // Only an interrupt that lands outside the program (between its end and the runner's return) gets here, or
      // the interpreter's death.
      if ((e as { pyodide_fatal_error?: boolean } | null)?.pyodide_fatal_error) this.fatal = true;
      const message = e instanceof Error ? e.message : String(e);
      this.emit('stderr', message.includes('KeyboardInterrupt') ? 'KeyboardInterrupt\n' : `${message}\n`);
      return message.includes('KeyboardInterrupt') ? 130 : 1;
    }
  }

  private pythonVersion(): string {
    return String(this.py.runPython('import sys; sys.version.split()[0]'));
  }

  /** Files the program created or modified (their mtime moved off the mark) and mirrored files it deleted. */
  collectChanges(): FileChange[] {
    const changes: FileChange[] = [];
    const seen = new Set<string>();
    const walk = (abs: string, rel: string) => {
      for (const name of this.fs.readdir(abs)) {
        if (name === '.' || name === '..' || name === '__pycache__') continue;
        const childAbs = `${abs}/${name}`;
        const childRel = rel ? `${rel}/${name}` : name;
        const st = this.fs.stat(childAbs);
        if (this.fs.isDir(st.mode)) walk(childAbs, childRel);
        else if (this.fs.isFile(st.mode) && !name.endsWith('.pyc')) {
          seen.add(childRel);
          if (Number(st.mtime) !== MIRRORED_MTIME || !this.tracked.has(childRel)) {
            changes.push({ kind: 'write', path: childRel, text: this.fs.readFile(childAbs, { encoding: 'utf8' }) });
            this.fs.utime(childAbs, MIRRORED_MTIME, MIRRORED_MTIME);
            this.tracked.add(childRel);
          }
        }
      }
    };
    walk(this.root, '');
    for (const path of [...this.tracked]) {
      if (!seen.has(path)) {
        changes.push({ kind: 'delete', path });
        this.tracked.delete(path);
      }
    }
    return changes;
  }
}
