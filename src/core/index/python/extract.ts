import type { Language, Node, Point, Tree } from 'web-tree-sitter';
import type { FileExtraction } from '../indexer';
import type { CallForm, CallSite, Definition, Docstring, ImportBinding } from '../types';
import { PYTHON_BUILTINS } from './builtins';
import { cleandoc, evaluateStringLiteral } from './docstring';
import type { Binding, BindingKind, ClassFacts, Expr, FlowStep, PythonFileFacts, Scope, ScopeKind } from './facts';

/**
 * One walk over a tree-sitter-python tree that yields what CPython's `ast` gives the authors' builder: definitions
 * with `lineno`/`end_lineno`/decorator line/docstring, imports, call sites in `ast.NodeVisitor` order, and the
 * scopes and bindings the resolver needs (facts.ts).
 */
export function extractPython(tree: Tree, path: string, source: string, firstDefinitionId: number): FileExtraction & { facts: PythonFileFacts } {
  return new PythonExtractor(path, source, firstDefinitionId, fieldIds(tree.language)).run(tree.rootNode);
}

/** The fields the extractor reads. By id: `childForFieldName` looks the name up in the grammar on every call. */
const FIELDS = [
  'alias',
  'argument',
  'arguments',
  'attribute',
  'body',
  'condition',
  'consequence',
  'definition',
  'function',
  'key',
  'left',
  'module_name',
  'name',
  'object',
  'operator',
  'parameters',
  'return_type',
  'right',
  'superclasses',
  'type',
  'value',
] as const;
type Field = (typeof FIELDS)[number];
const fieldIdsOf = new WeakMap<Language, Record<Field, number | null>>();

function fieldIds(language: Language): Record<Field, number | null> {
  let ids = fieldIdsOf.get(language);
  if (!ids) {
    ids = Object.fromEntries(FIELDS.map((f) => [f, language.fieldIdForName(f)])) as Record<Field, number | null>;
    fieldIdsOf.set(language, ids);
  }
  return ids;
}

interface Ctx {
  scope: number;
  /** Innermost definition whose decorators or body hold the node (Python's generic visit of a target). */
  enclosing: number | null;
  inDecorator: boolean;
  flows: FlowStep[];
  /** Depth of statements here in Python's ast (Module's body = 1). */
  depth: number;
  /** Function definition whose own body we are in (not nested), for returns and self attributes. */
  func: number | null;
  /** `self` name and class when directly in a method body. */
  selfName: string | null;
  selfClass: number | null;
  /** The class whose body this is (for isMethod). */
  classBody: number | null;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const MAX_CALLEE = 200;
/** Node types that never contain a call, a definition or a binding. */
const LEAVES = new Set([
  'identifier',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'comment',
  'string_start',
  'string_content',
  'string_end',
  'escape_sequence',
  'ellipsis',
  'pass_statement',
  'break_statement',
  'continue_statement',
  'keyword_identifier',
]);

class PythonExtractor {
  private defs: Definition[] = [];
  private imports: ImportBinding[] = [];
  private calls: CallSite[] = [];
  private exports: string[] | null = null;
  private facts: PythonFileFacts;
  private order = 0;
  /**
   * Jedi looks names up "before the start of the enclosing assignment statement" (not before the name itself), unless
   * a lambda is nearer: so in `x = x.f()` the right-hand `x` cannot see the `x` being assigned.
   */
  private anchor: { row: number; col: number } | null = null;

  constructor(
    private path: string,
    private source: string,
    private firstId: number,
    private fieldIds: Record<Field, number | null>,
  ) {
    this.facts = { path, scopes: [], functions: new Map(), classes: new Map(), calls: [], python2Only: false };
  }

  run(root: Node) {
    this.clean = !root.hasError;
    const scope = this.newScope('module', null, null);
    const ctx: Ctx = { scope, enclosing: null, inDecorator: false, flows: [], depth: 1, func: null, selfName: null, selfClass: null, classBody: null };
    this.visitChildren(root, ctx);
    return { definitions: this.defs, imports: this.imports, calls: this.calls, exports: this.exports, facts: this.facts, rejected: this.facts.python2Only };
  }

  // ---------------------------------------------------------------- scopes and bindings

  /** A node's source text (`node.text` asks wasm for the end and slices the rest of the file first). */
  private text(node: Node): string {
    return this.source.slice(node.startIndex, node.endIndex);
  }

  private field(node: Node, name: Field): Node | null {
    const id = this.fieldIds[name];
    return id === null ? null : node.childForFieldId(id);
  }

  private newScope(kind: ScopeKind, def: number | null, parent: number | null): number {
    this.facts.scopes.push({ kind, def, parent, bindings: new Map() });
    return this.facts.scopes.length - 1;
  }

  private bind(ctx: Ctx, kind: BindingKind, nameNode: Node, extra: Partial<Binding> = {}, scope = ctx.scope) {
    const name = this.text(nameNode);
    const s: Scope = this.facts.scopes[scope]!;
    if (s.globals?.has(name)) scope = 0;
    const target = this.facts.scopes[scope]!;
    const b: Binding = { kind, name, row: nameNode.startPosition.row, col: nameNode.startPosition.column, flows: ctx.flows, ...extra };
    // Most names are bound once: a one-element list, not an empty one grown by push (which reserves 17 slots).
    const list = target.bindings.get(name);
    if (list) list.push(b);
    else target.bindings.set(name, [b]);
  }

  /** Bind every plain name of an assignment / for / with target pattern. */
  private bindPattern(ctx: Ctx, node: Node, kind: BindingKind, value: Expr | undefined, annotation?: Expr, type = node.type) {
    switch (type) {
      case 'identifier':
        this.bind(ctx, kind, node, value || annotation ? { value, annotation } : {});
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression':
      case 'list_splat_pattern':
      case 'as_pattern_target':
        for (const c of node.namedChildren)
          if (c)
            this.bindPattern(
              ctx,
              c,
              node.type === 'as_pattern_target' || node.type === 'parenthesized_expression' ? kind : 'other',
              node.type === 'as_pattern_target' || node.type === 'parenthesized_expression' ? value : undefined,
            );
        return;
      default:
        return;
    }
  }

  /**
   * `for x in it` / `for i, x in it`: each plain name is bound to an element of `it` (or to item i of a tuple
   * element), which Jedi infers from container annotations, displays, generators, `enumerate` and dict views.
   */
  private bindLoopTarget(ctx: Ctx, left: Node, right: Node | null) {
    const of: Expr = right ? this.expr(right) : { k: 'other' };
    if (left.type === 'identifier') return this.bind(ctx, 'assign', left, { value: { k: 'iter', of, pick: null } });
    if (left.type !== 'pattern_list' && left.type !== 'tuple_pattern' && left.type !== 'list_pattern') return this.bindPattern(ctx, left, 'other', undefined);
    const parts = left.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    parts.forEach((c, i) =>
      c.type === 'identifier' ? this.bind(ctx, 'assign', c, { value: { k: 'iter', of, pick: i } }) : this.bindPattern(ctx, c, 'other', undefined),
    );
  }

  // ---------------------------------------------------------------- walk

  /**
   * Named children only: punctuation and keywords hold no calls, and skipping them is most of the walk's cost.
   * `skip`: a child known to change nothing (a def's docstring statement), left unvisited.
   */
  private visitChildren(node: Node, ctx: Ctx, skip: Node | null = null) {
    for (const c of node.namedChildren) {
      if (!c || c === skip) continue;
      const type = c.type; // each read of `type` is a call into wasm: read it once per node
      if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
    }
  }

