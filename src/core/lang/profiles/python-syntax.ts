import type { Node, Tree } from 'web-tree-sitter';
import { cleandoc, evaluateStringLiteral } from '../../index/python/docstring';
import type { SyntaxDefinition } from './profile';

/**
 * What the strict verdicts read from a parsed Python file: its code tokens (everything but comments and
 * docstrings, with block structure, so a re-indented statement counts as a change) and its definitions with their
 * docstrings. Lines are 0-based rows.
 */

export type { SyntaxDefinition } from './profile';
export { sameTokens } from './profile';

function firstStatement(block: Node): Node | null {
  for (const c of block.namedChildren) if (c && c.type !== 'comment') return c;
  return null;
}

/** The string node of a docstring statement (`"""…"""`, `r'''…'''`, implicit concatenation), or null. */
function docstringExpression(stmt: Node | null): Node | null {
  if (!stmt || stmt.type !== 'expression_statement' || stmt.namedChildCount !== 1) return null;
  let e = stmt.namedChildren[0]!;
  while (e.type === 'parenthesized_expression' && e.namedChildCount === 1) e = e.namedChildren[0]!;
  return e.type === 'string' || e.type === 'concatenated_string' ? e : null;
}

/** `ast.get_docstring` of a body: the cleaned text of a plain-str first statement, null for bytes/f-strings/empty. */
function docstringText(block: Node | null): string | null {
  if (!block) return null;
  const e = docstringExpression(firstStatement(block));
  if (!e) return null;
  const parts = e.type === 'string' ? [e] : (e.namedChildren.filter((c) => c?.type === 'string') as Node[]);
  let text = '';
  for (const p of parts) {
    const v = evaluateStringLiteral(p.text);
    if (v === null) return null;
    text += v;
  }
  return cleandoc(text) || null;
}

/** Docstring statements: the first statement of the module and of every def/class body, when it is a string. */
function docstringStatements(root: Node): Set<number> {
  const ids = new Set<number>();
  const visit = (body: Node | null) => {
    if (!body) return;
    const first = firstStatement(body);
    if (first && docstringExpression(first)) ids.add(first.id);
  };
  visit(root);
  for (const d of root.descendantsOfType(['function_definition', 'class_definition'])) if (d) visit(d.childForFieldName('body'));
  return ids;
}

/**
 * Leaf tokens (type and text) outside comments and docstrings, with `{`/`}` around each block. Walks with a
 * cursor: node objects are costly to create in web-tree-sitter, and a large file has tens of thousands of leaves.
 */
export function codeTokens(tree: Tree): string[] {
  const skip = docstringStatements(tree.rootNode);
  const out: string[] = [];
  const c = tree.walk();
  try {
    for (;;) {
      const type = c.nodeType;
      const skipped = type === 'comment' || type === 'line_continuation' || skip.has(c.nodeId);
      if (!skipped && type === 'block') out.push('{');
      if (!skipped && c.gotoFirstChild()) continue;
      if (!skipped && type === 'block') out.push('}'); // an empty block
      if (!skipped && type !== 'block' && (c.startIndex !== c.endIndex || c.currentNode.isMissing)) out.push(`${type}\u0000${c.nodeText}`);
      // Leave this node: close blocks on the way up until a next sibling exists.
      for (;;) {
        if (c.gotoNextSibling()) break;
        if (!c.gotoParent()) return out;
        if (c.nodeType === 'block') out.push('}');
      }
    }
  } finally {
    c.delete();
  }
}

/**
 * True when `after` certainly has the same code tokens as `before` (what `sameTokens(codeTokens(before),
 * codeTokens(after))` would say), found without walking either whole tree. `after` must have been parsed
 * incrementally from an edited copy of `before`: it then shares every subtree the edit did not touch, and a shared
 * subtree keeps its node ids, so the walk descends only along the edited path. False means "not
 * shown" (children not aligned one to one, a type or leaf differs): compare the full token lists then.
 */
export function sameCodeTokensQuick(before: Tree, after: Tree): boolean {
  return sameTokensUnder(before.rootNode, after.rootNode, true, true);
}

/** `holdsDocstringA/B`: the node is the module or a def/class body, whose first statement may be a docstring. */
function sameTokensUnder(a: Node, b: Node, holdsDocstringA: boolean, holdsDocstringB: boolean): boolean {
  if (a.id === b.id && holdsDocstringA === holdsDocstringB) return true;
  const type = a.type;
  if (type !== b.type) return false;
  const leafA = a.childCount === 0;
  const leafB = b.childCount === 0;
  if (leafA || leafB) return leafA && leafB && (type === 'block' || leafText(a) === leafText(b));
  const kidsA = tokenChildren(a, holdsDocstringA);
  const kidsB = tokenChildren(b, holdsDocstringB);
  if (kidsA.length !== kidsB.length) return false;
  const hasBody = type === 'function_definition' || type === 'class_definition';
  const bodyA = hasBody ? a.childForFieldName('body')?.id : undefined;
  const bodyB = hasBody ? b.childForFieldName('body')?.id : undefined;
  for (let i = 0; i < kidsA.length; i++) {
    const x = kidsA[i]!;
    const y = kidsB[i]!;
    if (!sameTokensUnder(x, y, hasBody && x.id === bodyA, hasBody && y.id === bodyB)) return false;
  }
  return true;
}

/** The token a leaf adds to codeTokens (its text), or null for a zero-width leaf that is not a missing token. */
function leafText(n: Node): string | null {
  return n.startIndex !== n.endIndex || n.isMissing ? n.text : null;
}

/** Children that add tokens: not comments, line continuations, or the docstring statement codeTokens skips. */
function tokenChildren(node: Node, holdsDocstring: boolean): Node[] {
  const first = holdsDocstring ? firstStatement(node) : null;
  const docstring = first && docstringExpression(first) ? first.id : null;
  const out: Node[] = [];
  for (const c of node.children) {
    if (!c || c.id === docstring) continue;
    const type = c.type;
    if (type !== 'comment' && type !== 'line_continuation') out.push(c);
  }
  return out;
}

export function definitionsOf(tree: Tree): SyntaxDefinition[] {
  const out: SyntaxDefinition[] = [];
  for (const n of tree.rootNode.descendantsOfType(['function_definition', 'class_definition'])) {
    if (!n) continue;
    const name = n.childForFieldName('name');
    if (!name) continue;
    const decorated = n.parent?.type === 'decorated_definition' ? n.parent : null;
    out.push({
      name: name.text,
      type: n.type === 'class_definition' ? 'class' : 'function',
      lineStart: n.startPosition.row,
      decoratorLine: decorated ? decorated.startPosition.row : n.startPosition.row,
      docstring: docstringText(n.childForFieldName('body')),
    });
  }
  return out;
}
