/**
 * What the Python resolver needs from one file beyond the shared index shapes: its name scopes with their bindings,
 * the flow branches (if/try/while) each binding sits in, and small expression trees for light type inference. Plain
 * data; it lives only while the index is built (build.ts hands it from extract to resolve, then drops it).
 */

/** A callee or value expression, reduced to what inference follows. */
export type Expr =
  | { k: 'name'; n: string; row: number; col: number }
  | { k: 'attr'; obj: Expr; n: string }
  | { k: 'call'; fn: Expr; args: Expr[] }
  | { k: 'str'; s: string; row: number; col: number } // a string annotation `"C"`
  | { k: 'union'; of: Expr[] } // `Optional[C]`, `C | None`, `Union[A, B]`
  | { k: 'generic'; head: 'seq' | 'map' | 'tuple'; args: Expr[] } // `List[C]`, `Tuple[C, ...]`; `Dict[K, V]`; `Tuple[A, B]`
  | { k: 'typeof'; of: Expr } // `Type[C]` / `type[C]`: the class itself, not an instance of it
  | { k: 'list'; items: Expr[] } // a list / tuple / set display `[C(), D()]`
  | { k: 'iter'; of: Expr; pick: number | null } // an element of iterating `of` (item `pick` of a tuple target)
  | { k: 'unpack'; of: Expr; i: number } // item i of `a, b = of`
  | { k: 'index'; of: Expr; i: number | null } // `of[key]`; i: a literal integer key
  | { k: 'annotated'; of: Expr } // what an annotation declares (`self.x: C = ...` holds a C)
  | { k: 'other' };

/**
 * One step of a flow path: the if/try/while statement (by the start index of its node) and the branch taken
 * (`if` arm index, 'else', 'try', 'except', 'finally', 'while'). Jedi's reachability check works on these.
 */
export interface FlowStep {
  flow: number;
  branch: string;
  kind: 'if' | 'try' | 'while';
  /** For an `if` arm: the test's constant truth when it is a literal (True/False/None/numbers), else null. */
  constant?: boolean | null;
  /** For an undecided `if` arm whose test is a plain (dotted) name: the resolver checks whether it names a class,
   * function or module (always truthy for Jedi). */
  test?: Expr;
  /** For the `else` arm of an if: the arms before it (Jedi reaches `else` only when all their tests are false). */
  arms?: FlowStep[];
}

export type BindingKind = 'def' | 'import' | 'assign' | 'param' | 'with' | 'asyncwith' | 'other';

export interface Binding {
  kind: BindingKind;
  name: string;
  /** Position of the bound name (Jedi's goto lands here for everything but defs and followed imports). */
  row: number;
  col: number;
  /** Flow path from the module root down to the binding. */
  flows: FlowStep[];
  /** kind 'def': the definition id. */
  def?: number;
  /** kind 'import': index into FileExtraction.imports. */
  importIndex?: number;
  /** kind 'assign' / 'with' / 'asyncwith': the assigned value (single-name targets only); 'param': its annotation. */
  value?: Expr;
  /** kind 'assign' from an annotated assignment `x: C = ...`. */
  annotation?: Expr;
  /** kind 'param': position in the parameter list and the function it belongs to. */
  paramIndex?: number;
  paramOf?: number;
}

export type ScopeKind = 'module' | 'function' | 'class' | 'lambda' | 'comprehension';

export interface Scope {
  kind: ScopeKind;
  /** The definition owning the scope ('function' / 'class'), else null. */
  def: number | null;
  parent: number | null;
  /** Bindings by name, in source order. */
  bindings: Map<string, Binding[]>;
  /** Names declared `global` / `nonlocal` here: looked up outside. */
  globals?: Set<string>;
}

/** Per function definition: what return inference needs. */
export interface FunctionFacts {
  scope: number;
  returnAnnotation: Expr | null;
  returns: Expr[];
  isGenerator: boolean;
  /** What `yield x` hands out (`yield from it` as an 'iter' of it), for a generator's elements. */
  yields: Expr[];
  decorators: string[];
}

/** Per class definition. */
export interface ClassFacts {
  scope: number;
  bases: Expr[];
  /** `self.x = value` in any method: attribute name -> the assignments (value null when not inferable). */
  selfAttributes: Map<string, { row: number; col: number; value: Expr | null; method: number }[]>;
}

/** Per call site (parallel to FileExtraction.calls). */
export interface CallFacts {
  scope: number;
  callee: Expr;
  /**
   * Positional arguments in order (up to a splat) and keyword arguments by name: what Jedi's dynamic parameter
   * search reads at the call sites of a function with untyped parameters.
   */
  args: Expr[];
  keywords: Map<string, Expr> | null;
  /** Flow path of the call, for reachability of the bindings it looks up. */
  flows: FlowStep[];
  /** Where Jedi's name lookup for this call stops: the enclosing assignment's start, else the callee name. */
  anchorRow: number;
  anchorCol: number;
  /** Generic-visit sequence used to order a target's call sites like the builder's ast.NodeVisitor. */
  order: number;
}

export interface PythonFileFacts {
  path: string;
  scopes: Scope[];
  functions: Map<number, FunctionFacts>;
  classes: Map<number, ClassFacts>;
  /** null for a call the resolver never looks up (no name, or a name of the builtin list): nothing to keep. */
  calls: (CallFacts | null)[];
  /** Python 2 only statements (print / exec): CPython 3 rejects the file, so the builder would have skipped it. */
  python2Only: boolean;
}
