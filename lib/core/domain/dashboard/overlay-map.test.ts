import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OverlayMap } from './overlay-map';

// The plain map a copy-and-patch gives, in the overlay's order: the kept keys where they were, new ones after.
function copied(base: ReadonlyMap<string, number>, removed: readonly string[], set: readonly (readonly [string, number])[]) {
  const out = new Map(base);
  for (const k of removed) out.delete(k);
  for (const [k, v] of set) out.set(k, v);
  return out;
}

const key = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `k${i}`));
const patch = fc.record({
  removed: fc.array(key, { maxLength: 4 }),
  set: fc.array(fc.tuple(key, fc.integer()), { maxLength: 4 }),
});

describe('OverlayMap', () => {
  it('reads, sizes and lists like the map copied and patched, over any chain of patches', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer()), { maxLength: 10 }), fc.array(patch, { minLength: 1, maxLength: 6 }), (start, patches) => {
        let expected: ReadonlyMap<string, number> = new Map(start);
        let overlay: ReadonlyMap<string, number> = new Map(start);
        for (const { removed, set } of patches) {
          expected = copied(expected, removed, set);
          overlay = OverlayMap.of(overlay, removed, set);
        }
        expect(overlay.size).toBe(expected.size);
        for (let i = 0; i < 12; i++) {
          expect(overlay.has(`k${i}`)).toBe(expected.has(`k${i}`));
          expect(overlay.get(`k${i}`)).toBe(expected.get(`k${i}`));
        }
        // Same entries; the kept ones in their first order.
        expect(new Map(overlay)).toEqual(expected);
        expect([...overlay.keys()].sort()).toEqual([...expected.keys()].sort());
        const listed: [string, number][] = [];
        overlay.forEach((v, k) => listed.push([k, v]));
        expect(listed).toEqual([...overlay.entries()]);
      }),
    );
  });

  it('keeps the order of the map it was made from and never changes that map', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const overlay = OverlayMap.of(
      base,
      ['a'],
      [
        ['b', 20],
        ['d', 4],
      ],
    );
    expect([...overlay]).toEqual([
      ['b', 20],
      ['c', 3],
      ['d', 4],
    ]);
    overlay.set('e', 5);
    overlay.delete('c');
    expect([...overlay.keys()]).toEqual(['b', 'd', 'e']);
    expect(overlay.size).toBe(3);
    expect([...base]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('stays right across more writes than it lays over a map before copying it', () => {
    const base = new Map(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i] as const));
    let overlay: ReadonlyMap<string, number> = base;
    // 2,000 writes of one entry each: past 1,024 the overlay is copied and starts again.
    for (let i = 0; i < 2000; i++) overlay = OverlayMap.of(overlay, [`k${i}`], [[`n${i}`, -i]]);
    expect(overlay.size).toBe(5000);
    expect(overlay.get('k1999')).toBeUndefined();
    expect(overlay.get('n1999')).toBe(-1999);
    expect(overlay.get('k2000')).toBe(2000);
    expect([...overlay.keys()].slice(0, 2)).toEqual(['k2000', 'k2001']);
  });
});
