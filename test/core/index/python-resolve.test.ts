import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/build';
import type { RepoIndex } from '../../../src/core/index/types';
import { loadTreeSitterNode } from '../../../src/node/wasm';

/**
 * One small repo per row of the Jedi behaviour table (reference §3.2). Every expected dependency list below was
 * produced by running the authors' builder logic with real Jedi 0.20 on these same files (rows Jedi leaves to chance
 * are asserted as "ambiguous", never as one side of the coin).
 */
const TABLE_REPO: Record<string, string> = {
  'pkg/__init__.py': ``,
  'pkg/base.py': `class Base:
    @classmethod
    def create(cls):
        return cls()

    @staticmethod
    def static_thing():
        return 1

    def base_method(self):
        return 1

    def overridden(self):
        return 2
`,
  'pkg/helpers.py': `__all__ = ["star_exported", "helper"]


def helper():
    return 0


def other_helper(x):
    return x


def star_exported():
    return 2


def star_hidden():
    return 3


def decorator_factory(arg):
    def wrap(fn):
        return fn
    return wrap


def format(x):
    return x
`,
  'pkg/main.py': `import pkg.sub.mod as m
from pkg import helpers
from pkg.helpers import helper as aliased_helper
from pkg.helpers import *
from pkg.helpers import other_helper, decorator_factory, format
from pkg.base import Base
from pkg.widgets import Widget, make_widget, MyError, Decorated


def use_below():
    return local_below()


def use_alias():
    return aliased_helper()


def use_modules():
    m.deep_func()
    helpers.other_helper(1)


def use_star():
    star_exported()
    star_hidden()


def use_function_import():
    from pkg.sub.mod import deep_func as df
    return df()


def use_assignment_alias():
    h = other_helper
    return h(1)


def use_decorated_class():
    return Decorated()


def use_raise(flag):
    if flag:
        raise MyError("x")
    raise MyError


def use_nested():
    def inner():
        return other_helper(1)
    return inner()


def use_lambda():
    f = lambda: aliased_helper()
    return f


def use_builtin_name():
    return format(3)


def use_instance():
    w = Widget()
    w.run()
    w()


def use_annotation(w: Widget):
    w.run()


def use_untyped(x):
    x.run()


def use_class_methods():
    Base.create()
    Base.static_thing()


def use_with():
    with Widget() as w:
        w.run()


def recursive(n):
    return recursive(n - 1) if n else 0


def use_default(x=other_helper(1)):
    return x


@decorator_factory(other_helper(0))
def use_decorator():
    return 1


def use_return_annotation():
    make_widget().run()


def use_getattr(w: Widget):
    getattr(w, "run")()


def use_subscript(handlers):
    handlers[0]()


def local_below():
    return 1


if Base:
    def dup():
        return 1
else:
    def dup():
        return 2


def use_dup():
    return dup()


class Child(Base):
    def __init__(self):
        self.widget = Widget()

    def own(self):
        return 1

    def overridden(self):
        return super().overridden()

    def use_self(self):
        self.base_method()
        self.own()
        self.static_thing()
        self.widget.run()
        type(self).create()

    @classmethod
    def make(cls):
        return cls()

    @property
    def prop(self):
        return 1

    def use_prop(self):
        return self.prop
`,
  'pkg/sub/__init__.py': ``,
  'pkg/sub/mod.py': `def deep_func():
    return 1
`,
  'pkg/widgets.py': `from pkg.base import Base


class Widget(Base):
    def run(self):
        return 1

    def __call__(self):
        return 2

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def make_widget() -> Widget:
    return Widget()


class MyError(Exception):
    pass


def deco(cls):
    return cls


@deco
class Decorated:
    pass
`,
};

/** Module search, fallbacks, re-exports and two Jedi quirks. */
const MODULES_REPO: Record<string, string> = {
  '__init__.py': ``,
  'a/utils.py': `def helper():
    return 1
`,
  'b/utils.py': `def helper():
    return 2
`,
  'c.py': `from utils import helper


def use_ambiguous():
    return helper()
`,
  'd.py': `import logging
import sys

try:
    from ._speedups import escape
except ImportError:
    from .native import escape

from .pkg import thing
from mypkg.sub.deep import deep


def use_stdlib_shadow():
    return logging.getLogger()


def use_fallback():
    return escape("x")


def use_reexport():
    return thing()


def use_root_package():
    return deep()


if sys.platform.startswith("win"):
    def plat():
        return 1
else:
    def plat():
        return 2


def use_platform():
    return plat()


def use_shadowed_local():
    thing = 1
    return thing()


def logged(fn):
    def wrapper(*args):
        return fn(*args)
    return wrapper
`,
  'logging.py': `def getLogger():
    return 1
`,
  'native.py': `def escape(s):
    return s
`,
  'pkg/__init__.py': `from .impl import thing
`,
  'pkg/impl.py': `def thing():
    return 1
`,
  'sub/__init__.py': ``,
  'sub/deep.py': `def deep():
    return 1
`,
};

