import type { Node, Tree } from 'web-tree-sitter';
import type { LanguageId } from '../../lang/languages';
import type { FileExtraction } from '../indexer';
import type { CallForm, CallSite, Definition, DefinitionType, ImportBinding } from '../types';
import type { JsBinding, JsClassMember, JsExport, JsExpr, JsFileFacts, JsMember, JsScopeKind } from './facts';
import { jsdocAbove } from './jsdoc';

/**
 * One walk over a tree-sitter JavaScript / TypeScript / TSX tree: definitions (functions, function-valued variables,
 * properties and class fields, classes, methods), ESM and CommonJS imports and exports, call sites in source order,
 * and the lexical scopes the resolver needs (facts.ts). What tree-sitter recovers from a broken file is indexed too.
 */
export function extractJs(tree: Tree, path: string, language: LanguageId, source: string, firstDefinitionId: number): FileExtraction & { facts: JsFileFacts } {
  return new JsExtractor(path, language, source, firstDefinitionId).run(tree.rootNode);
}

interface Ctx {
  scope: number;
  /** Nearest function or module scope: where `var` lands. */
  varScope: number;
  /** Innermost definition whose decorators or body hold the node. */
  enclosing: number | null;
  inDecorator: boolean;
  /** Qualified-name prefix outside any definition: a TypeScript `namespace N { }` gives `N.`. */
  prefix: string;
}

interface DefSpec {
  name: string;
  /** Dotted path under the parent when it is not just `name` (`obj.m`, `Foo.prototype.bar`). */
  localPath?: string;
  /** The function or class node: its body ends the signature, its end is the last line. */
  node: Node;
  /** Where the definition's own line starts (the declarator, the member, the assignment). */
  head: Node;
  /** What a JSDoc block sits right above. */
  anchor: Node;
  decorators: Node[];
  type: DefinitionType;
  isMethod: boolean;
  /** Signature text starts here (default: the node's first non-decorator token). */
  sigStart?: number;
  sigPrefix?: string;
  ctx: Ctx;
}

const FUNCTION_VALUES = new Set(['function_expression', 'function', 'arrow_function', 'generator_function']);
const CLASS_DECLARATIONS = new Set(['class_declaration', 'abstract_class_declaration']);
const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);
const MAX_CALLEE = 200;
const MAX_SIGNATURE = 500;
/** Nodes that never hold a call, a definition or a binding (types included: they are erased). */
const LEAVES = new Set([
  'comment',
  'identifier',
  'property_identifier',
  'private_property_identifier',
  'shorthand_property_identifier',
  'statement_identifier',
  'string',
  'number',
  'regex',
  'true',
  'false',
  'null',
  'undefined',
  'this',
  'super',
  'hash_bang_line',
  'html_comment',
  'jsx_text',
  'type_annotation',
  'type_arguments',
  'type_parameters',
  'type_identifier',
  'predefined_type',
  'interface_declaration',
  'type_alias_declaration',
  'accessibility_modifier',
  'override_modifier',
  'escape_sequence',
  'empty_statement',
]);
const OTHER: JsBinding = { k: 'other' };

class JsExtractor {
  private defs: Definition[] = [];
  private imports: ImportBinding[] = [];
  private calls: CallSite[] = [];
  private facts: JsFileFacts;

  constructor(
    private path: string,
    private language: LanguageId,
    private source: string,
    private firstId: number,
  ) {
    this.facts = {
      path,
      typescript: language !== 'javascript',
      scopes: [],
      classes: new Map(),
      calls: [],
      exports: new Map(),
      starExports: [],
      commonjs: false,
    };
  }

  run(root: Node) {
    const scope = this.newScope('module', null);
    this.visitChildren(root, { scope, varScope: scope, enclosing: null, inDecorator: false, prefix: '' });
    const exportNames = [...this.facts.exports.keys()];
    const exports = exportNames.length || this.facts.starExports.length ? exportNames : null;
    return { definitions: this.defs, imports: this.imports, calls: this.calls, exports, facts: this.facts };
  }

  // ---------------------------------------------------------------- scopes

  private newScope(kind: JsScopeKind, parent: number | null, cls?: number, isStatic?: boolean): number {
    this.facts.scopes.push({ kind, parent, bindings: new Map(), ...(cls !== undefined ? { cls, isStatic: isStatic === true } : {}) });
    return this.facts.scopes.length - 1;
  }

  private bind(scope: number, name: string, b: JsBinding) {
    const bindings = this.facts.scopes[scope]!.bindings;
    const list = bindings.get(name);
    if (list) list.push(b);
    else bindings.set(name, [b]);
  }

