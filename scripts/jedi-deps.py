#!/usr/bin/python3
"""Dependency sets with real Jedi, the way the Hybrid-Gym authors' builder computes them.

A re-implementation of `preprocess/build_dataset.py` (RepoAnalyzer + find_suitable_functions) as described in
the authors' build_dataset.py (hybrid-gym-reference.md §3.2 in the project brief), printing the same JSON lines as `hgym deps DIR`, so the two can be
compared record by record (scripts/compare-jedi.ts).

Run it with Debian's interpreter, which has python3-jedi (the `python3` first on PATH may lack it):

    /usr/bin/python3 scripts/jedi-deps.py DIR [--min-deps 1] [--max-deps 5] [--trace FILE] [--reuse-script]

What is reproduced on purpose (the reference's semantics, quirks included):
  * definitions: every FunctionDef / AsyncFunctionDef / ClassDef found by `ast.walk` in every `.py` file that
    `ast.parse` accepts; folders are skipped when a path component starts with '.' or the folder path CONTAINS
    `__pycache__`, `node_modules`, `.git`, `venv` or `env` (so `envs/`, `environment/` vanish);
  * Jedi's sys.path: a `jedi.Project(path=DIR, added_sys_path=..., smart_sys_path=False)` where the added folders are
    DIR, every folder holding a `.py` file and all its parents (that walk prunes only the exact names
    `__pycache__`, `node_modules`, `venv`, `env`, `.git` and hidden folders); the list comes from a Python set, so
    its order follows string hashing (set PYTHONHASHSEED for a repeatable run);
  * call sites: every `ast.Call` under the target's decorators and body statements (not parameter defaults or
    annotations): `f(...)` at the name, `x.f(...)` at the attribute's own position; any other callee is ignored;
  * a call whose final name is in the builtin list is dropped before resolution, even if the repo defines it;
  * `Script.goto(line, col, follow_imports=True)`; the first returned name that lies inside DIR and maps to a
    collected definition wins (same file and 1-based line, else same name and file with the 0-based line inside
    the definition or within 2 lines of its decorator line); any Jedi exception means "no dependency";
  * dependencies keep call-site order; duplicates (file, line_start), the target itself and definitions nested in
    the target's line range are dropped; targets are public functions (name not starting with '_').

Differences that change no record: files and folders are visited in sorted order (the authors' os.walk used disk
order, which only reorders output lines), and the folder filter looks at the path relative to DIR (the authors'
looked at the absolute path, so a checkout folder whose own name contains `env` lost every file).

`--reuse-script` builds one jedi.Script per file instead of one per call site (the authors' way): up to 3x faster,
but NOT faithful: Jedi's inference state, shared across a file's call sites, changes some answers (on 42k lines of
the standard library 7 of 1,519 records differed; docs/jedi-agreement.md). Use it only for quick looks.
`--trace FILE` writes one JSON line per resolved call site (target, call position and name, every goto result and
what the builder would accept for it).
"""

import argparse
import ast
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore", category=SyntaxWarning)
warnings.filterwarnings("ignore", category=DeprecationWarning)

try:
    import jedi
except ImportError:  # pragma: no cover - an environment problem, reported plainly
    sys.stderr.write("jedi-deps: this interpreter has no jedi; run it with /usr/bin/python3 after "
                     "`apt-get install -y python3-jedi`\n")
    sys.exit(2)

# The builder's name filter: builtin functions, builtin exceptions, constants, common typing names.
BUILTIN_NAMES = frozenset("""
abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr
dict dir divmod enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input int
isinstance issubclass iter len list locals map max memoryview min next object oct open ord pow print property range
repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip
BaseException Exception ArithmeticError AssertionError AttributeError BlockingIOError BrokenPipeError BufferError
BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
DeprecationWarning EOFError EnvironmentError FileExistsError FileNotFoundError FloatingPointError FutureWarning
GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError
KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplemented
NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError
RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration
SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError
UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslationError UnicodeWarning UserWarning ValueError
Warning ZeroDivisionError
True False None Ellipsis NotImplemented
Any Callable Dict List Optional Set Tuple Type Union
""".split())

