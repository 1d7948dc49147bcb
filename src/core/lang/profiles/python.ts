import type { LanguageProfile } from './profile';
import { codeTokens, definitionsOf, sameCodeTokensQuick } from './python-syntax';

/** Python: `#` comments, the docstring as the first statement of the body, in triple quotes. */
export const pythonProfile: LanguageProfile = {
  id: 'python',
  extensions: ['.py'],
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
  stillParses: (before, after) => !after.rootNode.hasError || before.rootNode.hasError,
};