  /**
   * Leaves never matter; a pure expression matters only if its text holds a call, a walrus, a lambda or a yield
   * (`self.x`, `a == b`, `[1, 2]` do not). Skipping those saves most of the walk's calls into wasm.
   */
  private worthVisiting(node: Node, type: string, end?: number): boolean {
    if (LEAVES.has(type)) return false;
    if (!PURE_EXPRESSIONS.has(type)) return true;
    const marks = (this.tokens ??= tokenStarts(this.source)).relevant;
    return holdsOneIn(marks, node.startIndex, end ?? node.endIndex);
  }

  private tokens: TokenStarts | null = null;

  /**
   * In an error-free tree, only calls, lambdas, walruses, yields and comprehensions inside an expression change the
   * index, and each has one of `(`, `lambda`, `:=`, `yield`, `for` in its text: an expression whose text
   * ([from, to)) has none of them can be left unvisited, whatever the walk would have looked at inside.
   */
  private inert(from: number, to: number): boolean {
    if (!this.clean) return false;
    const starts = (this.tokens ??= tokenStarts(this.source)).effect;
    return !holdsOneIn(starts, from, to);
  }

  /** The tree has no error or missing node: its shape is the grammar's. */
  private clean = false;

  private visit(node: Node, ctx: Ctx, type = node.type): void {
    switch (type) {
      case 'decorated_definition':
        return this.visitDefinition(this.field(node, 'definition')!, node, ctx);
      case 'function_definition':
      case 'class_definition':
        return this.visitDefinition(node, null, ctx, type);
      case 'call':
        return this.visitCall(node, ctx);
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        return this.visitImport(node, ctx);
      case 'expression_statement':
        return this.visitExpressionStatement(node, ctx);
      case 'if_statement':
        return this.visitIf(node, ctx);
      case 'try_statement':
        return this.visitTry(node, ctx);
      case 'while_statement':
        return this.visitWhile(node, ctx);
      case 'for_statement': {
        const left = this.field(node, 'left');
        if (left) this.bindLoopTarget(ctx, left, this.field(node, 'right'));
        return this.visitBlockOwner(node, ctx);
      }
      case 'with_statement': {
        const saved = this.asyncWith;
        this.asyncWith = this.source.startsWith('async', node.startIndex);
        try {
          return this.visitBlockOwner(node, ctx);
        } finally {
          this.asyncWith = saved;
        }
      }
      case 'with_item':
        return this.visitWithItem(node, ctx);
      case 'match_statement':
        return this.visitMatch(node, ctx);
      case 'return_statement': {
        const value = node.namedChildren.find((c) => c && c.type !== 'comment');
        if (ctx.func !== null && value) this.facts.functions.get(ctx.func)!.returns.push(this.expr(value));
        return this.visitChildren(node, ctx);
      }
      case 'yield': {
        if (ctx.func !== null) {
          const facts = this.facts.functions.get(ctx.func)!;
          facts.isGenerator = true;
          const value = node.namedChildren.find((c) => c && c.type !== 'comment');
          if (value) {
            const e = this.expr(value);
            facts.yields.push(this.text(node).startsWith('yield from') ? { k: 'iter', of: e, pick: null } : e);
          }
        }
        return this.visitChildren(node, ctx);
      }
      case 'global_statement':
      case 'nonlocal_statement': {
        const s = this.facts.scopes[ctx.scope]!;
        s.globals ??= new Set();
        if (node.type === 'global_statement') for (const c of node.namedChildren) if (c?.type === 'identifier') s.globals.add(this.text(c));
        return;
      }
      case 'named_expression': {
        const name = this.field(node, 'name');
        const value = this.field(node, 'value');
        if (name) this.bind(ctx, 'assign', name, value ? { value: this.expr(value) } : {}, this.nonComprehensionScope(ctx.scope));
        return this.visitChildren(node, ctx);
      }
      case 'lambda':
        return this.visitLambda(node, ctx);
      case 'conditional_expression': {
        // ast.IfExp visits test, body, orelse.
        const [body, test, orelse] = node.namedChildren.filter((c) => c && c.type !== 'comment') as Node[];
        for (const c of [test, body, orelse]) if (c) this.visit(c, ctx);
        return;
      }
      case 'dictionary': {
        // ast.Dict visits all keys, then all values.
        const pairs = node.namedChildren.filter((c) => c && c.type !== 'comment') as Node[];
        for (const p of pairs) if (p.type === 'pair') this.visit(this.field(p, 'key')!, ctx);
        for (const p of pairs) this.visit(p.type === 'pair' ? this.field(p, 'value')! : p, ctx);
        return;
      }
      case 'argument_list':
        return this.visitArguments(node, ctx);
      case 'string':
        // Only an f-string can hold a call (in an interpolation); the others are a fifth of all nodes worth visiting.
        if (!isFStringAt(this.source, node.startIndex)) return;
        return this.visitChildren(node, ctx);
      case 'print_statement':
      case 'exec_statement':
        this.facts.python2Only = true;
        return this.visitChildren(node, ctx);
      case 'except_clause':
      case 'except_group_clause':
        return this.visitExcept(node, ctx);
      default:
        if (COMPREHENSIONS.has(type)) return this.visitComprehension(node, ctx);
        this.visitChildren(node, ctx);
    }
  }

  /** Truth of module-level names assigned a decidable condition (`WIN = sys.platform.startswith("win")`). */
  private truths = new Map<string, boolean>();

  /**
   * What Jedi's `_check_if` can decide about an `if` test: literals, `not`/`and`/`or`, module-level classes and
   * functions (truthy), and `sys.version_info <op> (3, N)` against the interpreter it ran on (CPython 3.11).
   * Checked against Jedi 0.20: `sys.platform == "win32"`, `sys.platform.startswith(...)`, `os.name == "nt"` and
   * `sys.version_info[0] == 2` stay undecided, so both arms remain possible. null: undecidable.
   */
  private truth(node: Node | null, type = node?.type): boolean | null {
    if (!node) return null;
    switch (type) {
      case 'true':
        return true;
      case 'false':
      case 'none':
        return false;
      case 'integer':
        return Number(this.text(node).replace(/_/g, '')) !== 0;
      case 'string': {
        const v = evaluateStringLiteral(this.text(node));
        return v === null ? null : v.length > 0;
      }
      case 'parenthesized_expression':
        return this.truth(node.namedChildren.find((c) => c && c.type !== 'comment') ?? null);
      case 'not_operator': {
        const t = this.truth(this.field(node, 'argument'));
        return t === null ? null : !t;
      }
      case 'boolean_operator': {
        const left = this.truth(this.field(node, 'left'));
        const op = this.field(node, 'operator')?.type;
        if (left === null) return null;
        if (op === 'and') return left ? this.truth(this.field(node, 'right')) : false;
        return left ? true : this.truth(this.field(node, 'right'));
      }
      case 'identifier': {
        const bindings = this.facts.scopes[0]!.bindings.get(this.text(node));
        const last = bindings?.[bindings.length - 1];
        if (!last) return null;
        if (last.kind === 'def') return true;
        return this.truths.get(this.text(node)) ?? null;
      }
      case 'comparison_operator':
        return compareFacts(node, this.source);
      default:
        return null;
    }
  }

