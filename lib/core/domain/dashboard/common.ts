import { z } from 'zod';
// Only the type: the panel's first paint loads this module, and the filters' module builds schemas.
import type { DashboardFilter } from './filters';

// Currency codes as accounts carry them (ISO 4217, three letters).
export const CurrencyCodeSchema = z.string().length(3);

// Amounts are kept per currency and never summed across currencies: there is
// no exchange rate in the product, and a total in mixed units means nothing.
export const MoneySchema = z.object({ currency: CurrencyCodeSchema, amount: z.number() });
export const MoneyByCurrencySchema = z.array(MoneySchema);

// Every number on the dashboard carries the accounts behind it, so any figure
// can be drilled into and checked.
export const AccountIdsSchema = z.array(z.string());

// A record a number could not include, and why. Nothing is dropped silently:
// the page lists these beside the number they are missing from.
export const NotCountedSchema = z.object({
  metric: z.string(),
  recordType: z.enum(['account', 'commitment', 'flag', 'arr-change']),
  id: z.string(),
  accountId: z.string().nullable(),
  name: z.string(),
  because: z.string(),
});

export const MetricDefinitionSchema = z.object({ label: z.string(), definition: z.string() });

export type Money = z.infer<typeof MoneySchema>;
export type MoneyByCurrency = z.infer<typeof MoneyByCurrencySchema>;
export type NotCounted = z.infer<typeof NotCountedSchema>;
export type MetricDefinition = z.infer<typeof MetricDefinitionSchema>;

/** An account left out of a figure, and why. */
export const accountNotCounted = (account: { id: string; name: string }, metric: string, because: string): NotCounted => ({
  metric,
  recordType: 'account',
  id: account.id,
  accountId: account.id,
  name: account.name,
  because,
});

/** Sums amounts per currency, currencies in code order; an empty input gives an empty list. */
export function sumByCurrency(items: Iterable<{ currency: string; amount: number }>): MoneyByCurrency {
  const totals = new Map<string, number>();
  // An indexed loop over a list: every figure sums its amounts, often before the loop is optimised.
  const list = Array.isArray(items) ? (items as readonly { currency: string; amount: number }[]) : [...items];
  for (let i = 0; i < list.length; i++) totals.set(list[i]!.currency, (totals.get(list[i]!.currency) ?? 0) + list[i]!.amount);
  return moneyByCurrency(totals);
}

/** Totals kept per currency, as a per-currency list in code order. */
export function moneyByCurrency(totals: ReadonlyMap<string, number>): MoneyByCurrency {
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, amount]) => ({ currency, amount }));
}

/** The amount for one currency in a per-currency list (0 when absent). */
export function amountIn(money: MoneyByCurrency, currency: string): number {
  return money.find((m) => m.currency === currency)?.amount ?? 0;
}

/**
 * Whole-number share in 0–100, or null when there is nothing to take a share
 * of. Rounded to the nearest point, but never up to 100 unless every item
 * counts, and never down to 0 unless none does: "100%" and "0%" are claims.
 */
export function sharePercent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  const p = Math.round((part / whole) * 100);
  if (p === 100 && part < whole) return 99;
  if (p === 0 && part > 0) return 1;
  return Math.min(100, Math.max(0, p));
}

/** A ratio as a percentage with one decimal (retention can exceed 100). */
export function ratioPercent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

export function groupByKey<T>(items: Iterable<T>, key: (item: T) => string | null | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  // A portfolio's readings are grouped once per read, often before the loop is optimised: an indexed loop over an
  // array makes no iterator steps.
  const list: readonly T[] = Array.isArray(items) ? items : [...items];
  // Records of one account often lie together (an import, the demo): the group of the item before is tried first.
  let lastKey: string | undefined;
  let lastGroup: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i]!;
    const k = key(item);
    if (k === null || k === undefined) continue;
    if (k === lastKey) {
      lastGroup!.push(item);
      continue;
    }
    let group = map.get(k);
    if (group) group.push(item);
    else map.set(k, (group = [item]));
    lastKey = k;
    lastGroup = group;
  }
  return map;
}

export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The first index of a sorted list whose item is not `before` the one being
 * placed (`before` holds for a leading run of the list): where that item
 * goes, or where its equal stands. A binary search.
 */
