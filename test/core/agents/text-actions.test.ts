import { describe, expect, it } from 'vitest';
import { truncateForModel } from '../../../src/core/agents/observation';
import { parseLenientJson, parseTextAction } from '../../../src/core/agents/text-actions';
import { callAsText } from '../../../src/core/formats/training';

describe('plain-text actions', () => {
  it("reads OpenHands' <function=...> format, multi-line values included, with the text before it as the thought", () => {
    const call = callAsText('str_replace_editor', {
      command: 'insert',
      path: '/workspace/r/a.py',
      insert_line: 3,
      new_str: '    """Doc.\n\n    More.\n    """',
    });
    const r = parseTextAction(`I will document it.\n\n${call}`);
    expect(r).toEqual({
      kind: 'call',
      tool: 'str_replace_editor',
      args: { command: 'insert', path: '/workspace/r/a.py', insert_line: '3', new_str: '    """Doc.\n\n    More.\n    """' },
      thought: 'I will document it.',
    });
  });

  it('reads <tool name="...">{json}</tool>, <tool_call> and fenced JSON, taking the first call', () => {
    expect(parseTextAction('x <tool name="execute_bash">{"command": "ls"}</tool> <tool name="submit">{}</tool>')).toMatchObject({
      kind: 'call',
      tool: 'execute_bash',
      args: { command: 'ls' },
      thought: 'x',
    });
    expect(parseTextAction('<tool_call>\n{"name": "think", "arguments": {"thought": "hm"}}\n</tool_call>')).toMatchObject({
      kind: 'call',
      tool: 'think',
      args: { thought: 'hm' },
    });
    expect(parseTextAction('Plan.\n```json\n{"tool": "submit", "args": {}}\n```')).toMatchObject({ kind: 'call', tool: 'submit', args: {}, thought: 'Plan.' });
    expect(parseTextAction('<tool_call>{"name": "think", "arguments": "{\\"thought\\": \\"s\\"}"}</tool_call>')).toMatchObject({
      kind: 'call',
      args: { thought: 's' },
    });
  });

  it('reports a call whose JSON is broken as malformed (the gym answers it with an error), and plain prose as no call', () => {
    expect(parseTextAction('<tool name="execute_bash">{"command": "ls</tool>')).toMatchObject({ kind: 'malformed', tool: 'execute_bash' });
    expect(parseTextAction('I am done, the function is in a.py.')).toEqual({ kind: 'none' });
    expect(parseTextAction('```json\n{"answer": 42}\n```')).toEqual({ kind: 'none' });
  });

  it('repairs the JSON models habitually write', () => {
    expect(parseLenientJson('```json\n{"a": [1, 2,], "b": True, "c": None}\n```')).toEqual({ ok: true, value: { a: [1, 2], b: true, c: null } });
    expect(parseLenientJson('{"a": ').ok).toBe(false);
  });
});

describe('observations cut for a model', () => {
  it('keeps short outputs whole and cuts the middle of long ones at line ends, saying how much', () => {
    expect(truncateForModel('short', 100)).toBe('short');
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    const cut = truncateForModel(lines, 1000);
    expect(cut.length).toBeLessThan(1200);
    expect(cut.startsWith('line 0\nline 1\n')).toBe(true);
    expect(cut.endsWith('line 499')).toBe(true);
    expect(cut).toMatch(/\[\.\.\. \d+ characters \(\d+ lines\) cut from the middle/);
    for (const l of cut.split('\n')) expect(l).toMatch(/^line \d+$|^\[\.\.\./);
  });
});