  private nonComprehensionScope(scope: number): number {
    let s = scope;
    while (this.facts.scopes[s]!.kind === 'comprehension' && this.facts.scopes[s]!.parent !== null) s = this.facts.scopes[s]!.parent!;
    return s;
  }

  /** Statements of a block one ast level deeper. */
  private visitBlock(block: Node | null, ctx: Ctx, extraDepth = 1, skip: Node | null = null) {
    if (!block) return;
    this.visitChildren(block, { ...ctx, depth: ctx.depth + extraDepth }, skip);
  }

  /** Keywords and punctuation are not named children; named leaves and call-free expressions are skipped too. */
  private visitIfWorth(node: Node, ctx: Ctx) {
    const type = node.type;
    if (this.worthVisiting(node, type)) this.visit(node, ctx, type);
  }

  private visitBlockOwner(node: Node, ctx: Ctx) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      const type = c.type;
      if (type === 'block') this.visitBlock(c, ctx);
      else if (type === 'else_clause') this.visitBlock(this.field(c, 'body'), ctx);
      else if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
    }
  }

  private visitIf(node: Node, ctx: Ctx) {
    let arm = 0;
    const arms: FlowStep[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      const type = c.type;
      if (type === 'block') {
        const cond = this.field(node, 'condition');
        const step = this.ifStep(node, '0', cond);
        arms.push(step);
        this.visitBlock(c, { ...ctx, flows: [...ctx.flows, step] });
      } else if (type === 'elif_clause') {
        arm++;
        const cond = this.field(c, 'condition');
        // In ast each `elif` is an If nested in the previous one's orelse: one level deeper per arm.
        const inner = { ...ctx, depth: ctx.depth + arm };
        if (cond) this.visit(cond, inner);
        const step = this.ifStep(node, String(arm), cond);
        arms.push(step);
        this.visitBlock(this.field(c, 'consequence'), { ...inner, flows: [...ctx.flows, step] });
      } else if (type === 'else_clause') {
        this.visitBlock(this.field(c, 'body'), {
          ...ctx,
          depth: ctx.depth + arm,
          flows: [...ctx.flows, { flow: node.startIndex, branch: 'else', kind: 'if', constant: null, arms: [...arms] }],
        });
      } else if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
    }
  }

  private ifStep(node: Node, branch: string, cond: Node | null): FlowStep {
    const type = cond?.type;
    const constant = this.truth(cond, type);
    const step: FlowStep = { flow: node.startIndex, branch, kind: 'if', constant };
    if (constant === null && cond && (type === 'identifier' || type === 'attribute')) step.test = unlimited(this.expr(cond, type));
    return step;
  }

  private visitTry(node: Node, ctx: Ctx) {
    const step = (branch: string): Ctx => ({ ...ctx, flows: [...ctx.flows, { flow: node.startIndex, branch, kind: 'try' }] });
    for (const c of node.namedChildren) {
      if (!c) continue;
      const type = c.type;
      if (type === 'block') this.visitBlock(c, step('try'));
      else if (type === 'except_clause' || type === 'except_group_clause') this.visit(c, step('except'));
      else if (type === 'else_clause') this.visitBlock(this.field(c, 'body'), step('else'));
      else if (type === 'finally_clause') this.visitBlock(c.namedChildren.find((x) => x?.type === 'block') ?? null, step('finally'));
      else if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
    }
  }

  private visitExcept(node: Node, ctx: Ctx) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      const type = c.type;
      if (type === 'block')
        this.visitBlock(c, ctx, 2); // ast: Try -> ExceptHandler -> body
      else if (type === 'as_pattern') {
        const caught = c.namedChildren[0]!;
        this.visit(caught, ctx);
        const alias = this.field(c, 'alias');
        // `except E as e` / `except (E, F) as e`: e holds an instance of what is caught.
        const type = caught.type === 'tuple' || caught.type === 'parenthesized_expression' ? caught : null;
        const classes = type ? type.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment').map((x) => this.expr(x)) : [this.expr(caught)];
        if (alias) this.bindPattern(ctx, alias, 'assign', { k: 'annotated', of: { k: 'union', of: classes } });
      } else if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
    }
  }

  private visitWhile(node: Node, ctx: Ctx) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      const type = c.type;
      if (type === 'block') this.visitBlock(c, { ...ctx, flows: [...ctx.flows, { flow: node.startIndex, branch: 'while', kind: 'while' }] });
      else if (type === 'else_clause')
        this.visitBlock(this.field(c, 'body'), { ...ctx, flows: [...ctx.flows, { flow: node.startIndex, branch: 'else', kind: 'while' }] });
      else if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
    }
  }

  private visitMatch(node: Node, ctx: Ctx) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      const type = c.type;
      if (type === 'block') {
        for (const kase of c.namedChildren) {
          if (kase?.type !== 'case_clause') {
            if (kase) this.visitIfWorth(kase, ctx);
            continue;
          }
          for (const k of kase.namedChildren)
            if (k?.type === 'block') this.visitBlock(k, ctx, 2);
            else if (k) this.visitIfWorth(k, ctx);
        }
      } else if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
    }
  }

  /** The with statement being visited is an `async with` (its targets come from `__aenter__`). */
  private asyncWith = false;

  private visitWithItem(node: Node, ctx: Ctx) {
    const value = this.field(node, 'value');
    if (value?.type === 'as_pattern') {
      const inner = value.namedChildren[0];
      const alias = this.field(value, 'alias');
      if (inner) this.visit(inner, ctx);
      if (alias && inner) this.bindPattern(ctx, alias, this.asyncWith ? 'asyncwith' : 'with', this.expr(inner));
    } else if (value) this.visit(value, ctx);
  }

  private visitArguments(node: Node, ctx: Ctx) {
    // ast.Call visits args (positional and *splats) before keywords (name=value and **splats).
    const items: Node[] = [];
    const types: string[] = [];
    const children = node.namedChildren;
    let end: number | undefined;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (!c) continue;
      // An argument ends before the next one starts: when the text up to there is inert, skip it unread.
      const next = children[i + 1];
      if (this.inert(c.startIndex, next ? next.startIndex : (end ??= node.endIndex))) continue;
      const type = c.type;
      if (!this.worthVisiting(c, type)) continue;
      items.push(c);
      types.push(type);
    }
    items.forEach((c, i) => !isKeywordArgument(types[i]!) && this.visit(c, ctx, types[i]));
    items.forEach((c, i) => isKeywordArgument(types[i]!) && this.visit(c, ctx, types[i]));
  }

  private visitComprehension(node: Node, ctx: Ctx) {
    const scope = this.newScope('comprehension', null, ctx.scope);
    const inner = { ...ctx, scope };
    for (const c of node.namedChildren) {
      if (c?.type === 'for_in_clause') {
        const left = this.field(c, 'left');
        if (left) this.bindLoopTarget(inner, left, this.field(c, 'right'));
      }
    }
    this.visitChildren(node, inner);
  }

  private visitLambda(node: Node, ctx: Ctx) {
    const saved = this.anchor;
    this.anchor = null;
    try {
      this.visitLambdaInner(node, ctx);
    } finally {
      this.anchor = saved;
    }
  }

  private visitLambdaInner(node: Node, ctx: Ctx) {
    const scope = this.newScope('lambda', null, ctx.scope);
    const inner = { ...ctx, scope };
    const params = this.field(node, 'parameters');
    if (params) this.visitParameters(params, ctx, inner, null);
    const body = this.field(node, 'body');
    if (body) this.visit(body, inner);
  }

  /** Binds parameters in `inner`; defaults and annotations are visited in the outer context, as Python evaluates them. */
  private visitParameters(params: Node, outer: Ctx, inner: Ctx, func: number | null) {
    let index = 0;
    for (const p of params.namedChildren) {
      const type = p?.type;
      if (!p || type === 'comment') continue;
      let nameNode: Node | null = null;
      let annotation: Node | null = null;
      let value: Node | null = null;
      switch (type) {
        case 'identifier':
          nameNode = p;
          break;
        case 'typed_parameter':
          nameNode = p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
          if (!nameNode) {
            const splat = p.namedChildren.find((c) => c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern');
            nameNode = splat?.namedChildren.find((c) => c?.type === 'identifier') ?? null;
          }
          annotation = this.field(p, 'type');
          break;
        case 'default_parameter':
        case 'typed_default_parameter':
          nameNode = this.field(p, 'name');
          annotation = this.field(p, 'type');
          value = this.field(p, 'value');
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
          nameNode = p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
          break;
        default:
          break;
      }
      if (annotation && !this.inert(annotation.startIndex, annotation.endIndex)) this.visit(annotation, outer);
      if (value && !this.inert(value.startIndex, value.endIndex)) this.visit(value, outer);
      if (nameNode && (nameNode === p || nameNode.type === 'identifier')) {
        this.bind(inner, 'param', nameNode, { paramIndex: index, paramOf: func ?? undefined, value: annotation ? this.annotationExpr(annotation) : undefined });
        index++;
      }
    }
  }

  // ---------------------------------------------------------------- definitions

  private visitDefinition(node: Node, decorated: Node | null, ctx: Ctx, type = node.type) {
    const isClass = type === 'class_definition';
    const nameNode = this.field(node, 'name');
    const body = this.field(node, 'body');
    if (!nameNode) return this.visitChildren(decorated ?? node, ctx);
    const id = this.firstId + this.defs.length;
    const name = this.text(nameNode);
    const parentDef = ctx.enclosing === null ? null : this.defs[ctx.enclosing - this.firstId]!;
    const qualifiedName = !parentDef ? name : parentDef.type === 'class' ? `${parentDef.qualifiedName}.${name}` : `${parentDef.qualifiedName}.<locals>.${name}`;
    const decorators = decorated ? (decorated.children.filter((c) => c?.type === 'decorator') as Node[]) : [];
    const lineStart = node.startPosition.row;
    const superclasses = isClass ? this.field(node, 'superclasses') : null;
    const returnType = isClass ? null : this.field(node, 'return_type');
    const params = isClass ? null : this.field(node, 'parameters');
    const headerEnd = isClass ? (superclasses ?? nameNode) : (returnType ?? params ?? nameNode);
    const baseNodes = superclasses
      ? (superclasses.namedChildren.filter(
          (c) => c && c.type !== 'keyword_argument' && c.type !== 'comment' && c.type !== 'dictionary_splat' && c.type !== 'list_splat',
        ) as Node[])
      : [];
    const doc = body ? docstringOf(body, this.source, this.clean) : null;
    const def: Definition & { astDepth: number } = {
      id,
      name,
      qualifiedName,
      type: isClass ? 'class' : 'function',
      isMethod: !isClass && ctx.classBody !== null && ctx.enclosing === ctx.classBody,
      file: this.path,
      language: 'python',
      lineStart,
      lineEnd: body ? lastStatementRow(body, this.source, this.clean) : node.endPosition.row,
      decoratorLine: decorators.length ? decorators[0]!.startPosition.row : lineStart,
      signature: this.source.slice(node.startIndex, headerEnd.endIndex).replace(/\s*\n\s*/g, ' '),
      docstring: doc?.docstring ?? null,
      parent: ctx.enclosing,
      bases: baseNodes.map((b) => this.text(b)),
      astDepth: ctx.depth,
    };
    this.defs.push(def);
    this.bind(ctx, 'def', nameNode, { def: id });

    const scope = this.newScope(isClass ? 'class' : 'function', id, ctx.scope);
    const decoratorNames = decorators.map((d) => d.text.slice(1).trim());
    const inner: Ctx = {
      ...ctx,
      scope,
      enclosing: id,
      inDecorator: false,
      depth: ctx.depth + 1,
      func: isClass ? null : id,
      selfName: null,
      selfClass: null,
      classBody: isClass ? id : ctx.classBody,
    };
    if (isClass) {
      this.facts.classes.set(id, { scope, bases: baseNodes.map((b) => this.baseExpr(b)), selfAttributes: new Map() });
      if (superclasses) this.visitArguments(superclasses, ctx);
      this.visitBlock(body, inner, 0, doc?.statement ?? null);
    } else {
      this.facts.functions.set(id, {
        scope,
        returnAnnotation: returnType ? this.annotationExpr(returnType) : null,
        returns: [],
        isGenerator: false,
        yields: [],
        decorators: decoratorNames,
      });
      if (def.isMethod && !decoratorNames.includes('staticmethod')) {
        const first = params?.namedChildren.find((c) => c && c.type !== 'comment');
        if (first?.type === 'identifier' || first?.type === 'typed_parameter' || first?.type === 'default_parameter') {
          const n = first.type === 'identifier' ? first : (first.namedChildren.find((c) => c?.type === 'identifier') ?? null);
          if (n && !decoratorNames.includes('classmethod')) {
            inner.selfName = this.text(n);
            inner.selfClass = ctx.classBody;
          }
        }
      }
      if (params) this.visitParameters(params, ctx, inner, id);
      this.visitBlock(body, inner, 0, doc?.statement ?? null);
    }
    // ast's generic visit of a def: args, body, then decorator_list, then returns.
    const decoCtx: Ctx = { ...ctx, enclosing: id, inDecorator: true };
    for (const d of decorators) this.visitChildren(d, decoCtx);
    if (returnType) this.visit(returnType, ctx);
  }

  // ---------------------------------------------------------------- statements with bindings

  private visitExpressionStatement(node: Node, ctx: Ctx) {
    // Nearly always one child (an assignment, a call, a docstring): fetching it alone is cheaper than the list.
    const children = node.namedChildCount === 1 ? [node.firstNamedChild] : node.namedChildren;
    for (const c of children) {
      if (!c) continue;
      const type = c.type;
      if (type !== 'assignment' && type !== 'augmented_assignment') {
        // A docstring, a bare call, `yield x`...: no assignment anchor.
        if (this.worthVisiting(c, type)) this.visit(c, ctx, type);
        continue;
      }
      const saved = this.anchor;
      const start = c.startPosition;
      this.anchor = { row: start.row, col: start.column };
      try {
        this.visitStatementPart(c, type, ctx);
      } finally {
        this.anchor = saved;
      }
    }
  }

  private visitStatementPart(c: Node, type: string, ctx: Ctx) {
    if (type === 'assignment') return this.visitAssignment(c, ctx);
    if (type !== 'augmented_assignment') return this.visit(c, ctx, type);
    const left = this.field(c, 'left');
    if (left) {
      const leftType = left.type;
      this.bindPattern(ctx, left, 'other', undefined, undefined, leftType);
      this.noteSelfAttribute(left, leftType, null, ctx);
      if (ctx.scope === 0 && this.text(left) === '__all__') {
        const more = stringList(this.field(c, 'right'));
        if (more) this.exports = [...(this.exports ?? []), ...more];
      }
    }
    this.visitChildren(c, ctx);
  }

  private visitAssignment(node: Node, ctx: Ctx) {
    // `a = b = value` nests assignments on the right; every target gets the final value.
    const targets: Node[] = [];
    let cur: Node | null = node;
    let valueType: string | undefined;
    let annotation: Node | null = null;
    for (;;) {
      const left: Node | null = this.field(cur, 'left');
      if (left) targets.push(left);
      annotation ??= this.field(cur, 'type');
      cur = this.field(cur, 'right');
      valueType = cur?.type;
      if (!cur || valueType !== 'assignment') break;
    }
    const valueNode = cur;
    // A type alias (`AnyStream = Union[A, B]`) is read as the annotation it names.
    const alias = valueNode && valueType === 'subscript' && TYPE_ALIAS_HEADS.has(this.field(valueNode, 'value')?.text.split('.').pop() ?? '');
    const value = valueNode ? (alias ? this.annotationExpr(valueNode) : this.expr(valueNode, valueType)) : undefined;
    const ann = annotation ? this.annotationExpr(annotation) : undefined;
    const types = targets.map((t) => t.type);
    // A plain dotted target (`self.items = ...`) holds nothing to visit, and its parts are in its text.
    const dotted = targets.map((t, i) => (types[i] === 'attribute' ? this.plainDotted(t) : null));
    // ast.Assign visits targets before the value; AnnAssign: target, annotation, value.
    targets.forEach((t, i) => {
      if (types[i] !== 'identifier' && !dotted[i]) this.visit(t, ctx, types[i]);
    });
    if (annotation) this.visit(annotation, ctx);
    if (valueNode && !this.inert(valueNode.startIndex, valueNode.endIndex)) this.visit(valueNode, ctx, valueType);
    targets.forEach((t, i) => {
      const isName = types[i] === 'identifier';
      if (value && UNPACKED_TARGETS.has(types[i]!)) this.bindUnpacked(ctx, t, value);
      else this.bindPattern(ctx, t, 'assign', isName ? value : undefined, ann, types[i]);
      this.noteSelfAttribute(t, types[i]!, ann ? { k: 'annotated', of: ann } : (value ?? null), ctx, dotted[i]);
      if (ctx.scope !== 0 || !isName) return;
      const name = this.text(t);
      if (valueNode && ctx.flows.length === 0) {
        const truth = this.truth(valueNode, valueType);
        if (truth === null) this.truths.delete(name);
        else this.truths.set(name, truth);
      }
      if (name === '__all__') {
        const names = stringList(valueNode);
        if (names) this.exports = names;
      }
    });
  }

  /** A class base; a subscripted one (`Base[T]`, `Generic[T]`) is its head, as Jedi's class lookup takes it. */
  private baseExpr(node: Node): Expr {
    const head = node.type === 'subscript' ? this.field(node, 'value') : null;
    return head ? this.expr(head) : this.expr(node);
  }

  /** `a, b = value`: each plain name holds its item of the value (a starred target leaves the rest unknown). */
  private bindUnpacked(ctx: Ctx, target: Node, value: Expr) {
    const parts = target.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const starred = parts.some((c) => c.type === 'list_splat_pattern' || c.type === 'list_splat');
    parts.forEach((c, i) =>
      c.type === 'identifier' && !starred
        ? this.bind(ctx, 'assign', c, { value: { k: 'unpack', of: value, i } })
        : this.bindPattern(ctx, c, 'other', undefined),
    );
  }

  /** `self.x = ...` in a method: x is an attribute of self's class. `dotted`: the target's parts, when plain. */
  private noteSelfAttribute(target: Node, type: string, value: Expr | null, ctx: Ctx, dotted?: string[] | null) {
    if (type !== 'attribute' || ctx.selfName === null || ctx.selfClass === null || ctx.func === null) return;
    let name: string;
    let at: Point;
    if (dotted) {
      if (dotted.length !== 2 || dotted[0] !== ctx.selfName) return;
      name = dotted[1]!;
      const start = target.startPosition;
      at = { row: start.row, column: start.column + dotted[0].length + 1 };
    } else {
      const obj = this.field(target, 'object');
      const attr = this.field(target, 'attribute');
      if (obj?.type !== 'identifier' || this.text(obj) !== ctx.selfName || !attr) return;
      name = this.text(attr);
      at = attr.startPosition;
    }
    const facts = this.facts.classes.get(ctx.selfClass) as ClassFacts;
    const attribute = { row: at.row, col: at.column, value, method: ctx.func };
    const list = facts.selfAttributes.get(name);
    if (list) list.push(attribute);
    else facts.selfAttributes.set(name, [attribute]);
  }

  /** The parts of a plain dotted name (`self.items.append`) read from the source text; null for anything else. */
  private plainDotted(node: Node, end = node.endIndex): string[] | null {
    const from = node.startIndex;
    if (end - from > MAX_CALLEE) return null;
    const text = this.source.slice(from, end);
    if (!DOTTED_NAME.test(text)) return null;
    const parts = text.split('.');
    return parts.some((p) => NOT_PLAIN_NAMES.has(p)) ? null : parts;
  }

  private visitImport(node: Node, ctx: Ctx) {
    const scope = ctx.enclosing;
    const line = node.startPosition.row;
    const push = (b: Omit<ImportBinding, 'file' | 'line' | 'scope'>, nameNode: Node) => {
      this.imports.push({ file: this.path, line, scope, ...b });
      this.bind(ctx, 'import', nameNode, { importIndex: this.imports.length - 1 });
    };
    if (node.type === 'import_statement') {
      for (const item of node.childrenForFieldName('name')) {
        if (!item) continue;
        if (item.type === 'aliased_import') {
          const alias = this.field(item, 'alias')!;
          push({ local: this.text(alias), module: this.text(this.field(item, 'name')!), imported: null }, alias);
        } else {
          const first = item.namedChildren[0]!;
          push({ local: first.text, module: this.text(item).replace(/\s+/g, ''), imported: null }, first);
        }
      }
      return;
    }
    const moduleNode = this.field(node, 'module_name');
    const module = node.type === 'future_import_statement' ? '__future__' : (moduleNode?.text.replace(/\s+/g, '') ?? '');
    if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      this.imports.push({ file: this.path, line, scope, local: '*', module, imported: '*' });
      const wildcard = node.namedChildren.find((c) => c?.type === 'wildcard_import')!;
      this.bind(ctx, 'import', wildcard, { importIndex: this.imports.length - 1 });
      return;
    }
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const alias = this.field(item, 'alias')!;
        push({ local: this.text(alias), module, imported: this.text(this.field(item, 'name')!) }, alias);
      } else {
        const last = item.namedChildren[item.namedChildCount - 1] ?? item;
        push({ local: this.text(item), module, imported: this.text(item) }, last);
      }
    }
  }

  // ---------------------------------------------------------------- calls

  private visitCall(node: Node, ctx: Ctx) {
    const { fn, args } = this.callParts(node, false);
    const callee = fn ? this.callee(fn) : null;
    const start = callee?.at ?? node.startPosition;
    this.calls.push({
      file: this.path,
      line: start.row,
      column: start.column,
      name: callee?.name ?? '',
      callee: callee?.text ?? '',
      form: callee?.form ?? 'other',
      enclosing: ctx.enclosing,
      inDecorator: ctx.inDecorator,
    });
    const order = this.order++;
    if (callee && callee.form !== 'other' && callee.name && !PYTHON_BUILTINS.has(callee.name)) {
      const anchor = this.anchor ?? { row: start.row, col: start.column };
      const { args: positional, keywords } = this.argumentExprs(args);
      this.facts.calls.push({
        scope: ctx.scope,
        callee: callee.expr!,
        args: positional,
        keywords,
        flows: ctx.flows,
        order,
        anchorRow: anchor.row,
        anchorCol: anchor.col,
      });
    } else this.facts.calls.push(null);
    // Two named children are exactly the function and the arguments: visit them without listing the children again.
    if (!callee || !args || node.namedChildCount !== 2) return this.visitChildren(node, ctx);
    if (!callee.plainName && this.worthVisiting(fn!, callee.type)) this.visit(fn!, ctx, callee.type);
    const argsType = args.type;
    const argsEnd = args.endIndex;
    // The arguments' own `(` would make them always look worth a visit: look inside it.
    if (argsType === 'argument_list' && this.inert(args.startIndex + 1, argsEnd)) return;
    if (this.worthVisiting(args, argsType, argsEnd)) this.visit(args, ctx, argsType);
  }

  /** A call's arguments for the dynamic parameter search: positional ones in order, keywords by name. */
  private argumentExprs(args: Node | null): { args: Expr[]; keywords: Map<string, Expr> | null } {
    const out: Expr[] = [];
    let keywords: Map<string, Expr> | null = null;
    if (args?.type !== 'argument_list') return { args: out, keywords };
    const simple = (n: Node | null): Expr => (n ? this.expr(n) : { k: 'other' });
    for (const a of args.namedChildren) {
      const type = a?.type;
      if (!a || type === 'comment') continue;
      if (type === 'keyword_argument') {
        const name = this.field(a, 'name');
        if (name) (keywords ??= new Map()).set(this.text(name), simple(this.field(a, 'value')));
      } else if (type === 'list_splat' || type === 'dictionary_splat') {
        // After a splat the positions are unknown.
        out.push({ k: 'other' });
        break;
      } else out.push(simple(a));
    }
    return { args: out, keywords };
  }

  /**
   * A call's function and arguments, fetched once: expr() of an assigned or returned call keeps them for the visit of
   * that call (`keep`), which takes them back.
   */
  private callParts(node: Node, keep: boolean): CallParts {
    const kept = this.callPartsById.get(node.id);
    if (kept && !keep) this.callPartsById.delete(node.id);
    if (kept) return kept;
    const parts = { fn: this.field(node, 'function'), args: this.field(node, 'arguments') };
    if (keep) this.callPartsById.set(node.id, parts);
    return parts;
  }

  private callPartsById = new Map<number, CallParts>();

  /**
   * What a call site records of its function: the name it is known by (a bare name, or the last name of an
   * attribute) and where that name is, the callee text, and the callee expression for the resolver. A plain dotted
   * name (`self.items.append`) is read from the source text: walking its nodes would cost a call into wasm per part.
   */
  private callee(fn: Node): Callee {
    const type = fn.type;
    const from = fn.startIndex;
    const end = fn.endIndex;
    const at = fn.startPosition;
    const text = this.source.slice(from, Math.min(end, from + MAX_CALLEE));
    if (type === 'identifier') {
      const name = end - from <= MAX_CALLEE ? text : this.source.slice(from, end);
      const anchor = this.anchor ?? { row: at.row, col: at.column };
      return { type, form: 'name', name, at, text, plainName: true, expr: { k: 'name', n: name, row: anchor.row, col: anchor.col } };
    }
    if (type !== 'attribute') return { type, form: 'other', name: '', at, text, plainName: false, expr: null };
    const parts = this.plainDotted(fn, end);
    if (parts) {
      const anchor = this.anchor ?? { row: at.row, col: at.column };
      let expr: Expr = { k: 'name', n: parts[0]!, row: anchor.row, col: anchor.col };
      for (let i = 1; i < parts.length; i++) expr = { k: 'attr', obj: expr, n: parts[i]! };
      const name = parts[parts.length - 1]!;
      return { type, form: 'attribute', name, at: { row: at.row, column: at.column + text.length - name.length }, text, plainName: true, expr };
    }
    const obj = this.field(fn, 'object');
    const attr = this.field(fn, 'attribute');
    const name = attr ? this.text(attr) : '';
    return {
      type,
      form: 'attribute',
      name,
      at: attr ? attr.startPosition : at,
      text,
      plainName: false,
      expr: obj && attr ? { k: 'attr', obj: this.expr(obj), n: name } : { k: 'other' },
    };
  }

  // ---------------------------------------------------------------- expressions for inference

  private expr(node: Node, type = node.type): Expr {
    switch (type) {
      case 'identifier': {
        const at = this.anchor ?? { row: node.startPosition.row, col: node.startPosition.column };
        return { k: 'name', n: this.text(node), row: at.row, col: at.col };
      }
      case 'attribute': {
        const obj = this.field(node, 'object');
        const attr = this.field(node, 'attribute');
        return obj && attr ? { k: 'attr', obj: this.expr(obj), n: this.text(attr) } : { k: 'other' };
      }
      case 'call': {
        const { fn, args } = this.callParts(node, true);
        const positional: Node[] = [];
        const types: string[] = [];
        if (args?.type === 'argument_list') {
          for (const a of args.namedChildren) {
            const argType = a?.type;
            if (!a || argType === 'keyword_argument' || argType === 'comment') continue;
            positional.push(a);
            types.push(argType!);
          }
        }
        // map() sizes the kept array exactly (it outlives the walk; the pushed ones above do not).
        return fn ? { k: 'call', fn: this.expr(fn), args: positional.map((a, i) => this.expr(a, types[i])) } : { k: 'other' };
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
        return inner ? this.expr(inner) : { k: 'other' };
      }
      case 'await': {
        const inner = node.namedChildren[0];
        return inner ? this.expr(inner) : { k: 'other' };
      }
      case 'subscript': {
        const of = this.field(node, 'value');
        const keys = node.childrenForFieldName('subscript');
        const key = keys.length === 1 ? keys[0] : null;
        const i = key?.type === 'integer' && /^\d+$/.test(key.text) ? Number(key.text) : null;
        return of && keys.length === 1 && key?.type !== 'slice' ? { k: 'index', of: this.expr(of), i } : { k: 'other' };
      }
      // Jedi infers `a or b` and `a if c else b` as either side.
      case 'boolean_operator': {
        const left = this.field(node, 'left');
        const right = this.field(node, 'right');
        return left && right && this.field(node, 'operator')?.type === 'or' ? { k: 'union', of: [this.expr(left), this.expr(right)] } : { k: 'other' };
      }
      case 'conditional_expression': {
        const [body, , orElse] = node.namedChildren.filter((c) => c && c.type !== 'comment');
        return body && orElse ? { k: 'union', of: [this.expr(body), this.expr(orElse)] } : { k: 'other' };
      }
      case 'list':
      case 'tuple':
      case 'expression_list':
      case 'set': {
        const items: Expr[] = [];
        const children = node.namedChildren;
        for (let i = 0; i < children.length && i < MAX_DISPLAY_ITEMS; i++) {
          const c = children[i];
          const itemType = c?.type;
          if (!c || itemType === 'comment') continue;
          const e = this.expr(c, itemType);
          if (e.k !== 'other') items.push(e);
        }
        return { k: 'list', items };
      }
      default:
        return { k: 'other' };
    }
  }

  /**
   * Annotations: names, dotted names, `"C"` strings, `Optional[C]`, `Union[A, B]`, `C | None`. Jedi looks annotation
   * names up without a position limit (they may name a class defined further down), hence the unlimited rows.
   */
  private annotationExpr(node: Node): Expr {
    return unlimited(this.annotationParts(node));
  }

  private annotationParts(node: Node): Expr {
    if (node.type === 'type') {
      const inner = node.namedChildren[0];
      return inner ? this.annotationParts(inner) : { k: 'other' };
    }
    if (node.type === 'string') {
      const s = evaluateStringLiteral(this.text(node));
      return s ? stringAnnotation(s, node.startPosition.row, node.startPosition.column) : { k: 'other' };
    }
    if (node.type === 'subscript' || node.type === 'generic_type') {
      const head = node.type === 'subscript' ? this.field(node, 'value') : node.namedChildren[0];
      const args = node.type === 'subscript' ? node.childrenForFieldName('subscript') : (node.namedChildren[1]?.namedChildren ?? []);
      const open = args.some((a) => !!a && (a.type === 'ellipsis' || a.text === '...'));
      const parts = args.filter((a): a is Node => !!a && a.type !== 'ellipsis' && a.text !== '...').map((a) => this.annotationParts(a));
      const headExpr = head && (head.type === 'identifier' || head.type === 'attribute') ? this.expr(head) : null;
      return subscriptedAnnotation(head?.text.split('.').pop(), headExpr, parts, open);
    }
    if (node.type === 'binary_operator' && this.field(node, 'operator')?.type === '|') {
      return { k: 'union', of: [this.annotationParts(this.field(node, 'left')!), this.annotationParts(this.field(node, 'right')!)] };
    }
    if (node.type === 'union_type') return { k: 'union', of: node.namedChildren.filter((a): a is Node => !!a).map((a) => this.annotationParts(a)) };
    if (node.type === 'none') return { k: 'other' };
    return this.expr(node);
  }
}

