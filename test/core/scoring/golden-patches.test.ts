import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TreeSitter } from '../../../src/core/lang/treesitter';
import { applyFilePatch, parseGitDiff, patchPath } from '../../../src/core/scoring/git-diff';
import { scoreEpisode } from '../../../src/core/scoring/score';
import type { DependencyReferenceVerdict } from '../../../src/core/scoring/reference-dep';
import type { LocalizationReferenceVerdict } from '../../../src/core/scoring/reference-localize';
import type { StrictDependencyVerdict } from '../../../src/core/scoring/strict-dep';
import type { StrictLocalizationVerdict } from '../../../src/core/scoring/strict-localize';
import { startStateReader } from '../../../src/core/tasks/func-localize/start-state';
import { loadTreeSitterNode } from '../../../src/node/wasm';
import { FIXTURES, TOY_SHOP } from '../../data';

/**
 * Hand-written patches against the toy-shop fixture (issue 3 §6): right target, wrong target, code changed,
 * docstring added elsewhere, duplicate comments, misplaced comments, extra dependencies, an empty patch. Each is
 * scored by both verdicts; where they differ, the case shows one of the reference's quirks.
 */
const REPO = TOY_SHOP;
const readOriginal = (p: string) => (existsSync(join(REPO, p)) ? readFileSync(join(REPO, p), 'utf8') : undefined);
const firstLine = (f: string) => JSON.parse(readFileSync(resolve(FIXTURES, 'scoring', f), 'utf8').split('\n')[0]!) as Record<string, unknown>;
const FL = firstLine('func-localize.instances.jsonl'); // format_price, docstring lines 41-44 removed in the workspace
const DS = firstLine('dep-search.instances.jsonl'); // Cart.summary → format_price, Cart.total, Container.describe

const MONEY = 'diff --git a/shop/util/money.py b/shop/util/money.py\n--- a/shop/util/money.py\n+++ b/shop/util/money.py\n';
const CART = 'diff --git a/shop/core/cart.py b/shop/core/cart.py\n--- a/shop/core/cart.py\n+++ b/shop/core/cart.py\n';
const BASE = 'diff --git a/shop/core/base.py b/shop/core/base.py\n--- a/shop/core/base.py\n+++ b/shop/core/base.py\n';
const C = (name: string) => `# this function/class is called by the ${name} function`;

const TARGET_DOCSTRING = `@@ -41,3 +41,6 @@ def logged(fn):
 def format_price(money):
+    """
+    Format money.
+    """
     whole, cents = divmod(money.cents, 100)
     return f"{whole}.{cents:02d} {money.currency}"
`;