export function insertionPoint<T>(list: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Where a record's account stands in the accounts list (accountPlaces), when it has none, or when its id is no account's.
export const NO_ACCOUNT = -1;
export const UNKNOWN_ACCOUNT = -2;

/**
 * Each account's place in the list by id (of two accounts with one id, the
 * later, as a lookup by id finds it), and the ids in list order. The figures
 * that read the accounts of many records work out each record's place once
 * and keep it between filter changes: on a large portfolio a lookup by id per
 * record, per filter, cost more than the figures, and so did reading an id
 * from its account (an object anywhere in memory) rather than from this list.
 */
export type AccountPlaces = { byId: ReadonlyMap<string, number>; ids: readonly string[] };

export function accountPlaces(accounts: readonly { id: string }[]): AccountPlaces {
  const byId = new Map<string, number>();
  const ids = new Array<string>(accounts.length);
  for (let i = 0; i < accounts.length; i++) {
    ids[i] = accounts[i]!.id;
    byId.set(ids[i]!, i);
  }
  return { byId, ids };
}

/** The place (accountPlaces) of each record's account, NO_ACCOUNT or UNKNOWN_ACCOUNT. */
export function placesOf(records: readonly { accountId: string | null }[], places: AccountPlaces): Int32Array {
  const out = new Int32Array(records.length);
  for (let n = 0; n < records.length; n++) {
    const id = records[n]!.accountId;
    out[n] = id === null ? NO_ACCOUNT : (places.byId.get(id) ?? UNKNOWN_ACCOUNT);
  }
  return out;
}

/**
 * Lists accounts each once, in the order first given, by their places: a mark
 * per place rather than a set of ids, which on a large portfolio cost more
 * than the rest of a figure. One object serves any number of lists in turn.
 */
export class AccountLists {
  readonly #ids: readonly string[];
  readonly #seen: Int32Array;
  #list = 0;
  constructor(places: AccountPlaces) {
    this.#ids = places.ids;
    this.#seen = new Int32Array(places.ids.length);
  }
  /** The ids of the accounts at `places` (those below 0, no account, skipped), each once. */
  ids(places: Iterable<number>): string[] {
    const list = ++this.#list;
    const out: string[] = [];
    for (const at of places) {
      if (at < 0 || this.#seen[at] === list) continue;
      this.#seen[at] = list;
      out.push(this.#ids[at]!);
    }
    return out;
  }
}

/** A figure's per-account parts, worked out afresh for the accounts the filter selects, in their order (see partsAfter). */
export function partsOf<A, P extends { at: number }>(selected: readonly A[], partOf: (account: A, at: number) => P | null): P[] {
  const parts: P[] = [];
  for (let n = 0; n < selected.length; n++) {
    const part = partOf(selected[n]!, n);
    if (part) parts.push(part);
  }
  return parts;
}

/**
 * A figure's per-account parts for the accounts of `near`'s figure (the same
 * selection, in the same places) under another period, for a figure where the
 * period only decides whether an account has a part, by its close date: an
 * account with no close date, or one the period takes in, keeps the part it
 * had (a person trying periods changes no account), and only an account the
 * new period takes in that the other left out is worked out by `partOf`.
 */
export function partsForPeriod<A extends { closedWonDate?: string }, P extends { at: number }>(
  near: readonly P[],
  selected: readonly A[],
  filter: DashboardFilter,
  partOf: (account: A, at: number) => P | null,
): P[] {
  const parts: P[] = [];
  let k = 0;
  for (let n = 0; n < selected.length; n++) {
    const account = selected[n]!;
    const close = account.closedWonDate;
    // A close date is a calendar date (inPeriod's comparison without its cut to the date).
    if (close !== undefined && (close < filter.from || close > filter.to)) continue;
    while (k < near.length && near[k]!.at < n) k++;
    const part = k < near.length && near[k]!.at === n ? near[k]! : partOf(account, n);
    if (part) parts.push(part);
  }
  return parts;
}

/**
 * A figure's per-account parts (each at its account's place in `selected`, the
 * accounts the filter selects, in that order; an account may have none) with
 * those of `accounts` worked out again by `partOf`. `selected` must list the
 * same accounts in the same places as when the parts were made; `accountsById`
 * gives the objects it lists.
 */
export function partsAfter<A, P extends { at: number }>(
  parts: readonly P[],
  accounts: ReadonlySet<string>,
  selected: readonly A[],
  accountsById: ReadonlyMap<string, A>,
  partOf: (account: A, at: number) => P | null,
): P[] {
  const out = parts.slice();
  for (const id of accounts) {
    const account = accountsById.get(id);
    const at = account === undefined ? -1 : selected.indexOf(account);
    if (at < 0) continue;
    const k = insertionPoint(out, (p) => p.at < at);
    const part = partOf(account!, at);
    const had = k < out.length && out[k]!.at === at ? 1 : 0;
    if (part) out.splice(k, had, part);
    else if (had) out.splice(k, 1);
  }
  return out;
}

const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 for an ISO calendar date (already validated). Plain
 * day arithmetic on dates that carry no time or zone: the difference of two
 * is the calendar-day difference, with no parsing cost when a portfolio of
 * tens of thousands of accounts is measured.
 */
export function dayNumber(dateIso: string): number {
  return Date.UTC(Number(dateIso.slice(0, 4)), Number(dateIso.slice(5, 7)) - 1, Number(dateIso.slice(8, 10))) / DAY_MS;
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
