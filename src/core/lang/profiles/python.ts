import type { LanguageProfile } from './profile';
import { pythonIndentationError } from './python-indent';
import { codeTokens, definitionsOf, sameCodeTokensQuick } from './python-syntax';

/** Python: `#` comments, the docstring as the first statement of the body, in triple quotes. */
export const pythonProfile: LanguageProfile = {
  id: 'python',
  extensions: ['.py'],
  name: 'Python',
  findDefinitions: 'grep -rn "def name\\|class Name" --include=*.py .',
  lineComment: '#',
  docstring: {
    placement: 'first-statement-of-body',
    write(text, indent) {
      const lines = text.split('\n');
      if (lines.length === 1) return [`${indent}"""${text}"""`];
      return [`${indent}"""${lines[0]}`, ...lines.slice(1).map((l) => (l ? `${indent}${l}` : '')), `${indent}"""`];
    },
  },
  codeTokens,
  sameCodeTokensQuick,
  definitionsOf,
  newSyntaxError(before, after) {
    if (after.tree.rootNode.hasError && !before.tree.rootNode.hasError) return 'a syntax error';
    const indent = pythonIndentationError(after.text);
    if (!indent || pythonIndentationError(before.text)) return null;
    return `${indent.kind}: ${indent.message} (line ${indent.line})`;
  },
};