async function index(files: Record<string, string>, rootName: string | null = null): Promise<RepoIndex> {
  const ts = await loadTreeSitterNode(['python']);
  return buildIndex(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    ts,
    { rootName },
  );
}

/** The callees of the definition with this qualified name (in `file`), as `name file:line` (0-based). */
function deps(ix: RepoIndex, file: string, qualifiedName: string): string[] {
  const t = ix.definitions.find((d) => d.file === file && d.qualifiedName === qualifiedName);
  if (!t) throw new Error(`no ${qualifiedName} in ${file}`);
  return ix.callees[t.id]!.map((id) => ix.definitions[id]!).map((d) => `${d.name} ${d.file}:${d.lineStart}`);
}

describe('the Jedi behaviour table (reference §3.2)', () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await index(TABLE_REPO);
  });
  const main = (q: string) => deps(ix, 'pkg/main.py', q);

  it('a module function defined below the target', () => expect(main('use_below')).toEqual(['local_below pkg/main.py:111']));
  it('an aliased from-import reports the original definition', () => expect(main('use_alias')).toEqual(['helper pkg/helpers.py:3']));
  it('import a.b.c as m; m.f() and from pkg import module; module.f()', () =>
    expect(main('use_modules')).toEqual(['deep_func pkg/sub/mod.py:0', 'other_helper pkg/helpers.py:7']));
  it('star imports hand over every top-level name (Jedi ignores __all__ there)', () =>
    expect(main('use_star')).toEqual(['star_exported pkg/helpers.py:11', 'star_hidden pkg/helpers.py:15']));
  it('a function-level import', () => expect(main('use_function_import')).toEqual(['deep_func pkg/sub/mod.py:0']));
  it('alias by assignment is not followed', () => expect(main('use_assignment_alias')).toEqual([]));
  it('a decorated class: the class line, with its decorator line', () => {
    expect(main('use_decorated_class')).toEqual(['Decorated pkg/widgets.py:30']);
    expect(ix.definitions.find((d) => d.name === 'Decorated')!.decoratorLine).toBe(29);
  });
  it('raise C(...) counts, a bare raise C does not add anything', () => expect(main('use_raise')).toEqual(['MyError pkg/widgets.py:21']));
  it('calls inside a nested def count, the nested def itself does not', () => {
    expect(main('use_nested')).toEqual(['other_helper pkg/helpers.py:7']);
    expect(main('use_nested.<locals>.inner')).toEqual(['other_helper pkg/helpers.py:7']);
  });
  it('a call inside a lambda', () => expect(main('use_lambda')).toEqual(['helper pkg/helpers.py:3']));
  it('a repo function named like a builtin is filtered by name', () => expect(main('use_builtin_name')).toEqual([]));
  it('x = C(); x.m() resolves, x() (__call__) does not', () => expect(main('use_instance')).toEqual(['Widget pkg/widgets.py:3', 'run pkg/widgets.py:4']));
  it('an annotated parameter', () => expect(main('use_annotation')).toEqual(['run pkg/widgets.py:4']));
  it('an untyped parameter is not inferred', () => expect(main('use_untyped')).toEqual([]));
  it('classmethod and staticmethod through the class', () => expect(main('use_class_methods')).toEqual(['create pkg/base.py:2', 'static_thing pkg/base.py:6']));
  it('with C() as x (C.__enter__ returns self)', () => expect(main('use_with')).toEqual(['Widget pkg/widgets.py:3', 'run pkg/widgets.py:4']));
  it('recursion is dropped', () => expect(main('recursive')).toEqual([]));
  it('parameter defaults are not scanned, decorators are (before the body)', () => {
    expect(main('use_default')).toEqual([]);
    expect(main('use_decorator')).toEqual(['decorator_factory pkg/helpers.py:19', 'other_helper pkg/helpers.py:7']);
  });
  it('f().m() through a return annotation, in visit order (outer call first)', () =>
    expect(main('use_return_annotation')).toEqual(['run pkg/widgets.py:4', 'make_widget pkg/widgets.py:17']));
  it('getattr dispatch and subscript calls are not resolved', () => {
    expect(main('use_getattr')).toEqual([]);
    expect(main('use_subscript')).toEqual([]);
  });
  it('a name defined in both arms of `if <class>:` resolves to the first arm (Jedi decides the test)', () =>
    expect(main('use_dup')).toEqual(['dup pkg/main.py:116']));
  it('self.m() inherited, own, static; self.attr.m() from __init__; type(self).m()', () =>
    expect(main('Child.use_self')).toEqual([
      'base_method pkg/base.py:9',
      'own pkg/main.py:131',
      'static_thing pkg/base.py:6',
      'run pkg/widgets.py:4',
      'create pkg/base.py:2',
    ]));
  it('super().m() in an override gives the base method', () => expect(main('Child.overridden')).toEqual(['overridden pkg/base.py:12']));
  it('cls() in a classmethod and a property read give nothing', () => {
    expect(main('Child.make')).toEqual([]);
    expect(main('Child.use_prop')).toEqual([]);
  });
  it('counts no ambiguous call in this repo', () => expect(ix.stats.ambiguous).toBe(0));
});

