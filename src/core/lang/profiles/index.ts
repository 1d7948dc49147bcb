import type { LanguageId } from '../languages';
import type { LanguageProfile } from './profile';
import { pythonProfile } from './python';

export type { LanguageProfile, SyntaxDefinition } from './profile';

/** The language profiles, by language id: add a language's profile here. */
const PROFILES: readonly LanguageProfile[] = [pythonProfile];

export function languageProfile(id: LanguageId): LanguageProfile | null {
  return PROFILES.find((p) => p.id === id) ?? null;
}

/** The profile whose files `path` is, or null (such files are compared line by line). */
export function profileOfPath(path: string): LanguageProfile | null {
  return PROFILES.find((p) => p.extensions.some((e) => path.endsWith(e))) ?? null;
}
