import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceShell } from '../../../src/core/episode/shell/shell';
import { Workspace } from '../../../src/core/episode/workspace';
import { WorkspacePaths } from '../../../src/core/episode/workspace-paths';
import { realBash } from './shell/gnu';
import { copyToyShop, toyShopFiles } from './toy-shop';

/**
 * The workspace shell against the real tools: the same command line is run by bash (GNU coreutils, grep, sed,
 * find, LC_ALL=C) in a copy of the toy-shop fixture and by our shell over the same files; output and exit status
 * must agree. Recursive listings are compared as sorted lines, since GNU tools walk folders in disk order.
 */

const ROOT = '/workspace/toy__shop__fixture';
let copy: { dir: string; cleanup: () => void };
let files: { path: string; text: string }[];

beforeAll(async () => {
  copy = copyToyShop();
  files = await toyShopFiles();
});
afterAll(() => copy.cleanup());

function newShell(cwd = ''): WorkspaceShell {
  const workspace = new Workspace(new Map(files.map((f) => [f.path, f.text])));
  return new WorkspaceShell({ workspace, paths: new WorkspacePaths(ROOT), cwd });
}

function real(command: string, cwd = ''): { output: string; code: number } {
  return realBash(join(copy.dir, cwd), command);
}

async function ours(command: string, cwd = ''): Promise<{ output: string; code: number }> {
  const r = await newShell(cwd).run(command);
  return { output: r.output, code: r.code };
}

const sortedLines = (s: string) => s.split('\n').filter(Boolean).sort();

const EXACT = [
  'cat shop/util/money.py',
  'cat -n shop/core/base.py',
  'cat shop/core/base.py tests/test_cart.py',
  'cat < shop/core/base.py',
  'head -n 5 shop/core/cart.py',
  'head -3 shop/core/cart.py',
  'head shop/core/cart.py shop/core/base.py',
  'head -n -68 shop/core/cart.py',
  'tail -n 4 shop/core/cart.py',
  'tail -n +70 shop/core/cart.py',
  'tail -2 shop/util/money.py',
  'wc -l shop/core/cart.py',
  'wc shop/core/cart.py',
  'wc -l shop/core/*.py',
  'wc -w -l shop/util/money.py',
  'cat shop/core/cart.py | wc -l',
  'cat shop/core/cart.py | wc',
  'wc -c shop/util/money.py shop/core/cart.py',
  "sed -n '5,9p' shop/core/cart.py",
  "sed -n '70,$p' shop/core/cart.py",
  "sed -n '3p;8,9p' shop/core/cart.py",
  "sed -n '9,5p' shop/core/cart.py",
  "sed -n '$p' shop/util/money.py",
  'grep -n def shop/core/cart.py',
  'grep -c def shop/core/cart.py',
  "grep -in 'MONEY' shop/util/money.py",
  'grep -w total shop/core/cart.py',
  "grep -nE 'def (total|summary)' shop/core/cart.py",
  "grep 'def \\(total\\|summary\\)' shop/core/cart.py",
  "grep -n -A2 'def total' shop/core/cart.py",
  'grep -n -B1 -A1 return shop/core/base.py',
  'grep -C1 -n self shop/core/base.py',
  "grep -v '^ *$' shop/core/base.py",
  "grep -o 'self\\.[a-z_]*' shop/core/base.py",
  'grep def shop/core/base.py shop/util/money.py',
  'grep -l def shop/core/base.py tests/test_cart.py shop/core/__init__.py',
  'grep -L def shop/core/base.py tests/test_cart.py',
  'grep -h def shop/core/base.py shop/util/money.py',
  "grep -x 'import functools' shop/util/money.py",
  "grep -F '{money' shop/util/money.py",
  "grep '[[:upper:]][a-z]*(' shop/core/cart.py",
  'grep -m2 -n self shop/core/cart.py',
  "grep -nw 'fmt' shop/core/cart.py",
  "grep 'x*' shop/core/__init__.py",
  "grep -c '' shop/util/money.py",
  'grep -n "^class" shop/core/*.py',
  'ls',
  'ls shop',
  'ls shop/core shop/util',
  'ls shop/core/cart.py shop',
  'ls shop/*',
  'ls -a tests',
  'ls -R shop',
  'echo hello   world',
  `echo "a  b" 'c  d' e\\ f`,
  'echo -n x',
  `echo 'it'"'"'s' "\\"quoted\\""`,
  'echo "*.py" *.py shop/*.py',
  'echo shop/c*',
  'cat shop/core/cart.py | grep -n def | head -3',
  'find . -name "*.py" | xargs grep -l Money | sort',
  'ls shop | sort -r',
  'grep -rh import . | sort | uniq -c',
  'grep -n def shop/core/cart.py | cut -d: -f1',
  'grep -n def shop/core/cart.py | cut -d: -f1,3-',
  'cut -c1-12 shop/core/base.py',
  "cut -d' ' -f2 -s shop/util/money.py",
  'cut -f1 shop/core/base.py',
  'nl shop/core/base.py',
  "nl -ba shop/util/money.py | sed -n '38,44p'",
  'cat shop/core/base.py | nl -b a -w 3',
  'cd shop && ls',
  'cat nope || echo fallback',
  'false && echo no; echo yes',
  'true || echo no',
  'cat nope.py',
  'cat shop',
  'head nope',
  'head shop',
  'tail nope',
  "grep -E 'a(' shop/core/cart.py",
  "grep 'a\\(' shop/core/cart.py",
  "grep '[abc' shop/core/cart.py",
  'grep foo shop',
  'grep foo nope.py',
  'grep zzz shop/core/cart.py',
  'ls nope',
  'wc nope',
  "sed -n '1p' nope",
  'find nope',
  'cat shop/core/base.py 2>/dev/null | head -2',
  'cat nope 2>/dev/null',
  'cat nope 2>&1 | wc -l',
];