describe('modules, fallbacks and Jedi quirks', () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await index(MODULES_REPO);
  });
  const d = (q: string) => deps(ix, 'd.py', q);

  it('a module two sys.path folders provide is ambiguous: no edge, counted', () => {
    expect(deps(ix, 'c.py', 'use_ambiguous')).toEqual([]);
    expect(ix.stats.ambiguous).toBeGreaterThanOrEqual(1);
  });
  it('a repo module named like a standard-library one is shadowed by the library', () => expect(d('use_stdlib_shadow')).toEqual([]));
  it('try/except ImportError: the importable fallback', () => expect(d('use_fallback')).toEqual(['escape native.py:0']));
  it('re-exports through __init__.py reach the original definition', () => expect(d('use_reexport')).toEqual(['thing pkg/impl.py:0']));
  it('a repo root that is a package is not importable under its own name (Jedi 0.20), unless asked', async () => {
    expect(d('use_root_package')).toEqual([]);
    const rooted = await index(MODULES_REPO, 'mypkg');
    expect(deps(rooted, 'd.py', 'use_root_package')).toEqual(['deep sub/deep.py:0']);
  });
  it('both arms of an undecidable `if sys.platform...` are possible: ambiguous', () => expect(d('use_platform')).toEqual([]));
  it('a local assignment shadows the module name', () => expect(d('use_shadowed_local')).toEqual([]));
  it("calling the enclosing function's parameter lands on that function (the builder accepts the param's line)", () =>
    expect(d('logged.<locals>.wrapper')).toEqual(['logged d.py:45']));
});

/** Checked with the authors' builder logic on Jedi 0.18.2 (scripts/jedi-deps.py): both targets get both edges. */
const SELF_IMPORT_REPO: Record<string, string> = {
  'pkg2/__init__.py': `from pkg2 import engine
from . import tools


def run():
    return engine.Stack(), tools.helper()
`,
  'pkg2/engine.py': `class Stack:
    pass
`,
  'pkg2/tools.py': `def helper():
    return 1
`,
  'user.py': `from pkg2 import engine, tools


def use():
    engine.Stack()
    tools.helper()
`,
};

describe('a package __init__.py that imports its own submodules', () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await index(SELF_IMPORT_REPO);
  });
  it('hands the submodule out inside the package (from pkg import sub / from . import sub)', () =>
    expect(deps(ix, 'pkg2/__init__.py', 'run')).toEqual(['Stack pkg2/engine.py:0', 'helper pkg2/tools.py:0']));
  it('and to importers of the package', () => expect(deps(ix, 'user.py', 'use')).toEqual(['Stack pkg2/engine.py:0', 'helper pkg2/tools.py:0']));
});

/**
 * `from . import x` under the builder's sys.path (every Python folder on it): checked with scripts/jedi-deps.py on
 * Jedi 0.18.2 — `f()` (defined in pkg/__init__.py) and `utils.quote()` (email/ shadows the standard library) give
 * nothing; `helpers.g()` and `unquote()` (from .utils import ...) resolve.
 */
const RELATIVE_REPO: Record<string, string> = {
  'pkg/__init__.py': `def f():
    return 1
`,
  'pkg/helpers.py': `def g():
    return 1
`,
  'pkg/m.py': `from . import f, helpers


def use():
    f()
    helpers.g()
`,
  'email/__init__.py': ``,
  'email/utils.py': `def quote(s):
    return s


def unquote(s):
    return s
`,
  'email/message.py': `from . import utils
from .utils import unquote


def use_email():
    utils.quote("x")
    unquote("x")
`,
};

