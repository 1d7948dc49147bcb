/**
 * Observations cut for a model's context. The registry already cuts every observation to what any player is shown
 * (16,000 characters / 400 lines); a model with a small context window needs less, and the end of an output (an
 * error message, the last grep hits, the edit snippet) matters as much as its start, so the middle goes.
 */

export const DEFAULT_MODEL_OBSERVATION_CHARS = 8000;

export function truncateForModel(text: string, maxChars = DEFAULT_MODEL_OBSERVATION_CHARS): string {
  if (text.length <= maxChars) return text;
  const headChars = Math.floor(maxChars * 0.7);
  const tailChars = maxChars - headChars;
  // Cut at line ends so no line is shown half.
  let head = text.slice(0, headChars);
  const headEnd = head.lastIndexOf('\n');
  if (headEnd > headChars / 2) head = head.slice(0, headEnd + 1);
  let tail = text.slice(text.length - tailChars);
  const tailStart = tail.indexOf('\n');
  if (tailStart !== -1 && tailStart < tailChars / 2) tail = tail.slice(tailStart + 1);
  const cutLines = text.slice(head.length, text.length - tail.length).split('\n').length - 1;
  const cut = text.length - head.length - tail.length;
  return `${head}[... ${cut} characters (${cutLines} lines) cut from the middle of this output; narrow the command to see them ...]\n${tail}`;
}
