import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountLists,
  accountPlaces,
  amountIn,
  groupByKey,
  insertionPoint,
  NO_ACCOUNT,
  partsForPeriod,
  placesOf,
  ratioPercent,
  sharePercent,
  sumByCurrency,
  UNKNOWN_ACCOUNT,
} from './common';

describe('sumByCurrency', () => {
  it('keeps one total per currency, in code order', () => {
    const totals = sumByCurrency([
      { currency: 'USD', amount: 10 },
      { currency: 'EUR', amount: 5 },
      { currency: 'USD', amount: 2.5 },
    ]);
    expect(totals).toEqual([
      { currency: 'EUR', amount: 5 },
      { currency: 'USD', amount: 12.5 },
    ]);
    expect(amountIn(totals, 'GBP')).toBe(0);
    expect(sumByCurrency([])).toEqual([]);
  });
});

describe('sharePercent', () => {
  it.each([
    [0, 0, null],
    [0, 3, 0],
    [1, 3, 33],
    [3, 3, 100],
    // 199 of 200 is not everything, and 1 of 300 is not nothing.
    [199, 200, 99],
    [1, 300, 1],
  ])('%i of %i is %s', (part, whole, expected) => {
    expect(sharePercent(part, whole)).toBe(expected);
  });

  it('stays within 0–100 and says 100 or 0 only when true', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        const p = sharePercent(part, whole);
        if (whole === 0) {
          expect(p).toBeNull();
          return;
        }
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(p === 100).toBe(part === whole);
        expect(p === 0).toBe(part === 0);
      }),
    );
  });
});

describe('ratioPercent', () => {
  it('keeps one decimal and can exceed 100', () => {
    expect(ratioPercent(1234, 1000)).toBe(123.4);
    expect(ratioPercent(1, 0)).toBeNull();
  });
});

describe('groupByKey', () => {
  it("groups items by key in the order given, whether an account's items lie together or not, leaving out items with no key", () => {
    const item = fc.record({ key: fc.constantFrom('a', 'b', 'c', null, undefined), n: fc.nat() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), fc.boolean(), (items, sorted) => {
        // Sorted by key, every key's items lie together.
        const list = sorted ? items.toSorted((x, y) => String(x.key).localeCompare(String(y.key))) : items;
        const expected = new Map<string, typeof list>();
        for (const k of [...new Set(list.map((x) => x.key))]) {
          if (k !== null && k !== undefined)
            expected.set(
              k,
              list.filter((x) => x.key === k),
            );
        }
        const grouped = groupByKey(list, (x) => x.key);
        expect([...grouped.keys()]).toEqual([...expected.keys()]);
        expect(grouped).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('insertionPoint', () => {
  it('finds where an item goes in a sorted list, or where its equal stands', () => {
    expect(insertionPoint([], () => true)).toBe(0);
    expect(insertionPoint([1, 3, 5], (x) => x < 0)).toBe(0);
    expect(insertionPoint([1, 3, 5], (x) => x < 3)).toBe(1);
    expect(insertionPoint([1, 3, 5], (x) => x < 4)).toBe(2);
    expect(insertionPoint([1, 3, 5], (x) => x < 9)).toBe(3);
  });

  it('inserting there keeps the list sorted, after every smaller item and before every other', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (items, n) => {
        const list = [...items].sort((a, b) => a - b);
        const at = insertionPoint(list, (x) => x < n);
        expect(list.slice(0, at).every((x) => x < n)).toBe(true);
        expect(list.slice(at).every((x) => x >= n)).toBe(true);
      }),
    );
  });
});

describe('accountPlaces, placesOf and AccountLists', () => {
  const accounts = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'b' }];
  const places = accountPlaces(accounts);

  it("gives each record its account's place, the later of two with one id as a lookup by id finds it", () => {
    expect(placesOf([{ accountId: 'c' }, { accountId: null }, { accountId: 'gone' }, { accountId: 'b' }], places)).toEqual(
      Int32Array.from([2, NO_ACCOUNT, UNKNOWN_ACCOUNT, 3]),
    );
  });

  it('lists each account once in the order first given, one list after another, skipping no account', () => {
    const lists = new AccountLists(places);
    expect(lists.ids([2, 0, 2, NO_ACCOUNT, 0, UNKNOWN_ACCOUNT])).toEqual(['c', 'a']);
    expect(lists.ids([0, 0])).toEqual(['a']);
    expect(lists.ids([])).toEqual([]);
  });

  it('lists what a set of the ids in the same order lists', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -2, max: 3 }))), (runs) => {
        // Ids as a store holds them, each once.
        const unique = accountPlaces([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
        const lists = new AccountLists(unique);
        for (const run of runs) expect(lists.ids(run)).toEqual([...new Set(run.filter((at) => at >= 0).map((at) => unique.ids[at]!))]);
      }),
    );
  });
});

describe('partsForPeriod', () => {
  // A figure whose part of an account depends on the period only by whether it closed in it; one without a close
  // date has a part in every period.
  type Acc = { id: string; closedWonDate?: string };
  const partOf = (calls: string[]) => (account: Acc, at: number) => {
    calls.push(account.id);
    return { at, id: account.id };
  };
  const day = (d: number) => `2024-01-${String(d).padStart(2, '0')}`;

  it('gives the parts of working out the period afresh, working out only the accounts the other period left out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }), { maxLength: 12 }),
        fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 28 })),
        fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 28 })),
        (closes, [a, b], [c, d]) => {
          const accounts: Acc[] = closes.map((close, i) => ({ id: `x${i}`, closedWonDate: close === undefined ? undefined : day(close) }));
          const before = { from: day(Math.min(a, b)), to: day(Math.max(a, b)) };
          const after = { from: day(Math.min(c, d)), to: day(Math.max(c, d)) };
          const inIt = (f: typeof before) => (x: Acc, at: number) =>
            x.closedWonDate === undefined || (x.closedWonDate >= f.from && x.closedWonDate <= f.to) ? { at, id: x.id } : null;
          const near = accounts.flatMap((x, at) => inIt(before)(x, at) ?? []);
          const calls: string[] = [];
          expect(partsForPeriod(near, accounts, after, partOf(calls))).toEqual(accounts.flatMap((x, at) => inIt(after)(x, at) ?? []));
          // Only the accounts the new period takes in that the other left out were worked out.
          expect(calls).toEqual(accounts.filter((x, at) => inIt(after)(x, at) && !inIt(before)(x, at)).map((x) => x.id));
        },
      ),
    );
  });
});
