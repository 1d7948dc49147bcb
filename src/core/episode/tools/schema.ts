/**
 * The small JSON Schema subset tool arguments use (an object of strings, integers, booleans and integer arrays), and
 * its check. The same schema is what a model receives as the tool's `parameters`, so what a model is told and what
 * is enforced cannot drift apart. Lenient where models habitually are sloppy: "12" for 12, "[1, 20]" for [1, 20].
 */

export type PropertySchema =
  | { type: 'string'; description?: string; enum?: string[] }
  | { type: 'integer' | 'number' | 'boolean'; description?: string }
  | { type: 'array'; items: { type: 'integer' }; description?: string };

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, PropertySchema>;
  required: string[];
  additionalProperties: false;
}

export type ArgsResult = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

function coerce(name: string, schema: PropertySchema, value: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  const bad = (what: string) => ({ ok: false as const, error: `argument \`${name}\` must be ${what}, got ${JSON.stringify(value)}` });
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return bad('a string');
      if (schema.enum && !schema.enum.includes(value)) return bad(`one of ${schema.enum.join(', ')}`);
      return { ok: true, value };
    case 'integer':
      if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return { ok: true, value: Number(value) };
      if (typeof value !== 'number' || !Number.isInteger(value)) return bad('an integer');
      return { ok: true, value };
    case 'number':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return { ok: true, value: Number(value) };
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('a number');
      return { ok: true, value };
    case 'boolean':
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      if (typeof value !== 'boolean') return bad('true or false');
      return { ok: true, value };
    case 'array': {
      let v = value;
      if (typeof v === 'string') {
        try {
          v = JSON.parse(v);
        } catch {
          return bad('a list of integers like [1, 20]');
        }
      }
      if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) return bad('a list of integers like [1, 20]');
      return { ok: true, value: v };
    }
  }
}

export function checkArgs(tool: string, schema: ObjectSchema, args: unknown): ArgsResult {
  if (args === undefined || args === null) args = {};
  if (typeof args !== 'object' || Array.isArray(args)) {
    return { ok: false, error: `the arguments of ${tool} must be an object like {"${schema.required[0] ?? 'name'}": ...}` };
  }
  const out: Record<string, unknown> = {};
  const given = args as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(schema.properties, key)) {
      return { ok: false, error: `${tool} has no argument \`${key}\`; its arguments are: ${Object.keys(schema.properties).join(', ')}` };
    }
  }
  for (const [key, prop] of Object.entries(schema.properties)) {
    const value = given[key];
    if (value === undefined || value === null) {
      if (schema.required.includes(key)) return { ok: false, error: `${tool} needs the argument \`${key}\`` };
      continue;
    }
    const c = coerce(key, prop, value);
    if (!c.ok) return { ok: false, error: `${tool}: ${c.error}` };
    out[key] = c.value;
  }
  return { ok: true, args: out };
}