# Exact folder names the sys.path walk prunes; the definition walk tests the same words as substrings.
PRUNED_NAMES = ("__pycache__", "node_modules", "venv", "env", ".git")
SKIPPED_SUBSTRINGS = ("__pycache__", "node_modules", ".git", "venv", "env")


def sorted_walk(top):
    """os.walk with folders and files in sorted order, so output is reproducible across file systems."""
    for root, dirs, files in os.walk(top):
        dirs.sort()
        files.sort()
        yield root, dirs, files


def python_path_folders(repo):
    """DIR, every folder holding a .py file, and each such folder's parents up to DIR (a set: hash order)."""
    found = {repo}
    for root, dirs, files in sorted_walk(repo):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in PRUNED_NAMES]
        if any(name.endswith(".py") for name in files):
            found.add(root)
            folder = root
            while folder != repo:
                folder = os.path.dirname(folder)
                found.add(folder)
    return list(found)


def folder_is_skipped(rel_dir):
    """The builder's folder filter: a hidden component, or one of the skip words anywhere in the folder path."""
    if rel_dir in ("", "."):
        return False
    if any(part.startswith(".") for part in rel_dir.split(os.sep)):
        return True
    return any(word in rel_dir for word in SKIPPED_SUBSTRINGS)


def parsed_python_files(repo):
    """(relative path, source, ast) for every .py file the builder reads: folder filter, UTF-8, ast.parse."""
    for root, _dirs, files in sorted_walk(repo):
        rel_dir = os.path.relpath(root, repo)
        if folder_is_skipped(rel_dir):
            continue
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, "r", encoding="utf-8") as handle:
                    source = handle.read()
                tree = ast.parse(source)
            except (SyntaxError, UnicodeDecodeError, OSError, ValueError):
                continue
            yield os.path.relpath(path, repo), source, tree


def definition_record(node, rel_path):
    first_line = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    return {
        "name": node.name,
        "file_path": rel_path,
        "line_start": node.lineno - 1,
        "line_end": node.end_lineno - 1,
        "type": "class" if isinstance(node, ast.ClassDef) else "function",
        "decorator_line": first_line - 1,
    }


DEFINITION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)


class CallSites(ast.NodeVisitor):
    """Positions Jedi is asked about: the name of `f(...)`, the attribute name of `x.f(...)` (1-based line)."""

    def __init__(self):
        self.sites = []

    def visit_Call(self, node):
        callee = node.func
        if isinstance(callee, ast.Name):
            self.sites.append((callee.id, callee.lineno, callee.col_offset))
        elif isinstance(callee, ast.Attribute):
            self.sites.append((callee.attr, callee.end_lineno, callee.end_col_offset - len(callee.attr)))
        self.generic_visit(node)


def call_sites_of(func):
    visitor = CallSites()
    for decorator in func.decorator_list:
        visitor.visit(decorator)
    for statement in func.body:
        visitor.visit(statement)
    return visitor.sites


