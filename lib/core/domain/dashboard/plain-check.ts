import type { z } from 'zod';

/** Whether a value passes a schema, and passes unchanged. */
export type PlainCheck = (value: unknown) => boolean;

/**
 * For a schema made only of zod's plain parts, a predicate true only of
 * values the schema passes unchanged, and of every such value JSON carries
 * (`plain-check.test.ts` holds every field schema of the dashboard's inputs
 * to zod's own verdict); undefined for any other schema, which only zod
 * checks. The plain parts: string, number,
 * boolean, enum, literal, optional, nullable, default, array, object and
 * record; lengths, bounds, safe integers, patterns, the date and date-time
 * formats, refinements and overwrites (a trim, say). A packed column's
 * values (ids, dates, amounts, states) are all of that kind, and a worker
 * Chrome has just started checks them some ten times faster this way than
 * through zod's parse, whose code runs cold there. zod still checks every
 * value this refuses, so its refusal and its message are zod's.
 */
export function plainCheckOf(schema: z.ZodType): PlainCheck | undefined {
  let check = made.get(schema);
  if (check === undefined) {
    check = plainOf(schema as unknown as Internal) ?? null;
    made.set(schema, check);
  }
  return check ?? undefined;
}

const made = new WeakMap<z.ZodType, PlainCheck | null>();

// zod's definitions as its core keeps them: each part's `type`, a string format's own pattern, and its checks.
interface Internal {
  _zod: { def: Def; values?: ReadonlySet<unknown> };
}
interface Def {
  type: string;
  coerce?: boolean;
  innerType?: Internal;
  element?: Internal;
  shape?: Record<string, Internal>;
  catchall?: Internal;
  keyType?: Internal;
  valueType?: Internal;
  mode?: string;
  check?: string;
  format?: string;
  pattern?: RegExp;
  checks?: readonly { _zod: { def: CheckDef } }[];
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: unknown;
  inclusive?: boolean;
  fn?: (value: unknown) => unknown;
  tx?: (value: unknown) => unknown;
}

// The formats whose check is their pattern alone (a URL's, say, parses it as well).
const PATTERN_FORMATS = new Set(['regex', 'date', 'datetime']);

function plainOf(schema: Internal): PlainCheck | undefined {
  const def = schema._zod.def;
  if (def.coerce === true) return undefined;
  switch (def.type) {
    case 'optional': {
      const inner = innerOf(def);
      // An inner part with a default puts a value in place of absence.
      if (inner === undefined || def.innerType!._zod.def.type === 'default') return undefined;
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = innerOf(def);
      return inner === undefined ? undefined : (v) => v === null || inner(v);
    }
    case 'enum':
    case 'literal': {
      // The values zod takes (of a numeric enum's entries, not the names its reverse mapping adds).
      const values = schema._zod.values;
      return values === undefined ? undefined : (v) => values.has(v);
    }
    case 'default': {
      // Absence takes the default, which is a change.
      const inner = innerOf(def);
      return inner === undefined ? undefined : (v) => v !== undefined && inner(v);
    }
    case 'array': {
      const element = def.element === undefined ? undefined : plainOf(def.element);
      if (element === undefined) return undefined;
      return checked(def, (v) => {
        if (!Array.isArray(v)) return false;
        // By index, not every(): a hole is an absent element, which zod checks too.
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      });
    }
    case 'object': {
      // A catch-all keeps or refuses the keys the shape does not name; without one they are dropped, which is a change.
      if (def.catchall !== undefined || def.shape === undefined) return undefined;
      const fields: [string, PlainCheck][] = [];
      for (const [key, field] of Object.entries(def.shape)) {
        const test = plainOf(field);
        if (test === undefined) return undefined;
        fields.push([key, test]);
      }
      const named = new Set(fields.map(([key]) => key));
      return (v) => {
        if (!ownFieldsOnly(v, (key) => named.has(key))) return false;
        for (let i = 0; i < fields.length; i++) if (!fields[i]![1](v[fields[i]![0]])) return false;
        return true;
      };
    }
    case 'record': {
      // A key type with values of its own (an enum's) asks for every one of them.
      if (def.keyType === undefined || def.valueType === undefined || def.keyType._zod.values !== undefined || def.mode === 'loose') return undefined;
      const key = plainOf(def.keyType);
      const value = plainOf(def.valueType);
      if (key === undefined || value === undefined) return undefined;
      return (v) => ownFieldsOnly(v, key) && Object.values(v).every(value);
    }
    case 'boolean':
      return checked(def, (v) => typeof v === 'boolean');
    case 'number':
      return checked(def, (v) => typeof v === 'number' && Number.isFinite(v));
    case 'string':
      return checked(def, (v) => typeof v === 'string');
    default:
      return undefined;
  }
}

