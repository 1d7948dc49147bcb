/**
 * Records we export (instances, episode results, training data) must never carry credentials, even when a caller
 * passes an object that happens to hold one (an endpoint config in metadata, a header map in tool arguments).
 */

const SECRET_KEY =
  /^(api[-_]?key|apikey|x-api-key|authorization|proxy-authorization|access[-_]?token|auth[-_]?token|refresh[-_]?token|bearer|secret|client[-_]?secret|password|passwd)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of plain JSON data without any secret-named key, at any depth. */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isSecretKey(k)) out[k] = withoutSecrets(v);
  }
  return out as T;
}