class JediDependencies:
    def __init__(self, repo, reuse_script=False, trace=None):
        self.repo = repo
        self.reuse_script = reuse_script
        self.trace = trace
        self.project = jedi.Project(path=repo, added_sys_path=python_path_folders(repo), smart_sys_path=False)
        self.by_location = {}  # (rel_path, 1-based line) -> definition; later ast.walk entries overwrite
        self.by_name = {}  # (name, rel_path) -> [definition, ...] in ast.walk order
        self.files = []
        self.goto_calls = 0
        self._script = None  # (rel_path, jedi.Script) when reusing

    def collect(self):
        for rel_path, source, tree in parsed_python_files(self.repo):
            self.files.append((rel_path, source, tree))
            for node in ast.walk(tree):
                if isinstance(node, DEFINITION_NODES):
                    record = definition_record(node, rel_path)
                    self.by_location[(rel_path, node.lineno)] = record
                    self.by_name.setdefault((node.name, rel_path), []).append(record)

    def script_for(self, rel_path):
        absolute = os.path.join(self.repo, rel_path)
        if self.reuse_script and self._script and self._script[0] == rel_path:
            return self._script[1]
        # Like the builder: the file is read again for every Script.
        with open(absolute, "r", encoding="utf-8") as handle:
            source = handle.read()
        script = jedi.Script(source, path=absolute, project=self.project)
        if self.reuse_script:
            self._script = (rel_path, script)
        return script

    def accept(self, name):
        """The builder's acceptance of one goto result, or None."""
        if name.module_path is None:
            return None
        try:
            rel_path = os.path.relpath(str(name.module_path), self.repo)
        except ValueError:
            return None
        if rel_path.startswith(".."):
            return None
        exact = self.by_location.get((rel_path, name.line))
        if exact is not None:
            return exact
        row = name.line - 1
        for record in self.by_name.get((name.name, rel_path), ()):
            if record["line_start"] <= row <= record["line_end"] or abs(row - record["decorator_line"]) <= 2:
                return record
        return None

    def resolve(self, rel_path, line, column, target, call_name):
        landed = []
        found = None
        try:
            self.goto_calls += 1
            for name in self.script_for(rel_path).goto(line, column, follow_imports=True):
                if self.trace is not None:  # every landing, to spot Jedi's order-dependent picks
                    hit = self.accept(name)
                    landed.append([str(name.module_path) if name.module_path else None, name.line, name.name,
                                   [hit["file_path"], hit["line_start"]] if hit else None])
                    if found is None:
                        found = hit
                    continue
                found = self.accept(name)
                if found is not None:
                    break
        except Exception:  # the builder swallows every Jedi failure
            found = None
        if self.trace is not None:
            self.trace.write(json.dumps({
                "file": rel_path, "target_line": target.lineno - 1, "name": call_name, "line": line - 1,
                "column": column, "landed": landed,
                "accepted": [found["file_path"], found["line_start"]] if found else None,
            }) + "\n")
        return found

    def dependencies(self, func, rel_path):
        start, end = func.lineno - 1, func.end_lineno - 1
        seen = set()
        out = []
        for call_name, line, column in call_sites_of(func):
            if call_name in BUILTIN_NAMES:
                continue
            found = self.resolve(rel_path, line, column, func, call_name)
            if found is None:
                continue
            key = (found["file_path"], found["line_start"])
            if key in seen:
                continue
            seen.add(key)
            same_file = found["file_path"] == rel_path
            if same_file and start <= found["line_start"] <= end:  # itself, or nested in it
                continue
            out.append(dict(found))
        return out

    def records(self, min_deps, max_deps):
        for rel_path, _source, tree in self.files:
            self._script = None
            for node in ast.walk(tree):
                if not isinstance(node, FUNCTION_NODES) or node.name.startswith("_"):
                    continue
                deps = self.dependencies(node, rel_path)
                if min_deps <= len(deps) <= max_deps:
                    yield {
                        "target_function_name": node.name,
                        "target_function_file": rel_path,
                        "target_function_line_start": node.lineno - 1,
                        "target_function_line_end": node.end_lineno - 1,
                        "dependencies": deps,
                        "num_dependencies": len(deps),
                    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="Dependency sets of a Python repo with Jedi (the authors' builder).")
    parser.add_argument("dir")
    parser.add_argument("--min-deps", type=int, default=1)
    parser.add_argument("--max-deps", type=int, default=5)
    parser.add_argument("--reuse-script", action="store_true", help="one jedi.Script per file (faster)")
    parser.add_argument("--trace", help="write one JSON line per resolved call site to this file")
    parser.add_argument("--stats", action="store_true", help="print counts and time to stderr")
    args = parser.parse_args(argv)
    repo = os.path.abspath(args.dir)
    if not os.path.isdir(repo):
        sys.stderr.write(f"jedi-deps: not a folder: {args.dir}\n")
        return 2
    started = time.perf_counter()
    trace = open(args.trace, "w", encoding="utf-8") if args.trace else None
    try:
        builder = JediDependencies(repo, reuse_script=args.reuse_script, trace=trace)
        builder.collect()
        count = 0
        for record in builder.records(args.min_deps, args.max_deps):
            sys.stdout.write(json.dumps(record) + "\n")
            count += 1
    finally:
        if trace:
            trace.close()
    if args.stats:
        sys.stderr.write(f"jedi-deps: {len(builder.files)} files, {count} records, {builder.goto_calls} goto calls, "
                         f"{time.perf_counter() - started:.1f} s (jedi {jedi.__version__})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