describe('from . import x (Jedi rewrites it into an absolute import from the folder path)', () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await index(RELATIVE_REPO);
  });
  it('finds a submodule, not a name defined in the package __init__.py', () => expect(deps(ix, 'pkg/m.py', 'use')).toEqual(['g pkg/helpers.py:0']));
  it('lands in the standard library when the folder is named like a standard package', () =>
    expect(deps(ix, 'email/message.py', 'use_email')).toEqual(['unquote email/utils.py:4']));
});

/** Checked with scripts/jedi-deps.py (Jedi 0.18.2): every use gets Engine.start except the read through the class. */
const PROPERTY_REPO: Record<string, string> = {
  'm.py': `import functools


class Engine:
    def start(self):
        return 1


class Car:
    def __init__(self):
        self._e = None

    @property
    def engine(self) -> Engine:
        return self._e

    @engine.setter
    def engine(self, value):
        self._e = value

    @property
    def spare(self):
        return Engine()

    @functools.cached_property
    def cached(self) -> Engine:
        return Engine()


def use(car: Car):
    car.engine.start()


def use_spare(car: Car):
    car.spare.start()


def use_cached(car: Car):
    car.cached.start()


def use_class():
    Car.spare.start()
`,
};

describe('properties read on an instance give their getter result', () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await index(PROPERTY_REPO);
  });
  it('through the return annotation, even after an @x.setter redefinition', () => expect(deps(ix, 'm.py', 'use')).toEqual(['start m.py:4']));
  it('through the returned value', () => expect(deps(ix, 'm.py', 'use_spare')).toEqual(['start m.py:4']));
  it('functools.cached_property too', () => expect(deps(ix, 'm.py', 'use_cached')).toEqual(['start m.py:4']));
  it('not when read on the class', () => expect(deps(ix, 'm.py', 'use_class')).toEqual([]));
});

/** Checked with scripts/jedi-deps.py (Jedi 0.18.2): every loop variable below is inferred and `run` resolves. */
const LOOP_REPO: Record<string, string> = {
  'm.py': `import typing as t
from typing import Dict, Iterable, Iterator, List, Sequence, Tuple


class W:
    def run(self):
        return 1


def items() -> List[W]:
    return []


def gen() -> Iterator[W]:
    yield W()


def use1():
    for w in items():
        w.run()


def use2(ws: Sequence[W]):
    for w in ws:
        w.run()


def use3():
    for w in gen():
        w.run()


def use4(ws: List["W"]):
    return [w.run() for w in ws]


def use5():
    for w in [W(), W()]:
        w.run()


def use6(d: Dict[str, W]):
    for k, v in d.items():
        v.run()


def use7(ws: list[W]):
    for w in ws:
        w.run()


class Holder:
    def __init__(self):
        self.ws: List[W] = []

    def go(self):
        for w in self.ws:
            w.run()


def gen2():
    yield W()


def use8():
    for w in gen2():
        w.run()


def use9(ws: t.Iterable[W]):
    for w in ws:
        w.run()


def use10(ws: Tuple[W, ...]):
    for w in ws:
        w.run()


def use11(ws: t.Optional[t.List[W]]):
    for w in ws:
        w.run()


def use12():
    ws = [W()]
    for w in ws:
        w.run()


def use13(ws: Iterable[W]):
    for i, w in enumerate(ws):
        w.run()
`,
};

describe('loop variables are elements of what is iterated', () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await index(LOOP_REPO);
  });
  const d = (q: string) => deps(ix, 'm.py', q);
  it('a function annotated -> List[C]', () => expect(d('use1')).toEqual(['items m.py:9', 'run m.py:5']));
  it('parameters annotated Sequence[C], List["C"] (in a comprehension), list[C], t.Iterable[C], Tuple[C, ...], Optional[List[C]]', () => {
    for (const q of ['use2', 'use4', 'use7', 'use9', 'use10', 'use11']) expect(d(q), q).toEqual(['run m.py:5']);
  });
  it('generators, annotated Iterator[C] or not', () => {
    expect(d('use3')).toEqual(['gen m.py:13', 'run m.py:5']);
    expect(d('use8')).toEqual(['gen2 m.py:60', 'run m.py:5']);
  });
  it('list displays, directly or through a variable', () => {
    expect(d('use5')).toEqual(['W m.py:4', 'run m.py:5']);
    expect(d('use12')).toEqual(['W m.py:4', 'run m.py:5']);
  });
  it('dict.items() on Dict[K, V] and enumerate() unpack into their names', () => {
    expect(d('use6')).toEqual(['run m.py:5']);
    expect(d('use13')).toEqual(['run m.py:5']);
  });
  it('an annotated self attribute', () => expect(d('Holder.go')).toEqual(['run m.py:5']));
});