function innerOf(def: Def): PlainCheck | undefined {
  return def.innerType === undefined ? undefined : plainOf(def.innerType);
}

// The part's type test, then each of its checks, its own first (a date's format, an int's bounds: such a part is a
// check too); undefined if one of them is not plain.
function checked(def: Def, type: PlainCheck): PlainCheck | undefined {
  const tests: PlainCheck[] = [type];
  const own = def.check === undefined ? [] : [{ _zod: { def: def as CheckDef } }];
  for (const { _zod } of [...own, ...(def.checks ?? [])]) {
    const test = checkOf(_zod.def);
    if (test === undefined) return undefined;
    tests.push(test);
  }
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false;
    return true;
  };
}

// An object as JSON.parse makes them (zod's has that prototype, whatever the value's) whose own keys are each a text
// that `named` takes, none of them left undefined: zod would read its fields and build a new object of the same
// fields and values.
function ownFieldsOnly(v: unknown, named: (key: string) => boolean): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const key of Reflect.ownKeys(v)) {
    if (typeof key !== 'string' || key === '__proto__' || !named(key)) return false;
    if ((v as Record<string, unknown>)[key] === undefined || !Object.prototype.propertyIsEnumerable.call(v, key)) return false;
  }
  return true;
}

function checkOf(def: CheckDef): PlainCheck | undefined {
  switch (def.check) {
    case 'min_length': {
      const { minimum } = def;
      return minimum === undefined ? undefined : (v) => (v as string).length >= minimum;
    }
    case 'max_length': {
      const { maximum } = def;
      return maximum === undefined ? undefined : (v) => (v as string).length <= maximum;
    }
    case 'length_equals': {
      const { length } = def;
      return length === undefined ? undefined : (v) => (v as string).length === length;
    }
    case 'string_format':
      return patternCheck(def);
    case 'greater_than': {
      const { value, inclusive } = def;
      if (typeof value !== 'number') return undefined;
      return inclusive === true ? (v) => (v as number) >= value : (v) => (v as number) > value;
    }
    case 'less_than': {
      const { value, inclusive } = def;
      if (typeof value !== 'number') return undefined;
      return inclusive === true ? (v) => (v as number) <= value : (v) => (v as number) < value;
    }
    case 'custom': {
      // A refinement's predicate (a check built by hand has none and is not plain): zod passes what it holds true of.
      const { fn } = def;
      if (fn === undefined) return undefined;
      return (v) => {
        const holds = fn(v);
        return !(holds instanceof Promise) && Boolean(holds);
      };
    }
    case 'overwrite': {
      // A value the overwrite leaves as it is (a trimmed text, say) passes on unchanged.
      const { tx } = def;
      return tx === undefined ? undefined : (v) => Object.is(tx(v), v);
    }
    case 'number_format':
      return def.format === 'safeint' ? (v) => Number.isSafeInteger(v) : undefined;
    default:
      return undefined;
  }
}

function patternCheck(def: CheckDef): PlainCheck | undefined {
  const { format, pattern } = def;
  if (pattern === undefined || format === undefined || !PATTERN_FORMATS.has(format)) return undefined;
  return (v) => {
    // A pattern with the global or sticky flag tests from where it last stopped.
    pattern.lastIndex = 0;
    return pattern.test(v as string);
  };
}