/** Function localization: patches against the docstring-less start state. */
const FL_CASES: Record<string, string> = {
  right_target_single_quotes: `${MONEY}@@ -41,3 +41,7 @@ def logged(fn):
 def format_price(money):
+    '''Format money for display.
+
+    Returns "<whole>.<cents> <currency>".
+    '''
     whole, cents = divmod(money.cents, 100)
     return f"{whole}.{cents:02d} {money.currency}"
`,
  wrong_target_far: `${MONEY}@@ -34,2 +34,5 @@ class CurrencyMismatch(ValueError):
 def logged(fn):
+    """
+    Wrap fn, keeping its metadata.
+    """
     @functools.wraps(fn)
`,
  wrong_target_next: `${MONEY}@@ -46,2 +46,5 @@ def format_price(money):
 def format(value):
+    """
+    Convert value to text.
+    """
     return str(value)
`,
  code_changed: `${MONEY}@@ -41,3 +41,6 @@ def logged(fn):
 def format_price(money):
+    """
+    Format money.
+    """
-    whole, cents = divmod(money.cents, 100)
+    whole, cents = divmod(money.cents, 100.0)
     return f"{whole}.{cents:02d} {money.currency}"
`,
  long_docstring_elsewhere_first: `${MONEY}@@ -17,2 +17,10 @@ class Money:
     def zero(cls, currency="EUR"):
+        """
+        The zero amount.
+
+        Args:
+            currency: the currency code.
+        Returns:
+            Money with no cents.
+        """
         return cls(0, currency)
@@ -41,3 +49,6 @@ def logged(fn):
 def format_price(money):
+    """
+    Format money.
+    """
     whole, cents = divmod(money.cents, 100)
     return f"{whole}.{cents:02d} {money.currency}"
`,
  scratch_file_added: `${MONEY}${TARGET_DOCSTRING}diff --git a/scratch.py b/scratch.py
new file mode 100644
--- /dev/null
+++ b/scratch.py
@@ -0,0 +1,2 @@
+from shop.util.money import format_price
+print(format_price)
`,
  empty: '',
  // CPython refuses the file (TabError): the tab is 8 columns to tree-sitter and 1 to CPython's second measure.
  tab_in_nested_line: `${MONEY}@@ -36,3 +36,3 @@ def logged(fn):
     def wrapper(*args, **kwargs):
-        return fn(*args, **kwargs)
+\treturn fn(*args, **kwargs)
     return wrapper
${TARGET_DOCSTRING}`,
  // The same function re-indented with tabs throughout: whitespace is not code, and CPython accepts it.
  function_reindented_with_tabs: `${MONEY}@@ -33,8 +33,8 @@ class CurrencyMismatch(ValueError):
 
 def logged(fn):
-    @functools.wraps(fn)
-    def wrapper(*args, **kwargs):
-        return fn(*args, **kwargs)
-    return wrapper
+\t@functools.wraps(fn)
+\tdef wrapper(*args, **kwargs):
+\t\treturn fn(*args, **kwargs)
+\treturn wrapper
 
 
${TARGET_DOCSTRING}`,
  trailing_spaces_on_code_line: `${MONEY}@@ -37,3 +37,3 @@ def logged(fn):
         return fn(*args, **kwargs)
-    return wrapper
+    return wrapper   
 
${TARGET_DOCSTRING}`,
};

type FlRow = [
  reference: Pick<LocalizationReferenceVerdict, 'target_docstring_edited' | 'comments_only' | 'success'>,
  strict: Pick<StrictLocalizationVerdict, 'target_docstring_added' | 'code_unchanged' | 'success'> & Partial<Pick<StrictLocalizationVerdict, 'parses'>>,
];
const FL_EXPECTED: Record<string, FlRow> = {
  right_target_single_quotes: [
    { target_docstring_edited: true, comments_only: true, success: true },
    { target_docstring_added: true, code_unchanged: true, success: true },
  ],
  wrong_target_far: [
    { target_docstring_edited: false, comments_only: true, success: false },
    { target_docstring_added: false, code_unchanged: true, success: false },
  ],
  // Quirk: the range is the ORIGINAL file's, which still covers the 4 deleted docstring lines, so the next function's docstring counts.
  wrong_target_next: [
    { target_docstring_edited: true, comments_only: true, success: true },
    { target_docstring_added: false, code_unchanged: true, success: false },
  ],
  code_changed: [
    { target_docstring_edited: true, comments_only: false, success: false },
    { target_docstring_added: true, code_unchanged: false, success: false },
  ],
  // Quirk: the 8 lines added above push the real docstring out of the unshifted range.
  long_docstring_elsewhere_first: [
    { target_docstring_edited: false, comments_only: true, success: false },
    { target_docstring_added: true, code_unchanged: true, success: true },
  ],
  scratch_file_added: [
    { target_docstring_edited: true, comments_only: false, success: false },
    { target_docstring_added: true, code_unchanged: false, success: false },
  ],
  empty: [
    { target_docstring_edited: false, comments_only: false, success: false },
    { target_docstring_added: false, code_unchanged: true, success: false },
  ],
  tab_in_nested_line: [
    { target_docstring_edited: true, comments_only: false, success: false },
    { target_docstring_added: true, code_unchanged: true, parses: false, success: false },
  ],
  function_reindented_with_tabs: [
    { target_docstring_edited: true, comments_only: false, success: false },
    { target_docstring_added: true, code_unchanged: true, parses: true, success: true },
  ],
  trailing_spaces_on_code_line: [
    { target_docstring_edited: true, comments_only: false, success: false },
    { target_docstring_added: true, code_unchanged: true, parses: true, success: true },
  ],
};