describe('shell commands give the output and status of the real tools', () => {
  it.each(EXACT)('%s', async (command) => {
    const expected = real(command);
    expect(await ours(command)).toEqual(expected);
  });

  it.each(['ls', 'ls ..', 'cat base.py | head -1', 'grep -n fmt cart.py', 'ls ../util'])('in shop/core: %s', async (command) => {
    expect(await ours(command, 'shop/core')).toEqual(real(command, 'shop/core'));
  });
});

const RECURSIVE = [
  'grep -rn format_price .',
  'grep -rn format_price',
  "grep -rln 'import' shop",
  "grep -rn --include='*.py' 'class ' .",
  'grep -rn --include=money.py def .',
  'grep -rc def shop',
  'grep -rn --exclude-dir=core self shop',
  'grep -ri cart tests shop/core',
  'find .',
  'find . -name "*.py"',
  'find shop -type d',
  "find . -name 'c*' -type f",
  'find shop -maxdepth 1',
  "find . -path '*core*' -name '*.py'",
  "find . -iname 'CART.PY'",
  "find . -name '*.py' -not -name '__init__.py'",
  "find . \\( -name 'base.py' -o -name 'money.py' \\) -type f",
  'find shop/ -mindepth 2 -type f',
  'find . -empty',
  'grep -rn def . | wc -l',
];

describe('recursive commands list the same lines as the real tools (in sorted order)', () => {
  it.each(RECURSIVE)('%s', async (command) => {
    const expected = real(command);
    const got = await ours(command);
    expect(got.code).toBe(expected.code);
    expect(sortedLines(got.output)).toEqual(sortedLines(expected.output));
  });

  it('lists recursive matches in byte order of paths', async () => {
    const got = await ours('find . -name "*.py"');
    expect(got.output.split('\n').filter(Boolean)).toEqual(sortedLines(got.output));
  });
});

