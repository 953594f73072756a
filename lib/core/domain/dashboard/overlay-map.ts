// A prepared portfolio keeps maps over every account (health, ARR timelines,
// accounts by id, ICP results, kickoff statuses). A write to a few accounts of
// a large portfolio changes a few entries of each: copying every map cost more
// than working out the written accounts' figures. An overlay reads the entries
// written first and the map it was made from for the rest.

const REMOVED = Symbol('removed');

// Past this many entries written over a map, an overlay is copied into a map of its own: reads stay one lookup
// or two, and the copies' cost is spread over that many writes.
const MIN_FLATTEN = 1024;

/**
 * `base` with the entries in `changes` set over it (REMOVED for a key taken
 * out), without copying `base`; entries keep `base`'s order, new keys follow.
 * `base` must not change afterwards, and no value is undefined. `set` and
 * `delete` change the overlay only (a memo filled as figures are computed).
 */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  readonly #base: ReadonlyMap<K, V>;
  readonly #changes: Map<K, V | typeof REMOVED>;
  #size: number;

  private constructor(base: ReadonlyMap<K, V>, changes: Map<K, V | typeof REMOVED>) {
    this.#base = base;
    this.#changes = changes;
    let size = base.size;
    changes.forEach((v, k) => {
      if (base.has(k)) {
        if (v === REMOVED) size--;
      } else if (v !== REMOVED) size++;
    });
    this.#size = size;
  }

  /** `map` without the entries of `removed`, then with those of `set`; a plain copy once enough was written over it. */
  static of<K, V>(map: ReadonlyMap<K, V>, removed: Iterable<K>, set: Iterable<readonly [K, V]> = []): ReadonlyMap<K, V> & OverlayMap<K, V> {
    const base = map instanceof OverlayMap ? (map.#base as ReadonlyMap<K, V>) : map;
    const changes = new Map<K, V | typeof REMOVED>(map instanceof OverlayMap ? (map.#changes as Map<K, V | typeof REMOVED>) : []);
    for (const k of removed) changes.set(k, REMOVED);
    for (const [k, v] of set) changes.set(k, v);
    if (changes.size > Math.max(MIN_FLATTEN, base.size >> 3)) {
      const flat = new Map<K, V>();
      base.forEach((v, k) => {
        const c = changes.get(k);
        if (c === undefined) flat.set(k, v);
        else if (c !== REMOVED) flat.set(k, c);
      });
      changes.forEach((v, k) => {
        if (v !== REMOVED && !base.has(k)) flat.set(k, v);
      });
      return new OverlayMap(flat, new Map());
    }
    return new OverlayMap(base, changes);
  }

  get size(): number {
    return this.#size;
  }

  // One lookup among the changes and one in the base: a figure reads every account's entry, so each lookup counts.
  // The maps this lays over hold no undefined values.
  get(key: K): V | undefined {
    const changed = this.#changes.get(key);
    if (changed !== undefined) return changed === REMOVED ? undefined : changed;
    return this.#base.get(key);
  }

  has(key: K): boolean {
    const changed = this.#changes.get(key);
    if (changed !== undefined) return changed !== REMOVED;
    return this.#base.has(key);
  }

  set(key: K, value: V): this {
    if (!this.has(key)) this.#size++;
    this.#changes.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.#size--;
    this.#changes.set(key, REMOVED);
    return true;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.#base) {
      const c = this.#changes.get(k);
      if (c === undefined) yield [k, v];
      else if (c !== REMOVED) yield [k, c];
    }
    for (const [k, c] of this.#changes) if (c !== REMOVED && !this.#base.has(k)) yield [k, c];
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this);
  }

  get [Symbol.toStringTag](): string {
    return 'OverlayMap';
  }
}
