import * as z from 'zod';
import type { ArgsSchema } from './define-game.js';

/**
 * Every value a bounded move schema accepts, listed from its JSON Schema (what zod itself says the
 * schema takes as input), or `undefined` when the schema is unbounded: a free string or number, an
 * array, a wide integer range, anything past `limit` values in all. What is listed is only a set of
 * candidates: the schema's own parse (refinements included) and then the rules decide which hold.
 *
 * Listed: `const`, `enum`, booleans, `null`, integers between finite bounds (honouring `multipleOf`),
 * objects of those (an optional property may also be absent), and `anyOf`/`oneOf` of those.
 */
export function schemaCandidates(schema: ArgsSchema, limit: number): readonly unknown[] | undefined {
  let json: unknown;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return undefined;
  }
  return valuesOf(json, limit);
}

type JsonSchema = Readonly<Record<string, unknown>>;

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function valuesOf(schema: unknown, limit: number): readonly unknown[] | undefined {
  if (!isSchema(schema)) return undefined;
  if ('const' in schema) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum.length <= limit ? schema.enum : undefined;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) return unionOf(variants, limit);
  switch (schema.type) {
    case 'boolean':
      return [false, true];
    case 'null':
      return [null];
    case 'integer':
      return integersOf(schema, limit);
    case 'object':
      return objectsOf(schema, limit);
    default:
      return undefined;
  }
}

function unionOf(variants: readonly unknown[], limit: number): readonly unknown[] | undefined {
  const values: unknown[] = [];
  for (const variant of variants) {
    const listed = valuesOf(variant, limit - values.length);
    if (listed === undefined) return undefined;
    values.push(...listed);
  }
  return values.length <= limit ? values : undefined;
}

function integersOf(schema: JsonSchema, limit: number): readonly number[] | undefined {
  const bound = (key: string): number | undefined => (typeof schema[key] === 'number' ? schema[key] : undefined);
  const exclusiveMin = bound('exclusiveMinimum');
  const exclusiveMax = bound('exclusiveMaximum');
  const min = Math.max(bound('minimum') ?? -Infinity, exclusiveMin === undefined ? -Infinity : exclusiveMin + 1);
  const max = Math.min(bound('maximum') ?? Infinity, exclusiveMax === undefined ? Infinity : exclusiveMax - 1);
  const from = Math.ceil(min);
  const to = Math.floor(max);
  // Checked before counting: a range as wide as Number.MAX_SAFE_INTEGER is not walked.
  if (!Number.isFinite(from) || !Number.isFinite(to) || to - from + 1 > limit) return undefined;
  const step = bound('multipleOf');
  const values: number[] = [];
  for (let value = from; value <= to; value++) if (step === undefined || value % step === 0) values.push(value);
  return values;
}

/** Every combination of the properties' values: required ones always present, optional ones also absent. */
function objectsOf(schema: JsonSchema, limit: number): readonly Record<string, unknown>[] | undefined {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  let objects: Record<string, unknown>[] = [Object.create(null)];
  for (const [key, property] of Object.entries(properties)) {
    const values = valuesOf(property, limit);
    if (values === undefined) return undefined;
    const absentToo = !required.has(key);
    if (objects.length * (values.length + (absentToo ? 1 : 0)) > limit) return undefined;
    objects = objects.flatMap((object) => [
      ...(absentToo ? [object] : []),
      ...values.map((value) => ({ ...object, [key]: value })),
    ]);
  }
  // Plain objects, as a client's JSON would be.
  return objects.map((object) => ({ ...object }));
}
