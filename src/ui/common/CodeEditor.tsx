import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { bracketMatching, foldGutter, indentOnInput } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState, type Extension } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { languageOf } from '../../core/lang/languages';
import { editorTheme, highlight } from './codemirror-theme';

function languageExtension(path: string): Extension {
  switch (languageOf(path)) {
    case 'python':
      return python();
    case 'javascript':
      return javascript({ jsx: path.endsWith('.jsx') });
    case 'typescript':
      return javascript({ typescript: true });
    case 'tsx':
      return javascript({ typescript: true, jsx: true });
    default:
      return [];
  }
}

export interface CodeEditorProps {
  /** Identifies the document: a new path (or `version`) replaces the editor's content. */
  path: string;
  text: string;
  /** Bumped by the owner when `text` changed outside the editor (an edit tool ran), to reload it. */
  version?: number;
  readOnly?: boolean;
  /** 1-based line to scroll to and place the cursor on when the document loads. */
  revealLine?: number;
  onChange?(text: string): void;
  onSave?(): void;
  label?: string;
}

/** CodeMirror 6 with line numbers, Python/JS/TS highlighting, search (Ctrl+F) and Ctrl/Cmd+S to save. */
export function CodeEditor({ path, text, version = 0, readOnly = false, revealLine, onChange, onSave, label }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const handlers = useRef({ onChange, onSave });
  /** Focus and cursor of the editor this one replaces (same file reloaded after a save): the person keeps typing. */
  const carried = useRef<{ path: string; head: number; focused: boolean; top: number; reveal: number | undefined } | null>(null);
  useLayoutEffect(() => {
    handlers.current = { onChange, onSave };
  });

  useEffect(() => {
    const state = EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (handlers.current.onSave?.(), true) },
          // Ctrl/Cmd+Enter is the page's submit key: the editor must not also insert a blank line for it.
          { key: 'Mod-Enter', run: () => true },
          ...defaultKeymap,
          ...historyKeymap,
          ...searchKeymap,
          indentWithTab,
        ]),
        languageExtension(path),
        editorTheme,
        highlight,
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
        EditorView.contentAttributes.of({ 'aria-label': label ?? `Editor: ${path}` }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) handlers.current.onChange?.(u.state.doc.toString());
        }),
      ],
    });
    const v = new EditorView({ state, parent: host.current! });
    view.current = v;
    const before = carried.current;
    if (before && before.path === path && before.reveal === revealLine) {
      const head = Math.min(before.head, state.doc.length);
      v.dispatch({ selection: { anchor: head } });
      v.scrollDOM.scrollTop = before.top;
      if (before.focused) v.focus();
    } else if (revealLine && revealLine >= 1 && revealLine <= state.doc.lines) {
      const pos = state.doc.line(revealLine).from;
      v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'start', yMargin: 40 }) });
    }
    return () => {
      carried.current = { path, head: v.state.selection.main.head, focused: v.hasFocus, top: v.scrollDOM.scrollTop, reveal: revealLine };
      v.destroy();
      view.current = null;
    };
    // A new document (path/version) or mode makes a new state; typing does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, version, readOnly, revealLine]);

  return <div className="code-editor" ref={host} data-path={path} />;
}
