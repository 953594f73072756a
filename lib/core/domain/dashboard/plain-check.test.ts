import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateDemoData } from '../../../demo/generate';
import { DashboardDataSchema, dashboardDataOf } from './dashboard';
import { plainCheckOf } from './plain-check';

const NOW = new Date('2026-06-16T12:00:00Z');
const demo = generateDemoData({ seed: 3, accounts: 40, now: NOW });
const { accounts, snapshots, commitments, flags, handoff, approvals, milestones } = demo.bundle;
const data = dashboardDataOf({ accounts, snapshots, commitments, flags, handoff, approvals, milestones, arrChanges: demo.arrChanges });

// Every field of every list of the dashboard's inputs: its schema and the values the demo portfolio gives it.
const fields = Object.entries(DashboardDataSchema.shape).flatMap(([list, schema]) => {
  const rows = (schema instanceof z.ZodOptional ? schema.unwrap() : schema).element as z.ZodObject;
  const given = (data as Record<string, Record<string, unknown>[] | undefined>)[list] ?? [];
  return Object.entries(rows.shape).map(([field, fieldSchema]) => ({
    name: `${list}.${field}`,
    schema: fieldSchema as z.ZodType,
    values: [...new Set(given.map((row) => row[field]))],
  }));
});

const passesUnchanged = (schema: z.ZodType, v: unknown) => {
  // zod's length checks run on whatever has a length, and comparing one that has no primitive value (a list holding
  // an object of no prototype) throws: that value is not passed.
  try {
    const result = schema.safeParse(v);
    return result.success && isDeepStrictEqual(result.data, v);
  } catch {
    return false;
  }
};

// A value near a given one: the edges a check draws (a space at an end, a length past a bound, a day that does not
// exist, a number past a bound or not whole, a field dropped or added or left undefined), or anything at all.
const near = (v: unknown): fc.Arbitrary<unknown> => {
  const anything = fc.anything({ withNullPrototype: true, withObjectString: true });
  if (typeof v === 'string')
    return fc.oneof(
      fc.constantFrom(v, ` ${v}`, `${v} `, `${v}x`, v.slice(1), '', v.toUpperCase(), `${v}\u0000`, v.repeat(40), v.replace(/\d(?!.*\d)/, '9')),
      fc.constantFrom('2026-02-30', '2026-13-01', '2026-06-16T12:00:00Z', '2026-06-16T12:00:00+02:00', 'https://x.example/a', 'javascript:alert(1)'),
      fc.string(),
      anything,
    );
  if (typeof v === 'number')
    return fc.oneof(
      fc.constantFrom(v, -v, v + 0.5, v - 1, v + 1, 0, -0, -1, 100, 101, NaN, Infinity, -Infinity, 2 ** 53, 1e-9),
      fc.double(),
      anything,
    );
  if (Array.isArray(v))
    return fc.oneof(fc.tuple(...v.map(near)), fc.tuple(...v.map(near), anything), fc.constant([]), fc.constant(v.slice(1)), anything);
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    return fc.oneof(
      fc.record(Object.fromEntries(entries.map(([k, field]) => [k, near(field)]))),
      fc.constantFrom(...entries.map(([k]) => k)).map((k) => Object.fromEntries(entries.filter(([key]) => key !== k))),
      fc.constantFrom(...entries.map(([k]) => k)).map((k) => ({ ...v, [k]: undefined })),
      fc.constant({ ...v, extra: 1 }),
      fc.constant(Object.assign(Object.create(null) as object, v)),
      anything,
    );
  }
  return fc.oneof(fc.constantFrom(v, undefined, null, true, false, 0, '', 'x', [], {}), anything);
};

describe('plainCheckOf', () => {
  it('takes a value only where zod passes it unchanged, and every such value JSON carries, for every field of the inputs', () => {
    for (const { name, schema, values } of fields) {
      const plain = plainCheckOf(schema);
      if (plain === undefined) continue;
      const value = values.length === 0 ? fc.anything() : fc.constantFrom(...values).chain(near);
      fc.assert(
        fc.property(value, (v) => {
          const zodSays = passesUnchanged(schema, v);
          if (plain(v)) expect(zodSays, `${name}: ${JSON.stringify(v)}`).toBe(true);
          // Of a value JSON carries as it is (nothing undefined, no -0, no prototype of its own), the verdicts agree.
          else if (isDeepStrictEqual(JSON.parse(JSON.stringify(v) ?? 'null'), v)) expect(zodSays, `${name}: ${JSON.stringify(v)}`).toBe(false);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('takes every value of the demo portfolio zod takes, so the packed columns are read without zod', () => {
    for (const { name, schema, values } of fields) {
      const plain = plainCheckOf(schema);
      if (plain === undefined) continue;
      expect(
        values.filter((v) => !plain(v)),
        name,
      ).toEqual([]);
    }
  });

  it('leaves to zod only the fields whose check is more than their definition shows', () => {
    // A CRM link's platform is one of two kinds (a union: its first passing option decides what it gives); a web
    // address is parsed as one, which no pattern stands for.
    expect(fields.filter((f) => plainCheckOf(f.schema) === undefined).map((f) => f.name)).toEqual([
      'accounts.crmRefs',
      'commitments.sourceUrl',
      'flags.url',
    ]);
  });

  it('leaves to zod a check it cannot see into, a default put in place of absence, a transform and a catch-all', () => {
    const hand = z.string().check((ctx) => {
      if (ctx.value === 'no') ctx.issues.push({ code: 'custom', message: 'no', input: ctx.value });
    });
    for (const schema of [
      hand,
      z.string().superRefine(() => undefined),
      z.string().transform((s) => s.length),
      z.object({ a: z.string() }).passthrough(),
      z.object({ a: z.string() }).strict(),
      z.string().url(),
      z.string().email(),
      z.coerce.number(),
      z.record(z.enum(['a', 'b']), z.string()),
      z.string().default('x').optional(),
    ] as z.ZodType[])
      expect(plainCheckOf(schema)).toBeUndefined();
    const defaulted = plainCheckOf(z.string().default('x'))!;
    expect([defaulted(undefined), defaulted('y')]).toEqual([false, true]);
  });

  it('checks what a part that is a check itself asks, and takes only the values an enum takes', () => {
    const whole = plainCheckOf(z.int().max(10))!;
    expect([2, 1.5, 11, Number.NaN].map(whole)).toEqual([true, false, false, false]);
    const day = plainCheckOf(z.iso.date())!;
    expect(['2024-02-29', '2023-02-29', 3].map(day)).toEqual([true, false, false]);
    enum Stage {
      Open,
      Won,
    }
    const stage = plainCheckOf(z.enum(Stage))!;
    expect([0, 1, 'Open', 2].map(stage)).toEqual([true, true, false, false]);
    const kind = plainCheckOf(z.literal(['a', 1]))!;
    expect(['a', 1, '1', 'b'].map(kind)).toEqual([true, true, false, false]);
  });

  it("asks a refinement's predicate and an overwrite's result, and takes nothing a promise stands for", () => {
    const refined = plainCheckOf(
      z
        .string()
        .trim()
        .refine((s) => s !== 'bad'),
    )!;
    expect(['ok', ' ok', 'bad', 'ok '].map(refined)).toEqual([true, false, false, false]);
    const later = plainCheckOf(z.string().refine(async () => true))!;
    expect(later('ok')).toBe(false);
  });
});