  /** Binds every name a parameter / declaration / catch pattern introduces; visits the default values in it. */
  private pattern(node: Node, ctx: Ctx, scope: number, b: JsBinding = OTHER) {
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        this.bind(scope, node.text, b);
        return;
      case 'required_parameter':
      case 'optional_parameter': {
        for (const c of node.namedChildren) if (c?.type === 'decorator') this.visitChildren(c, ctx);
        const p = node.childForFieldName('pattern');
        if (p) this.pattern(p, ctx, scope);
        const v = node.childForFieldName('value');
        if (v) this.visit(v, ctx);
        return;
      }
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left) this.pattern(left, ctx, scope);
        if (right) this.visit(right, ctx);
        return;
      }
      case 'pair_pattern': {
        const key = node.childForFieldName('key');
        if (key?.type === 'computed_property_name') this.visit(key, ctx);
        const value = node.childForFieldName('value');
        if (value) this.pattern(value, ctx, scope);
        return;
      }
      case 'object_pattern':
      case 'array_pattern':
      case 'rest_pattern':
      case 'formal_parameters':
        for (const c of node.namedChildren) if (c && c.type !== 'comment') this.pattern(c, ctx, scope);
        return;
      case 'this':
      case 'comment':
        return;
      default:
        this.visit(node, ctx); // `for (a.b of c)`: an assignment target, not a binding
    }
  }

  // ---------------------------------------------------------------- walk

  private visitChildren(node: Node, ctx: Ctx) {
    for (const c of node.namedChildren) if (c && !LEAVES.has(c.type)) this.visit(c, ctx);
  }

  private visit(node: Node, ctx: Ctx): void {
    switch (node.type) {
      case 'function_declaration':
      case 'generator_function_declaration':
        return this.visitFunctionDeclaration(node, ctx, []);
      case 'function_signature':
        return this.visitFunctionSignature(node, ctx);
      case 'class_declaration':
      case 'abstract_class_declaration':
        return this.visitClassDeclaration(node, ctx, []);
      case 'lexical_declaration':
      case 'variable_declaration':
        return this.visitDeclaration(node, ctx);
      case 'assignment_expression':
        return this.visitAssignment(node, ctx);
      case 'export_statement':
        return this.visitExport(node, ctx);
      case 'import_statement':
        return this.visitImport(node, ctx);
      case 'call_expression':
      case 'new_expression':
        return this.visitCall(node, ctx);
      case 'function_expression':
      case 'function':
      case 'generator_function':
      case 'arrow_function':
        return this.visitFunction(node, ctx, null, node.type === 'arrow_function' ? 'arrow' : 'function');
      case 'method_definition': {
        // In an object literal nobody names: a function whose `this` is unknown.
        const key = node.childForFieldName('name');
        if (key?.type === 'computed_property_name') this.visit(key, ctx);
        return this.visitFunction(node, ctx, null, 'function');
      }
      case 'class':
        return void this.visitClass(node, ctx, { name: node.childForFieldName('name')?.text ?? null, head: node, anchor: node, decorators: [] });
      case 'statement_block':
      case 'switch_body':
      case 'for_statement':
      case 'class_static_block':
        return this.visitChildren(node, { ...ctx, scope: this.newScope('block', ctx.scope) });
      case 'for_in_statement':
        return this.visitForIn(node, ctx);
      case 'catch_clause': {
        const inner = { ...ctx, scope: this.newScope('block', ctx.scope) };
        const param = node.childForFieldName('parameter');
        if (param) this.pattern(param, inner, inner.scope);
        const body = node.childForFieldName('body');
        if (body) this.visitChildren(body, inner);
        return;
      }
      case 'internal_module':
      case 'module':
        return this.visitNamespace(node, ctx);
      case 'enum_declaration': {
        const name = node.childForFieldName('name');
        if (name) this.bind(ctx.scope, name.text, OTHER);
        return this.visitChildren(node, ctx);
      }
      default:
        if (!LEAVES.has(node.type)) this.visitChildren(node, ctx);
    }
  }

  private visitForIn(node: Node, ctx: Ctx) {
    const inner = { ...ctx, scope: this.newScope('block', ctx.scope) };
    const kind = node.childForFieldName('kind')?.text;
    const left = node.childForFieldName('left');
    if (left) {
      if (kind) this.pattern(left, inner, kind === 'var' ? ctx.varScope : inner.scope);
      else this.visit(left, inner);
    }
    for (const c of node.namedChildren) if (c && c !== left && !LEAVES.has(c.type)) this.visit(c, inner);
  }

  private visitNamespace(node: Node, ctx: Ctx) {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    // No binding: a namespace merges with the function or class of the same name, which stays what a call reaches.
    if (!body) return;
    const prefix = name && name.type !== 'string' ? `${ctx.prefix}${name.text}.` : ctx.prefix;
    this.visitChildren(body, { ...ctx, scope: this.newScope('block', ctx.scope), prefix });
  }

  // ---------------------------------------------------------------- definitions

  private define(o: DefSpec): number {
    const id = this.firstId + this.defs.length;
    const parentDef = o.ctx.enclosing === null ? null : this.defs[o.ctx.enclosing - this.firstId]!;
    const local = o.localPath ?? o.name;
    const qualifiedName = !parentDef
      ? `${o.ctx.prefix}${local}`
      : parentDef.type === 'class'
        ? `${parentDef.qualifiedName}.${local}`
        : `${parentDef.qualifiedName}.<locals>.${local}`;
    const lineStart = firstCodeToken(o.head).startPosition.row;
    const body = o.node.childForFieldName('body');
    const sigStart = o.sigStart ?? firstCodeToken(o.node).startIndex;
    const sigEnd = body && body.startIndex > sigStart ? body.startIndex : o.node.endIndex;
    const header = this.headerText(o.node, sigStart, Math.min(sigEnd, sigStart + MAX_SIGNATURE));
    const decoratorRows = o.decorators.map((d) => d.startPosition.row);
    this.defs.push({
      id,
      name: o.name,
      qualifiedName,
      type: o.type,
      isMethod: o.isMethod,
      file: this.path,
      language: this.language,
      lineStart,
      lineEnd: o.node.endPosition.row,
      decoratorLine: decoratorRows.length ? Math.min(lineStart, ...decoratorRows) : lineStart,
      signature: (o.sigPrefix ?? '') + header,
      docstring: jsdocAbove(o.anchor),
      parent: o.ctx.enclosing,
      bases: [],
    });
    return id;
  }

  /** Source between two offsets with comments dropped and whitespace collapsed: `function f(a, b = 1): T`. */
  private headerText(node: Node, start: number, end: number): string {
    const comments: Node[] = [];
    const walk = (n: Node) => {
      for (const c of n.children) {
        if (!c || c.endIndex <= start || c.startIndex >= end) continue; // the body starts at `end`: never walked
        if (c.type === 'comment') comments.push(c);
        else if (c.childCount) walk(c);
      }
    };
    walk(node);
    let text = '';
    let at = start;
    for (const c of comments) {
      text += this.source.slice(at, c.startIndex) + ' ';
      at = c.endIndex;
    }
    text += this.source.slice(at, end);
    return text
      .replace(/\s+/g, ' ')
      .replace(/[\s;{]+$/, '')
      .trim();
  }

  /** Defines a function or class value under `name` and walks it; returns its id. */
  private defineValue(value: Node, name: string, o: Omit<DefSpec, 'name' | 'node' | 'type' | 'isMethod'>, isMethod = false): number {
    if (value.type === 'class')
      return this.visitClass(value, o.ctx, {
        name,
        localPath: o.localPath,
        head: o.head,
        anchor: o.anchor,
        decorators: o.decorators,
        sigStart: o.sigStart,
        sigPrefix: o.sigPrefix,
      })!;
    const id = this.define({ ...o, name, node: value, type: 'function', isMethod });
    this.visitFunction(value, o.ctx, id, value.type === 'arrow_function' ? 'arrow' : 'function');
    return id;
  }

  private visitFunctionDeclaration(node: Node, ctx: Ctx, outerDecorators: Node[]) {
    const nameNode = node.childForFieldName('name');
    const anchor = node.parent?.type === 'export_statement' ? node.parent : node;
    const id = nameNode
      ? this.define({ name: nameNode.text, node, head: node, anchor, decorators: outerDecorators, type: 'function', isMethod: false, ctx })
      : null;
    if (nameNode && id !== null) this.bind(ctx.scope, nameNode.text, { k: 'def', def: id });
    this.visitFunction(node, ctx, id, 'function');
  }

  /** A body-less `function f(): T;`: an overload when an implementation follows, else an ambient declaration. */
  private visitFunctionSignature(node: Node, ctx: Ctx) {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return;
    let statement = node;
    while (statement.parent?.type === 'export_statement' || statement.parent?.type === 'ambient_declaration') statement = statement.parent;
    const sameName = (s: Node | null, types: string[]) => {
      let inner = s;
      while (inner && (inner.type === 'export_statement' || inner.type === 'ambient_declaration'))
        inner = inner.namedChildren.find((c) => c && c.type !== 'decorator' && c.type !== 'comment') ?? null;
      return !!inner && types.includes(inner.type) && inner.childForFieldName('name')?.text === nameNode.text;
    };
    const prev = codeSibling(statement, -1);
    if (sameName(prev, ['function_signature'])) return;
    let next = codeSibling(statement, 1);
    while (next && sameName(next, ['function_signature'])) next = codeSibling(next, 1);
    if (sameName(next, ['function_declaration', 'generator_function_declaration'])) return;
    const id = this.define({ name: nameNode.text, node, head: node, anchor: statement, decorators: [], type: 'function', isMethod: false, ctx });
    this.bind(ctx.scope, nameNode.text, { k: 'def', def: id });
  }

  /** Parameters and body in a new scope; `def` null for an anonymous function (a callback). */
  private visitFunction(fn: Node, ctx: Ctx, def: number | null, kind: JsScopeKind, cls?: number | null, isStatic?: boolean) {
    const scope = this.newScope(kind, ctx.scope, cls ?? undefined, isStatic);
    const inner: Ctx = { scope, varScope: scope, enclosing: def ?? ctx.enclosing, inDecorator: def === null ? ctx.inDecorator : false, prefix: ctx.prefix };
    const ownName = fn.type === 'function_expression' || fn.type === 'function' || fn.type === 'generator_function' ? fn.childForFieldName('name') : null;
    if (ownName) this.bind(scope, ownName.text, def === null ? OTHER : { k: 'def', def });
    const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
    if (params) this.pattern(params, inner, scope);
    const body = fn.childForFieldName('body');
    if (!body) return;
    if (body.type === 'statement_block') this.visitChildren(body, inner);
    else this.visit(body, inner);
  }

  private visitClassDeclaration(node: Node, ctx: Ctx, outerDecorators: Node[]) {
    const nameNode = node.childForFieldName('name');
    const anchor = node.parent?.type === 'export_statement' ? node.parent : node;
    const id = this.visitClass(node, ctx, { name: nameNode?.text ?? null, head: node, anchor, decorators: outerDecorators });
    if (nameNode && id !== null) this.bind(ctx.scope, nameNode.text, { k: 'def', def: id });
  }

  /** A class (declaration or expression); a nameless one is walked but not defined. Returns its id. */
  private visitClass(
    node: Node,
    ctx: Ctx,
    o: { name: string | null; localPath?: string; head: Node; anchor: Node; decorators: Node[]; sigStart?: number; sigPrefix?: string },
  ): number | null {
    const decorators = [...o.decorators, ...(node.namedChildren.filter((c) => c?.type === 'decorator') as Node[])];
    const id = o.name === null ? null : this.define({ ...o, name: o.name, node, decorators, type: 'class', isMethod: false, ctx });
    const heritage = node.namedChildren.find((c) => c?.type === 'class_heritage') ?? null;
    const extendsClause = heritage?.namedChildren.find((c) => c?.type === 'extends_clause') ?? null;
    const baseNode = extendsClause
      ? extendsClause.childForFieldName('value')
      : (heritage?.namedChildren.find((c) => c && c.type !== 'comment' && c.type !== 'implements_clause') ?? null);
    if (heritage) this.visit(heritage, ctx);
    const decoCtx: Ctx = id === null ? ctx : { ...ctx, enclosing: id, inDecorator: true };
    for (const d of decorators) this.visitChildren(d, decoCtx);
    const scope = this.newScope('class', ctx.scope);
    const ownName = node.childForFieldName('name');
    const members: JsClassMember[] = [];
    if (id !== null) {
      const def = this.defs[id - this.firstId]!;
      if (baseNode) def.bases = [baseNode.text];
      if (ownName) this.bind(scope, ownName.text, { k: 'def', def: id });
      this.facts.classes.set(id, { scope: ctx.scope, base: baseNode ? this.expr(baseNode) : null, members });
    }
    const body = node.childForFieldName('body');
    if (body)
      this.visitClassBody(body, { ...ctx, scope, varScope: scope, enclosing: id ?? ctx.enclosing, inDecorator: id === null && ctx.inDecorator }, id, members);
    return id;
  }

  private visitClassBody(body: Node, ctx: Ctx, cls: number | null, members: JsClassMember[]) {
    let pending: Node[] = []; // TypeScript puts a member's decorators before it, as siblings
    for (const c of body.namedChildren) {
      if (!c || c.type === 'comment') continue;
      if (c.type === 'decorator') {
        pending.push(c);
        continue;
      }
      if (c.type === 'method_definition' || c.type === 'method_signature' || c.type === 'abstract_method_signature')
        this.visitMethod(c, pending, ctx, cls, members);
      else if (c.type === 'field_definition' || c.type === 'public_field_definition') this.visitField(c, pending, ctx, cls, members);
      else if (c.type === 'class_static_block') {
        const body = c.childForFieldName('body');
        const scope = this.newScope('method', ctx.scope, cls ?? undefined, true);
        if (body) this.visitChildren(body, { ...ctx, scope, varScope: scope });
      } else this.visit(c, ctx);
      pending = [];
    }
  }

  private visitMethod(node: Node, pending: Node[], ctx: Ctx, cls: number | null, members: JsClassMember[]) {
    const decorators = [...pending, ...(node.namedChildren.filter((c) => c?.type === 'decorator') as Node[])];
    const name = propertyName(node.childForFieldName('name'));
    const isStatic = hasToken(node, 'static');
    const accessor = hasToken(node, 'get') || hasToken(node, 'set');
    const body = node.childForFieldName('body');
    if (!body && node.type === 'method_signature' && name !== null && isOverloadSignature(node, name)) return;
    const id =
      name !== null && cls !== null
        ? this.define({ name, node, head: node, anchor: pending[0] ?? node, decorators, type: 'function', isMethod: true, ctx })
        : null;
    if (name !== null) members.push({ name, isStatic, def: accessor ? null : id });
    const decoCtx: Ctx = id === null ? ctx : { ...ctx, enclosing: id, inDecorator: true };
    for (const d of decorators) this.visitChildren(d, decoCtx);
    const computed = node.childForFieldName('name');
    if (computed?.type === 'computed_property_name') this.visit(computed, ctx);
    this.visitFunction(node, ctx, id, 'method', cls, isStatic);
  }

  private visitField(node: Node, pending: Node[], ctx: Ctx, cls: number | null, members: JsClassMember[]) {
    const decorators = [...pending, ...(node.namedChildren.filter((c) => c?.type === 'decorator') as Node[])];
    const nameNode = node.childForFieldName('name') ?? node.childForFieldName('property');
    const name = propertyName(nameNode);
    const isStatic = hasToken(node, 'static');
    const raw = node.childForFieldName('value');
    const value = raw ? unwrap(raw) : null;
    for (const d of decorators) this.visitChildren(d, ctx);
    if (nameNode?.type === 'computed_property_name') this.visit(nameNode, ctx);
    if (value && FUNCTION_VALUES.has(value.type) && name !== null && cls !== null) {
      const id = this.define({
        name,
        node: value,
        head: node,
        anchor: pending[0] ?? node,
        decorators,
        type: 'function',
        isMethod: true,
        sigStart: firstCodeToken(node).startIndex,
        ctx,
      });
      members.push({ name, isStatic, def: id });
      this.visitFunction(value, ctx, id, 'method', cls, isStatic);
      return;
    }
    if (name !== null) members.push({ name, isStatic, def: null });
    if (raw) {
      const scope = this.newScope('method', ctx.scope, cls ?? undefined, isStatic);
      this.visit(raw, { ...ctx, scope, varScope: scope });
    }
  }

  // ---------------------------------------------------------------- declarations and assignments

  private visitDeclaration(node: Node, ctx: Ctx) {
    const isVar = node.type === 'variable_declaration';
    const scope = isVar ? ctx.varScope : ctx.scope;
    const keyword = isVar ? 'var' : (node.childForFieldName('kind')?.text ?? 'let');
    const statement = node.parent?.type === 'export_statement' ? node.parent : node;
    let first = true;
    for (const d of node.namedChildren) {
      if (d?.type !== 'variable_declarator') continue;
      const anchor = first ? statement : d;
      first = false;
      const name = d.childForFieldName('name');
      const raw = d.childForFieldName('value');
      const value = raw ? unwrap(raw) : null;
      if (!name) continue;
      if (name.type === 'identifier' && value && (FUNCTION_VALUES.has(value.type) || value.type === 'class')) {
        const id = this.defineValue(value, name.text, { head: d, anchor, decorators: [], sigStart: d.startIndex, sigPrefix: `${keyword} `, ctx });
        this.bind(scope, name.text, { k: 'def', def: id });
        continue;
      }
      if (value && this.bindRequire(name, value, ctx, scope)) {
        this.visit(value, ctx);
        continue;
      }
      // Only a `const` keeps the value it starts with: a `let` instance or object may be replaced later.
      const constant = keyword === 'const';
      if (name.type === 'identifier' && value?.type === 'new_expression') {
        const cls = value.childForFieldName('constructor');
        this.bind(scope, name.text, cls && constant ? { k: 'value', value: { k: 'new', cls: this.expr(cls) }, scope: ctx.scope } : OTHER);
        this.visit(value, ctx);
        continue;
      }
      if (name.type === 'identifier' && value?.type === 'object') {
        const members = this.objectMembers(value, ctx, name.text);
        this.bind(scope, name.text, constant ? { k: 'object', members, scope: ctx.scope } : OTHER);
        continue;
      }
      this.pattern(name, ctx, scope);
      if (raw) this.visit(raw, ctx);
    }
  }

  /** `const m = require('./m')`, `const x = require('./m').x`, `const { a, b: c } = require('./m')`. */
  private bindRequire(name: Node, value: Node, ctx: Ctx, scope: number): boolean {
    let imported: string | null = null;
    let spec = requireSpec(value);
    if (spec === null && value.type === 'member_expression') {
      spec = requireSpec(unwrap(value.childForFieldName('object')!));
      imported = value.childForFieldName('property')?.text ?? null;
      if (imported === null) spec = null;
    }
    if (spec === null) return false;
    const line = name.startPosition.row;
    if (name.type === 'identifier') {
      this.addImport(ctx, scope, name.text, spec, imported, line);
      return true;
    }
    if (name.type !== 'object_pattern' || imported !== null) return false;
    for (const p of name.namedChildren) {
      if (p?.type === 'shorthand_property_identifier_pattern') this.addImport(ctx, scope, p.text, spec, p.text, line);
      else if (p?.type === 'pair_pattern' && p.childForFieldName('key')?.type === 'property_identifier' && p.childForFieldName('value')?.type === 'identifier')
        this.addImport(ctx, scope, p.childForFieldName('value')!.text, spec, p.childForFieldName('key')!.text, line);
      else if (p) this.pattern(p, ctx, scope);
    }
    return true;
  }

  private addImport(ctx: Ctx, scope: number, local: string, module: string, imported: string | null, line: number) {
    this.imports.push({ file: this.path, local, module, imported, line, scope: ctx.enclosing });
    if (local) this.bind(scope, local, { k: 'import', index: this.imports.length - 1 });
  }

  /** Members of an object literal; function-valued ones become definitions named `path.member`. */
  private objectMembers(obj: Node, ctx: Ctx, path: string): Map<string, JsMember> {
    const members = new Map<string, JsMember>();
    const qualify = (name: string) => (path ? `${path}.${name}` : name);
    for (const c of obj.namedChildren) {
      if (!c || c.type === 'comment') continue;
      if (c.type === 'method_definition') {
        const name = propertyName(c.childForFieldName('name'));
        if (name === null) {
          this.visit(c, ctx);
          continue;
        }
        const id = this.define({ name, localPath: qualify(name), node: c, head: c, anchor: c, decorators: [], type: 'function', isMethod: false, ctx });
        members.set(name, hasToken(c, 'get') || hasToken(c, 'set') ? { k: 'other' } : { k: 'def', def: id });
        this.visitFunction(c, ctx, id, 'function');
      } else if (c.type === 'pair') {
        const key = c.childForFieldName('key');
        const name = propertyName(key);
        const raw = c.childForFieldName('value');
        const value = raw ? unwrap(raw) : null;
        if (key?.type === 'computed_property_name') this.visit(key, ctx);
        if (name !== null && value && (FUNCTION_VALUES.has(value.type) || value.type === 'class')) {
          members.set(name, {
            k: 'def',
            def: this.defineValue(value, name, { localPath: qualify(name), head: c, anchor: c, decorators: [], sigStart: c.startIndex, ctx }),
          });
        } else {
          if (name !== null) members.set(name, value?.type === 'identifier' ? { k: 'name', n: value.text } : { k: 'other' });
          if (raw) this.visit(raw, ctx);
        }
      } else if (c.type === 'shorthand_property_identifier') members.set(c.text, { k: 'name', n: c.text });
      else {
        // `{ f() {}, ...rest }`: the spread may replace any member written before it.
        if (c.type === 'spread_element') for (const name of members.keys()) members.set(name, { k: 'other' });
        this.visit(c, ctx);
      }
    }
    return members;
  }

  private visitAssignment(node: Node, ctx: Ctx) {
    const left = node.childForFieldName('left');
    const raw = node.childForFieldName('right');
    if (!left || !raw) return this.visitChildren(node, ctx);
    const right = unwrap(raw);
    const anchor = node.parent?.type === 'expression_statement' ? node.parent : node;
    const target = exportTarget(left);
    const isValue = FUNCTION_VALUES.has(right.type) || right.type === 'class';
    const spec = { head: node, anchor, decorators: [], sigStart: node.startIndex, ctx };
    if (target !== null) {
      this.facts.commonjs = true;
      if (target === '') return this.visitModuleExports(right, raw, spec, ctx);
      this.facts.exports.set(target, this.exportedValue(right, raw, target, spec, ctx, target));
      return;
    }
    if (left.type !== 'member_expression' && left.type !== 'identifier') this.visit(left, ctx);
    const path = staticPath(left);
    if (isValue && path !== null) {
      const name = path.slice(path.lastIndexOf('.') + 1);
      this.defineValue(right, name, { ...spec, localPath: path });
      return;
    }
    this.visit(raw, ctx);
  }

  /** `module.exports = ...` (and TypeScript's `export = ...`). */
  private visitModuleExports(right: Node, raw: Node, spec: Omit<DefSpec, 'name' | 'node' | 'type' | 'isMethod'>, ctx: Ctx) {
    const exports = this.facts.exports;
    if (right.type === 'object') {
      const members = this.objectMembers(right, ctx, '');
      for (const [name, m] of members) exports.set(name, m.k === 'def' ? m : m.k === 'name' ? { k: 'local', n: m.n } : { k: 'other' });
      exports.set('default', { k: 'object', members });
      return;
    }
    const required = requireSpec(right);
    if (required !== null) {
      this.facts.starExports.push(required);
      exports.set('default', { k: 'namespace', spec: required });
      this.visit(raw, ctx);
      return;
    }
    exports.set('default', this.exportedValue(right, raw, 'default', spec, ctx, ''));
  }

  /** What `exports.name = value` / `export default value` exports; defines a function or class value. */
  private exportedValue(right: Node, raw: Node, name: string, spec: Omit<DefSpec, 'name' | 'node' | 'type' | 'isMethod'>, ctx: Ctx, path: string): JsExport {
    if (FUNCTION_VALUES.has(right.type) || right.type === 'class') {
      const own = right.childForFieldName('name')?.text;
      const defName = name === 'default' && own ? own : name;
      return { k: 'def', def: this.defineValue(right, defName, { ...spec, localPath: path || defName }) };
    }
    if (right.type === 'identifier') return { k: 'local', n: right.text };
    if (right.type === 'object') return { k: 'object', members: this.objectMembers(right, ctx, path || name) };
    this.visit(raw, ctx);
    const required = requireSpec(right);
    if (required !== null) return { k: 'namespace', spec: required };
    if (right.type === 'member_expression') {
      const from = requireSpec(unwrap(right.childForFieldName('object')!));
      const prop = right.childForFieldName('property')?.text;
      if (from !== null && prop) return { k: 'from', spec: from, name: prop };
    }
    return { k: 'other' };
  }

  // ---------------------------------------------------------------- imports and exports

  private visitImport(node: Node, ctx: Ctx) {
    const source = node.childForFieldName('source');
    const line = node.startPosition.row;
    const clause = node.namedChildren.find((c) => c?.type === 'import_clause' || c?.type === 'import_require_clause');
    if (clause?.type === 'import_require_clause') {
      const local = clause.namedChildren.find((c) => c?.type === 'identifier');
      const spec = stringValue(clause.childForFieldName('source'));
      if (local && spec !== null) this.addImport(ctx, ctx.scope, local.text, spec, null, line);
      return;
    }
    const spec = stringValue(source);
    if (spec === null) return;
    if (!clause) return this.addImport(ctx, ctx.scope, '', spec, null, line); // side effects only
    for (const c of clause.namedChildren) {
      if (c?.type === 'identifier') this.addImport(ctx, ctx.scope, c.text, spec, 'default', line);
      else if (c?.type === 'namespace_import') {
        const local = c.namedChildren.find((x) => x?.type === 'identifier');
        if (local) this.addImport(ctx, ctx.scope, local.text, spec, null, line);
      } else if (c?.type === 'named_imports') {
        for (const s of c.namedChildren) {
          if (s?.type !== 'import_specifier') continue;
          const imported = moduleExportName(s.childForFieldName('name'));
          const alias = s.childForFieldName('alias');
          if (imported !== null) this.addImport(ctx, ctx.scope, alias?.text ?? imported, spec, imported, line);
        }
      }
    }
  }

  private visitExport(node: Node, ctx: Ctx) {
    const exports = this.facts.exports;
    const spec = stringValue(node.childForFieldName('source'));
    const decorators = node.namedChildren.filter((c) => c?.type === 'decorator') as Node[];
    const declaration = node.childForFieldName('declaration');
    const isDefault = node.children.some((c) => c?.type === 'default');
    if (declaration) {
      if (CLASS_DECLARATIONS.has(declaration.type)) this.visitClassDeclaration(declaration, ctx, decorators);
      else this.visit(declaration, ctx);
      for (const name of declaredNames(declaration)) exports.set(isDefault ? 'default' : name, { k: 'local', n: name });
      return;
    }
    const value = node.childForFieldName('value');
    if (value) {
      const right = unwrap(value);
      const anchorSpec = { head: node, anchor: node, decorators, sigStart: right.startIndex, ctx };
      if (right.type === 'class' && decorators.length) {
        const own = right.childForFieldName('name')?.text ?? 'default';
        exports.set('default', { k: 'def', def: this.visitClass(right, ctx, { name: own, head: right, anchor: node, decorators })! });
      } else exports.set('default', this.exportedValue(right, value, 'default', anchorSpec, ctx, ''));
      return;
    }
    if (node.children.some((c) => c?.type === '=')) {
      // TypeScript `export = x`: CommonJS's module.exports.
      const expr = node.namedChildren.find((c) => c && c.type !== 'comment');
      this.facts.commonjs = true;
      if (expr) this.visitModuleExports(unwrap(expr), expr, { head: node, anchor: node, decorators: [], sigStart: expr.startIndex, ctx }, ctx);
      return;
    }
    const clause = node.namedChildren.find((c) => c?.type === 'export_clause');
    const namespace = node.namedChildren.find((c) => c?.type === 'namespace_export');
    if (clause) {
      for (const s of clause.namedChildren) {
        if (s?.type !== 'export_specifier') continue;
        const name = moduleExportName(s.childForFieldName('name'));
        const alias = moduleExportName(s.childForFieldName('alias'));
        if (name === null) continue;
        exports.set(alias ?? name, spec !== null ? { k: 'from', spec, name } : { k: 'local', n: name });
      }
    } else if (namespace && spec !== null) {
      const name = moduleExportName(namespace.namedChildren.find((c) => c && c.type !== 'comment') ?? null);
      if (name !== null) exports.set(name, { k: 'namespace', spec });
    } else if (spec !== null) this.facts.starExports.push(spec);
  }

  // ---------------------------------------------------------------- calls

  private visitCall(node: Node, ctx: Ctx) {
    const isNew = node.type === 'new_expression';
    const raw = node.childForFieldName(isNew ? 'constructor' : 'function');
    const fn = raw ? unwrap(raw) : null;
    let form: CallForm = 'other';
    let nameNode: Node | null = null;
    if (fn?.type === 'identifier' || fn?.type === 'super') {
      form = isNew ? 'new' : 'name';
      nameNode = fn;
    } else if (fn?.type === 'member_expression') {
      nameNode = fn.childForFieldName('property');
      if (nameNode?.type === 'property_identifier' || nameNode?.type === 'private_property_identifier') form = isNew ? 'new' : 'attribute';
      else nameNode = null;
    }
    const at = nameNode ?? raw ?? node;
    this.calls.push({
      file: this.path,
      line: at.startPosition.row,
      column: at.startPosition.column,
      name: nameNode ? nameNode.text : '',
      callee: raw ? this.source.slice(raw.startIndex, Math.min(raw.endIndex, raw.startIndex + MAX_CALLEE)) : '',
      form,
      enclosing: ctx.enclosing,
      inDecorator: ctx.inDecorator,
    });
    this.facts.calls.push({ scope: ctx.scope, callee: form === 'other' || !fn ? { k: 'other' } : this.expr(fn), isNew });
    this.visitChildren(node, ctx);
  }

  private expr(raw: Node): JsExpr {
    const node = unwrap(raw);
    switch (node.type) {
      case 'identifier':
        return { k: 'name', n: node.text };
      case 'this':
        return { k: 'this' };
      case 'super':
        return { k: 'super' };
      case 'member_expression': {
        const obj = node.childForFieldName('object');
        const prop = node.childForFieldName('property');
        return obj && prop && (prop.type === 'property_identifier' || prop.type === 'private_property_identifier')
          ? { k: 'member', obj: this.expr(obj), n: prop.text }
          : { k: 'other' };
      }
      case 'call_expression': {
        const spec = requireSpec(node);
        return spec === null ? { k: 'other' } : { k: 'require', spec };
      }
      case 'new_expression': {
        const cls = node.childForFieldName('constructor');
        return cls ? { k: 'new', cls: this.expr(cls) } : { k: 'other' };
      }
      default:
        return { k: 'other' };
    }
  }
}