const BASE_OK = `${BASE}@@ -7,5 +7,6 @@ class Container:
     def count(self):
         return len(self.items)
 
+    ${C('summary')}
     def describe(self):
         return f"{type(self).__name__} with {self.count()} items"
`;
const CART_TOTAL_OK = `@@ -30,6 +30,7 @@ class Cart(Container):
         self.items.append(item)
         return self.count()
 
+    ${C('summary')}
     def total(self):
         """Return the cart total as Money."""
         result = Money.zero()
`;

/** The collision instance: two dependencies named `total` in one file (Item.total and Cart.total). */
const COLLIDE: Record<string, unknown> = {
  instance_id: 'golden__collide',
  repo: 'toy/shop',
  base_commit: 'fixture',
  target_function_name: 'audit',
  target_function_file: 'shop/core/cart.py',
  target_function_line_start: 45,
  target_function_line_end: 54,
  dependencies: [
    { name: 'total', file_path: 'shop/core/cart.py', line_start: 11, line_end: 12, type: 'function', decorator_line: 11 },
    { name: 'total', file_path: 'shop/core/cart.py', line_start: 32, line_end: 37, type: 'function', decorator_line: 32 },
  ],
  num_dependencies: 2,
};
/** The toy-shop reference record for Cart.total: its first dependency Money.zero is decorated (@classmethod). */
const TOTAL = {
  instance_id: 'golden__total',
  repo: 'toy/shop',
  base_commit: 'fixture',
  ...(readFileSync(resolve(FIXTURES, 'toy-shop.deps.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((r) => r.target_function_name === 'total' && r.target_function_line_start === 32) as Record<string, unknown>),
};

/** Dependency search: patches against the original repo. */
const DS_CASES: Record<string, [Record<string, unknown>, string]> = {
  misplaced_in_body: [
    DS,
    `${BASE_OK}${CART}${CART_TOTAL_OK}${MONEY}@@ -45,2 +45,3 @@ def format_price(money):
     """
+    ${C('summary')}
     whole, cents = divmod(money.cents, 100)
`,
  ],
  misplaced_blank_line_before_def: [
    DS,
    `${BASE_OK}${CART}${CART_TOTAL_OK}${MONEY}@@ -38,4 +38,6 @@ def logged(fn):
     return wrapper
 
+${C('summary')}
+
 
 def format_price(money):
`,
  ],
  extra_dependencies: [
    DS,
    `${BASE_OK}${CART}@@ -13,6 +13,7 @@ class Item:
         return Money(self.price.cents * qty, self.price.currency)
 
 
+${C('summary')}
 def make_item(name, cents) -> Item:
     return Item(name, Money(cents))
 
@@ -30,6 +31,7 @@ class Cart(Container):
         self.items.append(item)
         return self.count()
 
+    ${C('summary')}
     def total(self):
         """Return the cart total as Money."""
         result = Money.zero()
${MONEY}@@ -13,6 +13,7 @@ class Money:
         check_currency(self, other)
         return Money(self.cents + other.cents, self.currency)
 
+    ${C('summary')}
     @classmethod
     def zero(cls, currency="EUR"):
         return cls(0, currency)
@@ -38,6 +39,7 @@ def logged(fn):
     return wrapper
 
 
+${C('summary')}
 def format_price(money):
     """Format an amount as a human-readable price string.
 
`,
  ],
  duplicate_comments: [
    DS,
    `${BASE_OK}${CART}@@ -30,6 +30,8 @@ class Cart(Container):
         self.items.append(item)
         return self.count()
 
+    ${C('summary')}
+    # Called by summary.
     def total(self):
         """Return the cart total as Money."""
         result = Money.zero()
`,
  ],
  same_name_dependencies: [
    COLLIDE,
    `${CART}@@ -9,6 +9,7 @@ class Item:
         self.name = name
         self.price = price
 
+    ${C('audit')}
     def total(self, qty: int) -> Money:
         return Money(self.price.cents * qty, self.price.currency)
 
@@ -30,6 +31,7 @@ class Cart(Container):
         self.items.append(item)
         return self.count()
 
+    ${C('audit')}
     def total(self):
         """Return the cart total as Money."""
         result = Money.zero()
`,
  ],
  above_decorator: [
    TOTAL,
    `${MONEY}@@ -13,6 +13,7 @@ class Money:
         check_currency(self, other)
         return Money(self.cents + other.cents, self.currency)
 
+    ${C('total')}
     @classmethod
     def zero(cls, currency="EUR"):
         return cls(0, currency)
`,
  ],
  between_decorator_and_def: [
    TOTAL,
    `${MONEY}@@ -14,6 +14,7 @@ class Money:
         return Money(self.cents + other.cents, self.currency)
 
     @classmethod
+    ${C('total')}
     def zero(cls, currency="EUR"):
         return cls(0, currency)
 
`,
  ],
  code_removed: [
    DS,
    `${BASE}@@ -7,5 +7,5 @@ class Container:
     def count(self):
         return len(self.items)
 
-    def describe(self):
+    ${C('summary')}
         return f"{type(self).__name__} with {self.count()} items"
`,
  ],
  empty: [DS, ''],
  // Whitespace is not code in either strict verdict (function localization above, dependency search here).
  trailing_spaces_on_code_line: [
    DS,
    `${BASE_OK}${CART}${CART_TOTAL_OK}${MONEY}@@ -38,4 +38,5 @@ def logged(fn):
-    return wrapper
+    return wrapper   
 
 
+${C('summary')}
 def format_price(money):
`,
  ],
  tab_in_nested_line: [
    DS,
    `${BASE_OK}${CART}${CART_TOTAL_OK}${MONEY}@@ -36,6 +36,7 @@ def logged(fn):
     def wrapper(*args, **kwargs):
-        return fn(*args, **kwargs)
+\treturn fn(*args, **kwargs)
     return wrapper
 
 
+${C('summary')}
 def format_price(money):
`,
  ],
};

type DsCounts = Pick<DependencyReferenceVerdict, 'true_positives' | 'false_positives' | 'duplicates' | 'full_success' | 'comments_only'>;
const DS_EXPECTED: Record<string, [DsCounts, DsCounts & { misplaced: number }]> = {
  // Quirk: the reference's ±5-line window credits a comment inside the body.
  misplaced_in_body: [
    { true_positives: 3, false_positives: 0, duplicates: 0, full_success: true, comments_only: true },
    { true_positives: 2, false_positives: 0, duplicates: 0, full_success: false, comments_only: true, misplaced: 1 },
  ],
  misplaced_blank_line_before_def: [
    { true_positives: 3, false_positives: 0, duplicates: 0, full_success: true, comments_only: true },
    { true_positives: 2, false_positives: 0, duplicates: 0, full_success: false, comments_only: true, misplaced: 1 },
  ],
  extra_dependencies: [
    { true_positives: 3, false_positives: 2, duplicates: 0, full_success: false, comments_only: true },
    { true_positives: 3, false_positives: 2, duplicates: 0, full_success: false, comments_only: true, misplaced: 0 },
  ],
  duplicate_comments: [
    { true_positives: 2, false_positives: 0, duplicates: 1, full_success: false, comments_only: true },
    { true_positives: 2, false_positives: 0, duplicates: 1, full_success: false, comments_only: true, misplaced: 0 },
  ],
  // Quirk: dependencies tracked by name; the strict verdict keys them by file and line.
  same_name_dependencies: [
    { true_positives: 1, false_positives: 0, duplicates: 1, full_success: false, comments_only: true },
    { true_positives: 2, false_positives: 0, duplicates: 0, full_success: true, comments_only: true, misplaced: 0 },
  ],
  above_decorator: [
    { true_positives: 1, false_positives: 0, duplicates: 0, full_success: false, comments_only: true },
    { true_positives: 1, false_positives: 0, duplicates: 0, full_success: false, comments_only: true, misplaced: 0 },
  ],
  between_decorator_and_def: [
    { true_positives: 1, false_positives: 0, duplicates: 0, full_success: false, comments_only: true },
    { true_positives: 1, false_positives: 0, duplicates: 0, full_success: false, comments_only: true, misplaced: 0 },
  ],
  // Quirk: removed lines are not checked by the reference's comments_only.
  code_removed: [
    { true_positives: 1, false_positives: 0, duplicates: 0, full_success: false, comments_only: true },
    { true_positives: 0, false_positives: 0, duplicates: 0, full_success: false, comments_only: false, misplaced: 1 },
  ],
  empty: [
    { true_positives: 0, false_positives: 0, duplicates: 0, full_success: false, comments_only: false },
    { true_positives: 0, false_positives: 0, duplicates: 0, full_success: false, comments_only: false, misplaced: 0 },
  ],
  trailing_spaces_on_code_line: [
    { true_positives: 3, false_positives: 0, duplicates: 0, full_success: false, comments_only: false },
    { true_positives: 3, false_positives: 0, duplicates: 0, full_success: true, comments_only: true, misplaced: 0 },
  ],
  tab_in_nested_line: [
    { true_positives: 3, false_positives: 0, duplicates: 0, full_success: false, comments_only: false },
    { true_positives: 3, false_positives: 0, duplicates: 0, full_success: false, comments_only: true, misplaced: 0 },
  ],
};

let ts: TreeSitter;
let work: string;
beforeAll(async () => {
  ts = await loadTreeSitterNode(['python']);
  work = mkdtempSync(join(tmpdir(), 'hgym-golden-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const output = (id: unknown, patch: string) => ({ instance_id: String(id), history: [], test_result: { git_patch: patch } });
const pick = <T extends object>(o: T, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));

describe('golden function-localization patches', () => {
  it.each(Object.keys(FL_CASES))('%s', (name) => {
    const s = scoreEpisode(FL as never, output(FL.instance_id, FL_CASES[name]!), { strict: { readFile: readOriginal, ts } });
    const [ref, strict] = FL_EXPECTED[name]!;
    expect(pick(s.reference as object, Object.keys(ref))).toEqual(ref);
    expect(pick(s.strict!, Object.keys(strict))).toEqual(strict);
  });
});

describe('golden dependency-search patches', () => {
  it.each(Object.keys(DS_CASES))('%s', (name) => {
    const [instance, patch] = DS_CASES[name]!;
    const s = scoreEpisode(instance as never, output(instance.instance_id, patch), { strict: { readFile: readOriginal, ts } });
    const [ref, strict] = DS_EXPECTED[name]!;
    expect(pick(s.reference as object, Object.keys(ref))).toEqual(ref);
    expect(pick(s.strict!, Object.keys(strict))).toEqual(strict);
    const v = s.strict as StrictDependencyVerdict;
    expect(v.true_positives + v.false_negatives).toBe((instance.dependencies as unknown[]).length);
  });
});

/** The hand-written patches are real: `git apply` takes each one, and our applier gives the same files. */
describe('the golden patches apply with git exactly as with our applier', () => {
  const cases: [string, string, Record<string, unknown>, 'func-localize' | 'dep-search'][] = [
    ...Object.entries(FL_CASES).map(([n, p]) => [`fl:${n}`, p, FL, 'func-localize'] as [string, string, Record<string, unknown>, 'func-localize']),
    ...Object.entries(DS_CASES).map(([n, [i, p]]) => [`ds:${n}`, p, i, 'dep-search'] as [string, string, Record<string, unknown>, 'dep-search']),
  ].filter(([, p]) => p !== '');
  it.each(cases)('%s', (name, patch, instance, task) => {
    const dir = join(work, name.replace(/[^a-z_:]/gi, '_'));
    cpSync(REPO, dir, { recursive: true });
    const start = task === 'dep-search' ? readOriginal : startStateReader(instance as never, readOriginal);
    for (const f of ['shop/util/money.py', 'shop/core/cart.py', 'shop/core/base.py']) writeFileSync(join(dir, f), start(f)!);
    writeFileSync(join(dir, 'change.patch'), patch);
    execFileSync('git', ['apply', 'change.patch'], { cwd: dir });
    for (const f of parseGitDiff(patch).files) {
      const before = f.oldPath === null ? '' : start(f.oldPath)!;
      const ours = applyFilePatch(before, f);
      expect(ours.ok, name).toBe(true);
      expect(ours.ok && ours.text).toBe(readFileSync(join(dir, patchPath(f)), 'utf8'));
    }
  });
});
