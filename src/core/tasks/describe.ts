import type { Definition } from '../index/types';

/**
 * Descriptions of a localization target, written without an LLM. `unmasked` restates the docstring's summary;
 * `masked` also hides the target's name and every word part of it, so the description does not give it away.
 */

const MASK = '[…]';

/** `format_price` → [format, price]; `HTTPServer` → [http, server]; `parseJSON2` → [parse, json]. */
export function nameParts(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 3);
  return [...new Set(words)];
}

/** Sentences end at . ! or ? followed by a space and a capital, a quote or a bracket (not `.write()` or `e.g. x`). */
function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z"'`(\[])/).filter(Boolean);
}

/** Ends a sentence with a full stop when it has no closing punctuation. */
function terminated(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The docstring's first paragraph (up to `maxSentences` sentences), on one line. */
export function docstringSummary(docstring: string, maxSentences = 3): string {
  const paragraphs = docstring.trim().split(/\n\s*\n/);
  const lead = paragraphs[0].replace(/\s+/g, ' ').trim();
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

/** Replaces the name (and dotted or call forms of it) with "this function/class", then every word containing a part. */
export function maskName(text: string, name: string, moduleType: 'function' | 'class'): string {
  let out = text.replace(new RegExp(`\`?\\b${escapeRegExp(name)}\\b(\\(\\))?\`?`, 'gi'), `this ${moduleType}`);
  for (const part of nameParts(name)) {
    out = out.replace(new RegExp(`[A-Za-z_]*${escapeRegExp(part)}[A-Za-z_]*`, 'gi'), MASK);
  }
  return out.replace(new RegExp(`(${escapeRegExp(MASK)}\\s*)+`, 'g'), `${MASK} `).replace(/\s+([.,;:-])/g, '$1').trim();
}

/** True when none of the name's parts is left in `text` (case-insensitive). */
export function revealsName(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes(name.toLowerCase()) || nameParts(name).some((p) => lower.includes(p));
}

/** Facts from the code that help without naming the target: parameters, bases. */
function codeFacts(def: Definition): string[] {
  const facts: string[] = [];
  if (def.type === 'function') {
    const params = def.signature.match(/\(([\s\S]*)\)/)?.[1] ?? '';
    const names = params
      .split(',')
      .map((p) => p.trim().replace(/[:=].*$/s, '').trim())
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