/** `Head[args]` in an annotation. `open`: the arguments hold an ellipsis (`Tuple[C, ...]`). */
function subscriptedAnnotation(headName: string | undefined, head: Expr | null, parts: Expr[], open: boolean): Expr {
  if (headName === 'Optional' || headName === 'Union') return { k: 'union', of: parts };
  // `Tuple[A, B]` unpacks item by item; `Tuple[C, ...]` is a sequence of C.
  if (headName === 'Tuple' || headName === 'tuple') return { k: 'generic', head: open ? 'seq' : 'tuple', args: parts };
  if (headName && SEQUENCE_GENERICS.has(headName)) return { k: 'generic', head: 'seq', args: parts.slice(0, 1) };
  if (headName && MAPPING_GENERICS.has(headName)) return { k: 'generic', head: 'map', args: parts };
  if ((headName === 'Type' || headName === 'type') && parts.length === 1) return { k: 'typeof', of: parts[0]! };
  // Any other subscripted head (a user generic `Box[A, B]`) declares what the head does; a typing form
  // (`Callable[...]`, `Literal[...]`) is a name outside the repo and gives nothing.
  return head ?? { k: 'other' };
}

/**
 * A string annotation, which Jedi parses as an expression: dotted names (kept as 'str' leaves, looked up at module
 * level when not found locally), `Head[args]`, `A | B` and nested quotes. Anything else gives nothing.
 */