// ---------------------------------------------------------------- node helpers

/** Strips parentheses and TypeScript-only wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`). */
function unwrap(node: Node): Node {
  let cur = node;
  while (WRAPPERS.has(cur.type)) {
    const inner = cur.namedChildren.filter((c) => c && c.type !== 'comment') as Node[];
    const next = cur.type === 'type_assertion' ? inner[inner.length - 1] : inner[0];
    if (!next || (cur.type === 'parenthesized_expression' && inner.length !== 1)) break;
    cur = next;
  }
  return cur;
}

/** The first child that is not a decorator or a comment: where a definition's own line starts. */
function firstCodeToken(node: Node): Node {
  for (const c of node.children) if (c && c.type !== 'decorator' && c.type !== 'comment') return c;
  return node;
}

function hasToken(node: Node, token: string): boolean {
  const name = node.childForFieldName('name') ?? node.childForFieldName('property');
  for (const c of node.children) {
    if (!c || (name && c.startIndex >= name.startIndex)) break;
    if (!c.isNamed && c.type === token) return true;
  }
  return false;
}

/** The nearest sibling statement in a direction, skipping comments. */
function codeSibling(node: Node, dir: 1 | -1): Node | null {
  let s = dir > 0 ? node.nextNamedSibling : node.previousNamedSibling;
  while (s && s.type === 'comment') s = dir > 0 ? s.nextNamedSibling : s.previousNamedSibling;
  return s;
}

