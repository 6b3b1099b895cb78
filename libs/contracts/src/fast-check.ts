import { z } from 'zod';

/**
 * A check compiled once from a zod schema that answers, without allocating, "would `schema.safeParse(v)` succeed
 * and return `v` itself, unchanged?". It is conservative: `true` only when every value is accepted by the schema's
 * checks and nothing would be transformed (no unknown object key to strip, no default to fill, no `__proto__` key).
 * `false` means "ask zod", which then either rejects the value with its own field-by-field error or returns its
 * cleaned copy. So a caller that uses the check as a fast path and zod otherwise gets exactly zod's decisions and
 * errors; the zod schema stays the one source of truth.
 *
 * `compileFastCheck` returns `undefined` for a schema using anything it does not know (refinements, transforms,
 * string formats other than min/max/length/regex, ...): such a topic is always validated by zod.
 */
export type FastCheck = (value: unknown) => boolean;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function compileString(def: z.ZodStringDef): FastCheck | undefined {
  const tests: Array<(s: string) => boolean> = [];
  for (const c of def.checks) {
    if (c.kind === 'min') tests.push((s) => s.length >= c.value);
    else if (c.kind === 'max') tests.push((s) => s.length <= c.value);
    else if (c.kind === 'length') tests.push((s) => s.length === c.value);
    else if (c.kind === 'regex') {
      const re = c.regex;
      tests.push((s) => {
        re.lastIndex = 0;
        return re.test(s);
      });
    } else return undefined;
  }
  if (def.coerce) return undefined;
  return (v) => {
    if (typeof v !== 'string') return false;
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

function compileNumber(def: z.ZodNumberDef): FastCheck | undefined {
  const tests: Array<(n: number) => boolean> = [];
  for (const c of def.checks) {
    if (c.kind === 'int') tests.push((n) => Number.isInteger(n));
    else if (c.kind === 'min') tests.push(c.inclusive ? (n) => n >= c.value : (n) => n > c.value);
    else if (c.kind === 'max') tests.push(c.inclusive ? (n) => n <= c.value : (n) => n < c.value);
    else if (c.kind === 'finite') tests.push((n) => Number.isFinite(n));
    else return undefined;
  }
  if (def.coerce) return undefined;
  return (v) => {
    if (typeof v !== 'number' || Number.isNaN(v)) return false;
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

function compileObject(schema: z.AnyZodObject): FastCheck | undefined {
  const def = schema._def as z.ZodObjectDef;
  // Only strip / strict objects without a catchall: unknown keys then mean "zod would strip or reject" (ask zod).
  if (!(def.catchall instanceof z.ZodNever) || def.unknownKeys === 'passthrough') return undefined;
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  const keys = Object.keys(shape);
  const checks: FastCheck[] = [];
  for (const k of keys) {
    const c = compileFastCheck(shape[k] as z.ZodTypeAny);
    if (!c) return undefined;
    checks.push(c);
  }
  const known = new Set(keys);
  const n = keys.length;
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (let i = 0; i < n; i += 1) if (!(checks[i] as FastCheck)(v[keys[i] as string])) return false;
    let own = 0;
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      // A key the schema does not know (zod strips it) or an explicit undefined (zod drops it): ask zod.
      if (!known.has(k) || v[k] === undefined) return false;
      own += 1;
    }
    return own <= n;
  };
}

/** See {@link FastCheck}; `undefined` when the schema uses something the compiler does not support. */
export function compileFastCheck(schema: z.ZodTypeAny): FastCheck | undefined {
  if (schema instanceof z.ZodString) return compileString(schema._def);
  if (schema instanceof z.ZodNumber) return compileNumber(schema._def);
  if (schema instanceof z.ZodBoolean) return (v) => typeof v === 'boolean';
  if (schema instanceof z.ZodLiteral) {
    const lit: unknown = schema._def.value;
    return (v) => v === lit;
  }
  if (schema instanceof z.ZodEnum) {
    const values = new Set<unknown>(schema._def.values as string[]);
    return (v) => typeof v === 'string' && values.has(v);
  }
  if (schema instanceof z.ZodOptional) {
    const inner = compileFastCheck(schema._def.innerType as z.ZodTypeAny);
    return inner && ((v) => v === undefined || inner(v));
  }
  if (schema instanceof z.ZodNullable) {
    const inner = compileFastCheck(schema._def.innerType as z.ZodTypeAny);
    return inner && ((v) => v === null || inner(v));
  }
  if (schema instanceof z.ZodArray) {
    const def = schema._def as z.ZodArrayDef;
    if (def.minLength || def.maxLength || def.exactLength) return undefined;
    const item = compileFastCheck(def.type);
    if (!item) return undefined;
    return (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i += 1) if (!item(v[i])) return false;
      return true;
    };
  }
  if (schema instanceof z.ZodRecord) {
    const def = schema._def as z.ZodRecordDef;
    const key = def.keyType as z.ZodTypeAny;
    if (!(key instanceof z.ZodString) || key._def.checks.length > 0) return undefined;
    const value = compileFastCheck(def.valueType);
    if (!value) return undefined;
    return (v) => {
      if (!isPlainObject(v)) return false;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        // zod leaves `__proto__` and undefined values out of its copy: ask zod.
        if (k === '__proto__' || v[k] === undefined || !value(v[k])) return false;
      }
      return true;
    };
  }
  if (schema instanceof z.ZodObject) return compileObject(schema as z.AnyZodObject);
  return undefined;
}
