import type { Definition } from '../index/types';

/**
 * Descriptions of a localization target, written without an LLM. `unmasked` restates the docstring's summary;
 * `masked` also hides the target's name and every word part of it, so the description does not give it away.
 */

const MASK = '[…]';

/** Two-letter words that carry no meaning of their own: a name part like `to` in `to_dict` gives nothing away. */
const FUNCTION_WORDS = new Set([
  'an',
  'as',
  'at',
  'be',
  'by',
  'do',
  'go',
  'if',
  'in',
  'is',
  'it',
  'me',
  'my',
  'no',
  'of',
  'on',
  'or',
  'so',
  'to',
  'up',
  'us',
  'we',
]);

/**
 * The word parts of a name, lower-cased: `format_price` → [format, price]; `HTTPServer` → [http, server];
 * `parseJSON2` → [parse, json]; `get_id` → [get, id]. Single letters and two-letter function words are left out.
 */
export function nameParts(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 3 || (w.length === 2 && !FUNCTION_WORDS.has(w)));
  return [...new Set(words)];
}

/**
 * How a part shows up in text: a part of 4+ letters anywhere in a word (`price` in `prices`, `repriced`); a
 * three-letter part at the start of a word or sub-word (`get` in `gets`, `getter`, `x_get`, not in `target`); a
 * two-letter part only as a word or sub-word of its own (`id` in `user_id` or `ID`, not in `valid`).
 */
function partPattern(part: string): string {
  const p = escapeRegExp(part);
  if (part.length >= 4) return p;
  return part.length === 3 ? `(?<![a-z0-9])${p}` : `(?<![a-z0-9])${p}(?![a-z0-9])`;
}

/** Sentences end at . ! or ? followed by a space and a capital, a quote or a bracket (not `.write()` or `e.g. x`). */
function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z"'`([])/).filter(Boolean);
}

/** Ends a sentence with a full stop when it has no closing punctuation. */
function terminated(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The docstring's first paragraph (up to `maxSentences` sentences), on one line. */
export function docstringSummary(docstring: string, maxSentences = 3): string {
  const paragraphs = docstring.trim().split(/\n\s*\n/);
  const lead = paragraphs[0]!.replace(/\s+/g, ' ').trim();
  const sentences = splitSentences(lead);
  let text = sentences.slice(0, maxSentences).join(' ').trim();
  // A one-line summary says little: add the next paragraph's first sentence when there is one.
  if (sentences.length === 1 && text.length < 60 && paragraphs[1]) {
    const more = splitSentences(paragraphs[1].replace(/\s+/g, ' ').trim())[0];
    if (more && !/^(args|arguments|parameters|returns?|raises|yields|example|note)s?:?/i.test(more)) text += ` ${more}`;
  }
  return terminated(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces the name as written (the identifier, with backticks or `()`) by "this function/class", then every word
 * holding a part of it (`discount`, `prices`, `user_id`) by a mask.
 */
export function maskName(text: string, name: string, moduleType: 'function' | 'class'): string {
  let out = text.replace(new RegExp(`\`?\\b${escapeRegExp(name)}\\b(\\(\\))?\`?`, 'g'), `this ${moduleType}`);
  for (const part of nameParts(name)) {
    out = out.replace(new RegExp(`[A-Za-z_]*${partPattern(part)}[A-Za-z_0-9]*`, 'gi'), MASK);
  }
  return out
    .replace(new RegExp(`(${escapeRegExp(MASK)}\\s*)+`, 'g'), `${MASK} `)
    .replace(/\s+([.,;:-])/g, '$1')
    .trim();
}

/** True when the name or any of its parts shows in `text` (case-insensitive): the masked mode must avoid that. */
export function revealsName(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes(name.toLowerCase()) || nameParts(name).some((p) => new RegExp(partPattern(p)).test(lower));
}

/** Facts from the code that help without naming the target: parameters, bases. */
function codeFacts(def: Definition): string[] {
  const facts: string[] = [];
  if (def.type === 'function') {
    const params = def.signature.match(/\(([\s\S]*)\)/)?.[1] ?? '';
    const names = params
      .split(',')
      .map((p) =>
        p
          .trim()
          .replace(/[:=].*$/s, '')
          .trim(),
      )
      .filter((p) => p && p !== 'self' && p !== 'cls' && p !== '/' && p !== '*');
    if (names.length) facts.push(`It takes ${names.map((n) => `\`${n}\``).join(', ')}.`);
    else facts.push('It takes no arguments.');
  } else if (def.bases.length) {
    facts.push(`It derives from ${def.bases.map((b) => `\`${b}\``).join(', ')}.`);
  }
  return facts;
}

export function unmaskedDescription(def: Definition): string {
  return docstringSummary(def.docstring?.text ?? '');
}

/** The masked description, or null when masking leaves too little to go on (fewer than 4 real words). */
export function maskedDescription(def: Definition): string | null {
  const summary = maskName(docstringSummary(def.docstring?.text ?? ''), def.name, def.type);
  const facts = codeFacts(def).map((f) => maskName(f, def.name, def.type));
  const words = summary.replace(/\[…\]/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
  if (words.length < 4) return null;
  const text = [summary, ...facts].join(' ');
  return revealsName(text, def.name) ? null : text;
}
