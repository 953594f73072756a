import { z } from 'zod';

/**
 * zod runs a length check (`min`, `max`, `length`) on any input that has a
 * `length`, even one its type check refused, and a length that converts to no
 * number (`{"length":{"valueOf":1,"toString":1}}`, which JSON carries) makes
 * that check throw rather than report an issue. Input from elsewhere (a
 * message, an import, a stored row, a reply) is parsed here, so such a value
 * is refused by its field like any other rather than failing the whole call.
 */
export const UNCHECKABLE = 'a value its schema cannot check';

/** `schema.safeParse(value)`, which never throws: a value zod's checks throw on is an issue at its path. */
export function safeParseOf<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  try {
    return schema.safeParse(value) as z.ZodSafeParseResult<z.output<S>>;
  } catch {
    const issue = { code: 'custom' as const, path: thrownAt(schema, value), message: UNCHECKABLE, input: value };
    return { success: false, error: new z.ZodError([issue]) as z.ZodError<z.output<S>> };
  }
}

function throws(schema: z.ZodType, value: unknown): boolean {
  try {
    schema.safeParse(value);
    return false;
  } catch {
    return true;
  }
}

// The schema inside the wrappers that only let a value be absent or defaulted.
function unwrapped(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
  return inner;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

type Part = [key: PropertyKey, schema: z.ZodType, value: unknown];

// The parts of `value` a container schema checks one by one, each with its schema; none for any other schema.
function partsOf(schema: z.ZodType, value: unknown): Part[] {
  if (schema instanceof z.ZodObject && isObject(value)) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, part]) => [key, part, value[key]]);
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) return value.map((v, i) => [i, schema.element as z.ZodType, v]);
  if (schema instanceof z.ZodTuple && Array.isArray(value)) {
    return value.flatMap((v, i): Part[] => {
      const part = (schema.def.items[i] ?? schema.def.rest) as z.ZodType | null | undefined;
      return part ? [[i, part, v]] : [];
    });
  }
  if (schema instanceof z.ZodRecord && isObject(value)) return Object.keys(value).map((key) => [key, schema.valueType as z.ZodType, value[key]]);
  return [];
}

// The path to the deepest part of `value` whose schema throws, through objects, arrays, tuples and records; where the
// schema is none of those (a union, say), the path ends there.
function thrownAt(schema: z.ZodType, value: unknown): PropertyKey[] {
  const path: PropertyKey[] = [];
  let [at, here] = [schema, value];
  for (;;) {
    const thrown = partsOf(unwrapped(at), here).find(([, part, v]) => throws(part, v));
    if (thrown === undefined) return path;
    path.push(thrown[0]);
    [at, here] = [thrown[1], thrown[2]];
  }
}