export function stringAnnotation(text: string, row: number, col: number): Expr {
  const tokens = text.match(/[A-Za-z_][\w.]*|\.\.\.|[[\],|'"]|\S/g) ?? [];
  let i = 0;
  const union = (): Expr | null => {
    const of: Expr[] = [];
    for (;;) {
      const a = atom();
      if (!a) return null;
      of.push(a);
      if (tokens[i] !== '|') break;
      i++;
    }
    return of.length === 1 ? of[0]! : { k: 'union', of };
  };
  const atom = (): Expr | null => {
    const t = tokens[i];
    if (t === "'" || t === '"') {
      i++;
      const inner = union();
      if (tokens[i] !== t) return null;
      i++;
      return inner;
    }
    if (!t || !/^[A-Za-z_][\w.]*$/.test(t) || t.endsWith('.') || t.includes('..')) return null;
    i++;
    if (t === 'None') return { k: 'other' };
    const name: Expr = { k: 'str', s: t, row, col };
    if (tokens[i] !== '[') return name;
    i++;
    const parts: Expr[] = [];
    let open = false;
    while (tokens[i] !== ']') {
      if (tokens[i] === '...') {
        open = true;
        i++;
      } else {
        const a = union();
        if (!a) return null;
        parts.push(a);
      }
      if (tokens[i] === ',') i++;
      else if (tokens[i] !== ']') return null;
    }
    i++;
    return subscriptedAnnotation(t.split('.').pop(), name, parts, open);
  };
  const e = union();
  return e && i === tokens.length ? e : { k: 'other' };
}

/** Keyword arguments (`name=value`, `**mapping`): ast.Call visits them after the positional ones. */
function isKeywordArgument(type: string): boolean {
  return type === 'keyword_argument' || type === 'dictionary_splat';
}

interface CallParts {
  fn: Node | null;
  args: Node | null;
}

interface Callee {
  /** The function node's type. */
  type: string;
  form: CallForm;
  name: string;
  /** Where the name is (the function node itself when it has no name). */
  at: Point;
  /** The callee's source text, cut at MAX_CALLEE characters. */
  text: string;
  /** A name or a plain dotted name: nothing in it to visit. */
  plainName: boolean;
  /** The callee expression, null for the 'other' form (the resolver does not look those up). */
  expr: Expr | null;
}

/** `a.b.c` written plainly: ASCII names and dots, no spaces, comments or brackets. */
const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;
/**
 * Words the grammar may not parse as a plain identifier part of an attribute (keywords, and the soft keywords it
 * aliases): such callees take the node walk, which sees what tree-sitter made of them.
 */
const NOT_PLAIN_NAMES = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'exec',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'match',
  'nonlocal',
  'not',
  'or',
  'pass',
  'print',
  'raise',
  'return',
  'try',
  'type',
  'while',
  'with',
  'yield',
  'case',
  '_',
]);