describe('what only this shell does', () => {
  it('cd, pwd and relative paths share one current directory, and the root is /workspace/<slug>', async () => {
    const sh = newShell();
    expect((await sh.run('pwd')).output).toBe(`${ROOT}\n`);
    expect((await sh.run('cd shop/core')).output).toBe('');
    expect((await sh.run('pwd')).output).toBe(`${ROOT}/shop/core\n`);
    expect((await sh.run('cat base.py | head -1')).output).toBe('class Container:\n');
    expect((await sh.run(`cat ${ROOT}/tests/test_cart.py | wc -l`)).output).toBe('7\n');
    expect((await sh.run('cd ../..; pwd')).output).toBe(`${ROOT}\n`);
    expect((await sh.run('cd')).code).toBe(0);
    expect(sh.state.cwd).toBe('');
  });

  it('refuses paths that leave the workspace, however they are written', async () => {
    const sh = newShell('shop');
    for (const [command, message] of [
      ['cat ../../etc/passwd', 'cat: ../../etc/passwd: Permission denied'],
      ['cat /etc/passwd', 'cat: /etc/passwd: Permission denied'],
      ['ls /', "ls: cannot access '/': Permission denied"],
      ['cd ../..', 'bash: cd: ../..: Permission denied'],
      ['grep -r x /workspace', 'grep: /workspace: Permission denied'],
      ['find /', "find: '/': Permission denied"],
    ] as const) {
      const r = await sh.run(command);
      expect(r.output.startsWith(message), `${command} -> ${r.output}`).toBe(true);
      expect(r.code).not.toBe(0);
    }
    expect(sh.state.cwd).toBe('shop');
  });

  it('says a command is not found, as bash does, and runs nothing', async () => {
    for (const name of ['python', 'python3', 'pytest', 'rm', 'vim']) {
      const r = await newShell().run(`${name} -c 'print(1)'`);
      expect(r).toEqual({ output: `bash: ${name}: command not found\n`, code: 127, views: [] });
    }
  });

  it('reports syntax errors like bash', async () => {
    expect((await newShell().run("echo 'unclosed")).output).toBe("bash: unexpected EOF while looking for matching `''\n");
    expect((await newShell().run('ls |')).output).toBe("bash: syntax error near unexpected token `newline'\n");
    expect((await newShell().run('| ls')).output).toBe("bash: syntax error near unexpected token `|'\n");
    expect((await newShell().run('ls && && ls')).output).toBe("bash: syntax error near unexpected token `&&'\n");
    expect((await newShell().run('echo $(ls)')).code).toBe(2);
  });

  it('does not write files through redirection, and says how to edit instead', async () => {
    const sh = newShell();
    const r = await sh.run('echo x > shop/new.py');
    expect(r.code).toBe(1);
    expect(r.output).toContain('str_replace_editor');
    expect(sh.state.workspace.isFile('shop/new.py')).toBe(false);
    expect((await sh.run('echo x > /dev/null')).output).toBe('');
  });

  it('explains the limits of sed and find instead of failing silently', async () => {
    expect((await newShell().run("sed 's/a/b/' shop/core/base.py")).output).toContain("sed -n '10,20p' FILE");
    expect((await newShell().run("sed -i 's/a/b/' shop/core/base.py")).output).toContain('not supported');
    expect((await newShell().run('find . -name "*.py" -exec grep x {} \\;')).output).toContain('xargs');
    expect((await newShell().run('find . -bogus')).output).toBe("find: unknown predicate `-bogus'\n");
    expect((await newShell().run('grep -Z9 x')).code).toBe(2);
  });

  it('ls -l shows kind, size in bytes and name', async () => {
    const r = await newShell().run('ls -l shop');
    expect(r.output).toBe(['-rw-r--r-- 1 root root 175 __init__.py', 'drwxr-xr-x 1 root root 4096 core', 'drwxr-xr-x 1 root root 4096 util', ''].join('\n'));
  });

  it('git diff and git status show the changes since the start', async () => {
    const sh = newShell();
    expect((await sh.run('git diff')).output).toBe('');
    sh.state.workspace.write('shop/core/base.py', `# note\n${sh.state.workspace.read('shop/core/base.py')}`);
    sh.state.workspace.write('notes.txt', 'hello\n');
    const diff = (await sh.run('git diff')).output;
    expect(diff).toBe(sh.state.workspace.diff());
    expect(diff).toContain('+# note');
    expect((await sh.run('git diff shop')).output).not.toContain('notes.txt');
    expect((await sh.run('git status -s')).output).toBe('?? notes.txt\n M shop/core/base.py\n');
    expect((await sh.run('git log')).code).toBe(1);
  });

  it('records which file lines the last command of a pipeline printed', async () => {
    const sh = newShell();
    expect((await sh.run('cat shop/core/base.py')).views).toEqual([{ path: 'shop/core/base.py', start: 1, end: 11 }]);
    expect((await sh.run("sed -n '3,5p;9,20p' shop/core/base.py")).views).toEqual([
      { path: 'shop/core/base.py', start: 3, end: 5 },
      { path: 'shop/core/base.py', start: 9, end: 11 },
    ]);
    expect((await sh.run('head -n 4 shop/core/cart.py')).views).toEqual([{ path: 'shop/core/cart.py', start: 1, end: 4 }]);
    expect((await sh.run('tail -n 3 shop/core/cart.py')).views).toEqual([{ path: 'shop/core/cart.py', start: 71, end: 73 }]);
    expect((await sh.run("cat -n shop/core/cart.py | sed -n '10,20p'")).views).toEqual([{ path: 'shop/core/cart.py', start: 10, end: 20 }]);
    expect((await sh.run('nl -ba shop/util/money.py | head -5 | tail -2')).views).toEqual([{ path: 'shop/util/money.py', start: 4, end: 5 }]);
    expect((await sh.run('head -3 < shop/core/base.py')).views).toEqual([{ path: 'shop/core/base.py', start: 1, end: 3 }]);
    expect((await sh.run('cat shop/core/base.py shop/util/money.py | head -3')).views).toEqual([]);
    expect((await sh.run('cat shop/core/cart.py | grep def')).views).toEqual([]);
    expect((await sh.run('grep -n def shop/core/cart.py')).views).toEqual([]);
  });

  it('takes extra commands from a sandbox through the same command table', async () => {
    const sh = newShell();
    sh.register('python', async ({ args, state }) => ({ stdout: `ran ${args.join(' ')} in ${state.cwd || '.'}\n`, stderr: '', code: 0 }));
    expect((await sh.run("cd shop && python -c 'print(1)' | wc -l")).output).toBe('1\n');
    expect((await sh.run('python x.py')).output).toBe('ran x.py in shop\n');
  });
});