/** A class `m(a: string): void;` followed (past other signatures) by `m(a) { ... }`, or after the first signature. */
function isOverloadSignature(node: Node, name: string): boolean {
  const named = (s: Node | null) => !!s && propertyName(s.childForFieldName('name')) === name;
  let prev = codeSibling(node, -1);
  while (prev?.type === 'decorator') prev = codeSibling(prev, -1);
  if (prev?.type === 'method_signature' && named(prev)) return true;
  let next = codeSibling(node, 1);
  while (next && (next.type === 'decorator' || (next.type === 'method_signature' && named(next)))) next = codeSibling(next, 1);
  return next?.type === 'method_definition' && named(next);
}

/** A member or property name as written: identifiers, `#private`, string and number keys; null when computed. */
function propertyName(node: Node | null): string | null {
  if (!node) return null;
  switch (node.type) {
    case 'property_identifier':
    case 'private_property_identifier':
    case 'identifier':
    case 'number':
      return node.text;
    case 'string':
      return stringValue(node);
    default:
      return null;
  }
}

/** A string literal's value when it has no escapes or substitutions worth decoding (module specifiers, keys). */
function stringValue(node: Node | null): string | null {
  if (!node || node.type !== 'string') return null;
  return node.namedChildren.map((c) => (c?.type === 'string_fragment' ? c.text : c?.type === 'escape_sequence' ? JSON.parse(`"${c.text}"`) : '')).join('');
}