/** Container annotations whose iteration yields their first argument (`Tuple[A, B]`: any of them). */
const SEQUENCE_GENERICS = new Set([
  'List',
  'list',
  'Sequence',
  'MutableSequence',
  'Iterable',
  'Iterator',
  'Collection',
  'Set',
  'set',
  'FrozenSet',
  'frozenset',
  'AbstractSet',
  'MutableSet',
  'Deque',
  'deque',
  'Generator',
  'AsyncIterator',
  'AsyncIterable',
  'AsyncGenerator',
  'Reversible',
  'KeysView',
  'ValuesView',
]);
const MAPPING_GENERICS = new Set(['Dict', 'dict', 'Mapping', 'MutableMapping', 'DefaultDict', 'defaultdict', 'OrderedDict', 'ChainMap', 'Counter']);
/** Subscripted typing forms whose assignment to a name makes a type alias. */
const TYPE_ALIAS_HEADS = new Set(['Union', 'Optional', 'Type']);
/** Assignment targets that unpack the value item by item. */
const UNPACKED_TARGETS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);
/** A display's first items are enough to know what it holds. */
const MAX_DISPLAY_ITEMS = 8;

function unlimited(e: Expr): Expr {
  switch (e.k) {
    case 'generic':
      return { ...e, args: e.args.map(unlimited) };
    case 'name':
    case 'str':
      return { ...e, row: Number.MAX_SAFE_INTEGER, col: 0 };
    case 'attr':
      return { ...e, obj: unlimited(e.obj) };
    case 'call':
      return { ...e, fn: unlimited(e.fn) };
    case 'union':
      return { k: 'union', of: e.of.map(unlimited) };
    case 'typeof':
      return { k: 'typeof', of: unlimited(e.of) };
    default:
      return e;
  }
}

