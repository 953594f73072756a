import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommitmentSchema } from './domain/commitment';
import { safeParseOf, UNCHECKABLE } from './parse';

// A length no number comes of: zod's length checks throw on it.
const uncheckable = { length: { valueOf: 1, toString: 1 } };

describe('parsing input from elsewhere', () => {
  it('refuses a value zod’s own checks throw on by its path, through objects, arrays, records and optional parts', () => {
    const schema = z.object({
      name: z.string().min(1),
      rows: z.array(z.object({ id: z.string().max(8), tags: z.record(z.string(), z.array(z.string()).min(1)).optional() })),
    });
    const cases: [unknown, PropertyKey[]][] = [
      [{ name: uncheckable, rows: [] }, ['name']],
      [{ name: 'a', rows: [{ id: 'x' }, { id: uncheckable }] }, ['rows', 1, 'id']],
      [{ name: 'a', rows: [{ id: 'x', tags: { colour: uncheckable } }] }, ['rows', 0, 'tags', 'colour']],
    ];
    for (const [value, path] of cases) {
      expect(() => schema.safeParse(value)).toThrow();
      const parsed = safeParseOf(schema, value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues).toEqual([expect.objectContaining({ path, message: UNCHECKABLE })]);
    }
    expect(safeParseOf(z.string().min(1), uncheckable).error?.issues).toEqual([expect.objectContaining({ path: [], message: UNCHECKABLE })]);
    // A call's arguments.
    const args = z.tuple([z.string(), z.object({ name: z.string().min(1) })]);
    expect(safeParseOf(args, ['x', { name: uncheckable }]).error?.issues[0]?.path).toEqual([1, 'name']);
    // A stored commitment's account, as a tampered row would hold it.
    expect(safeParseOf(CommitmentSchema, { id: 'c1', accountId: uncheckable }).error?.issues[0]?.path).toEqual(['accountId']);
  });

  it('gives what zod gives for any value it does not throw on', () => {
    const schema = z.object({ id: z.string().min(1).max(4), n: z.number().int().optional(), list: z.array(z.string()).max(2) });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ id: fc.string(), n: fc.anything(), list: fc.array(fc.string()) })), (value) => {
        const parsed = safeParseOf(schema, value);
        const expected = schema.safeParse(value);
        expect(parsed.success).toBe(expected.success);
        expect(parsed.data).toEqual(expected.data);
        expect(parsed.error?.issues).toEqual(expected.error?.issues);
      }),
      { numRuns: 300 },
    );
  });
});