function moduleExportName(node: Node | null): string | null {
  if (!node) return null;
  return node.type === 'string' ? stringValue(node) : node.text;
}

/** `require('spec')` with a literal specifier. */
function requireSpec(node: Node): string | null {
  if (node.type !== 'call_expression') return null;
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'identifier' || fn.text !== 'require') return null;
  const args = node.childForFieldName('arguments');
  const first = args?.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
  return stringValue(first);
}

/** '' for `module.exports`, the name for `exports.name` / `module.exports.name`, else null. */
function exportTarget(left: Node): string | null {
  if (left.type !== 'member_expression') return null;
  const obj = left.childForFieldName('object');
  const prop = left.childForFieldName('property')?.text;
  if (!obj || !prop) return null;
  if (obj.type === 'identifier' && obj.text === 'module' && prop === 'exports') return '';
  if (obj.type === 'identifier' && obj.text === 'exports') return prop;
  if (obj.type === 'member_expression' && obj.text.replace(/\s+/g, '') === 'module.exports') return prop;
  return null;
}

/** `a.b.c` made only of names and `this`, else null. */
function staticPath(node: Node): string | null {
  if (node.type === 'identifier' || node.type === 'this') return node.text;
  if (node.type !== 'member_expression') return null;
  const obj = node.childForFieldName('object');
  const prop = node.childForFieldName('property');
  if (!obj || prop?.type !== 'property_identifier') return null;
  const head = staticPath(obj);
  return head === null ? null : `${head}.${prop.text}`;
}

/** Names an exported declaration binds: `export function f`, `export const a = 1, { b } = o`, `export class C`. */
function declaredNames(decl: Node): string[] {
  const inner = decl.type === 'ambient_declaration' ? (decl.namedChildren.find((c) => c && c.type !== 'comment') ?? decl) : decl;
  if (inner.type === 'lexical_declaration' || inner.type === 'variable_declaration') {
    const out: string[] = [];
    const collect = (p: Node | null) => {
      if (!p) return;
      if (p.type === 'identifier' || p.type === 'shorthand_property_identifier_pattern') out.push(p.text);
      else if (p.type === 'pair_pattern') collect(p.childForFieldName('value'));
      else if (p.type === 'assignment_pattern' || p.type === 'object_assignment_pattern') collect(p.childForFieldName('left'));
      else for (const c of p.namedChildren) if (c && c.type !== 'comment') collect(c);
    };
    for (const d of inner.namedChildren) if (d?.type === 'variable_declarator') collect(d.childForFieldName('name'));
    return out;
  }
  const name = inner.childForFieldName('name');
  return name && name.type !== 'string' ? [name.text] : [];
}