/** `sys.version_info <op> (a, b, ...)`: the only interpreter fact Jedi decides (it ran on CPython 3.11). */
function compareFacts(node: Node, source: string): boolean | null {
  // The cheap necessary condition first: most comparisons are not about the version.
  if (!source.slice(node.startIndex, node.endIndex).includes('version_info')) return null;
  const operands = node.namedChildren.filter((c) => c && c.type !== 'comment') as Node[];
  const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
  if (operands.length !== 2 || ops.length !== 1 || operands[0]!.text.replace(/\s+/g, '') !== 'sys.version_info') return null;
  const tuple = operands[1]!;
  if (tuple.type !== 'tuple') return null;
  const items = tuple.namedChildren.filter((c) => c && c.type !== 'comment') as Node[];
  if (!items.length || !items.every((c) => c.type === 'integer')) return null;
  const version = [3, 11, 7, 'final', 0];
  let c = 0;
  for (let i = 0; i < items.length && c === 0; i++) c = (version[i] as number) - Number(items[i]!.text);
  switch (ops[0]) {
    case '==':
      return c === 0 && items.length === version.length;
    case '!=':
      return !(c === 0 && items.length === version.length);
    case '<':
      return c < 0;
    case '<=':
      return c < 0;
    case '>':
      return c > 0 || (c === 0 && version.length > items.length);
    case '>=':
      return c >= 0;
    default:
      return null;
  }
}

function stringList(node: Node | null): string[] | null {
  if (!node || (node.type !== 'list' && node.type !== 'tuple')) return null;
  const out: string[] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type !== 'string') return null;
    const s = evaluateStringLiteral(c.text);
    if (s === null) return null;
    out.push(s);
  }
  return out;
}

/** Expression nodes whose only effect on the index is through calls, walruses, lambdas or yields inside them. */
const PURE_EXPRESSIONS = new Set([
  'attribute',
  'subscript',
  'comparison_operator',
  'binary_operator',
  'boolean_operator',
  'not_operator',
  'unary_operator',
  'pair',
  'tuple',
  'list',
  'set',
  'dictionary',
  'keyword_argument',
  'expression_list',
  'parenthesized_expression',
  'argument_list',
  'conditional_expression',
  'slice',
  'list_splat',
  'dictionary_splat',
  'string',
  'concatenated_string',
]);

/**
 * Where, in order, the tokens start that can matter inside an expression: `relevant` for worthVisiting (`(`, `:=`,
 * `lambda`, `yield`; over-counting, a `(` in a string, only costs a visit), `effect` for inert() (the same and `for`).
 * None of them can overlap another, so each is found on its own (indexOf is the fastest scan) and the lists merged.
 */
interface TokenStarts {
  relevant: number[];
  effect: number[];
}

function tokenStarts(source: string): TokenStarts {
  const at = (token: string) => {
    const out: number[] = [];
    for (let i = source.indexOf(token); i >= 0; i = source.indexOf(token, i + token.length)) out.push(i);
    return out;
  };
  const relevant = mergeSorted(mergeSorted(at('('), at(':=')), mergeSorted(at('lambda'), at('yield')));
  return { relevant, effect: mergeSorted(relevant, at('for')) };
}

function mergeSorted(a: number[], b: number[]): number[] {
  if (!b.length) return a;
  if (!a.length) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/** Whether some entry of the sorted `starts` is in [from, to): a binary search for the first one >= from. */
function holdsOneIn(starts: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && starts[lo]! < to;
}

/** Whether the string literal at `at` has an `f` in its prefix (`f"..."`, `rf'...'`, `Fr"""..."""`). */
function isFStringAt(source: string, at: number): boolean {
  for (let i = at; i < source.length && i < at + 3; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x66 || c === 0x46) return true; // f F
    if (c === 0x22 || c === 0x27) return false; // " '
  }
  return false;
}

/**
 * The row where Python's `end_lineno` puts the end: the last token of the last statement, comments excluded.
 * `source` and `clean` (the tree has no error or missing node) allow the quick way: the leaf under the last
 * non-blank character. In a clean tree no visible node is only whitespace, so that leaf is the one the walk down the
 * last children would reach, unless it is a comment (then the walk decides).
 */
export function lastStatementRow(node: Node, source?: string, clean = false): number {
  if (clean && source !== undefined) {
    const start = node.startIndex;
    let q = node.endIndex - 1;
    while (q >= start && isBlank(source.charCodeAt(q))) q--;
    const leaf = q >= start ? node.descendantForIndex(q, q + 1) : null;
    if (leaf && leaf.type !== 'comment' && leaf.childCount === 0) return endRow(leaf);
  }
  let cur = node;
  for (;;) {
    let last: Node | null = null;
    for (let i = cur.childCount - 1; i >= 0; i--) {
      const c = cur.child(i);
      if (c && c.type !== 'comment' && !(c.startIndex === c.endIndex)) {
        last = c;
        break;
      }
    }
    if (!last) return endRow(cur);
    if (last.childCount === 0) return endRow(last);
    cur = last;
  }
}

/** A node's last row, not counting a final line break (an end at column 0 of the next row). */
function endRow(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

/** Space, tab, line feed, carriage return, form feed. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
}

/** `ast.get_docstring(node)`: body[0] is a plain (possibly implicitly concatenated) str constant, cleaned. */
function docstringOf(body: Node, source: string, clean: boolean): { docstring: Docstring; statement: Node } | null {
  // The body's statement list is listed once: the walk of the body reuses it (web-tree-sitter caches it on `body`).
  const first = body.namedChildren.find((c) => c && c.type !== 'comment');
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return null;
  let e = first.namedChildren[0]!;
  while (e.type === 'parenthesized_expression' && e.namedChildCount === 1) e = e.namedChildren[0]!;
  const parts = e.type === 'string' ? [e] : e.type === 'concatenated_string' ? (e.namedChildren.filter((c) => c?.type === 'string') as Node[]) : null;
  if (!parts || !parts.length) return null;
  let text = '';
  for (const p of parts) {
    const v = evaluateStringLiteral(p.text);
    if (v === null) return null;
    text += v;
  }
  const cleaned = cleandoc(text);
  if (!cleaned) return null;
  // A docstring statement changes nothing in the index beyond this: the walk can leave it.
  return { docstring: { text: cleaned, lineStart: first.startPosition.row, lineEnd: lastStatementRow(first, source, clean) }, statement: first };
}
