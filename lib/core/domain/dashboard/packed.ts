import { z } from 'zod';
import { safeParseOf } from '../../parse';
import { arrChangeBreaches } from './arr-history';
import { DashboardDataSchema, type DashboardData } from './dashboard';
import { ACCOUNT_FILTER_FIELDS, matchesAccountFilter, selectsAccounts, type DashboardFilter } from './filters';
import { plainCheckOf } from './plain-check';

/**
 * The dashboard's inputs in columns, kept by the local store so that a worker
 * Chrome has just started reads them as one record rather than as some
 * hundred thousand rows: IndexedDB hands a row over at a cost per object, and
 * zod checks it at a cost per field, both far above the figures' own cost.
 * Reading the one record costs Chrome in proportion to its bytes (some 17 ms a
 * megabyte on this machine, typed arrays and strings alike), so it is kept
 * small:
 * - each list is a column per field of its row schema, in the schema's order;
 *   a column holds its distinct values once (`distinct`) and, per row, which
 *   of them the row holds (`at`: one byte a row for up to 256 distinct values,
 *   two for up to 65,536, four beyond);
 * - a number column's distinct values are numbers (NaN where the field is
 *   absent: no schema takes NaN); any other column's are indexes into one
 *   list of the distinct strings of every column (JSON text for values that
 *   are not strings; -1 where absent).
 * Every value is checked on the way back with its field's schema, once per
 * distinct value of a column, and the whole row too where its schema has a
 * rule across fields. A field whose schema is made of zod's plain parts is
 * checked by their predicate (plainCheckOf), which takes only what zod passes
 * unchanged: in a worker Chrome has just started, zod's parse cost a filter's
 * first answer some 60 ms of its 300.
 */
export const PACKED_FORMAT = 2;

type ListName = keyof DashboardData;
// Every list DashboardData holds, with the schema of its rows.
const ROWS = new Map(
  Object.entries(DashboardDataSchema.shape).map(([name, list]) => {
    const rows: z.ZodObject = (list instanceof z.ZodOptional ? list.unwrap() : list).element;
    return [name as ListName, rows];
  }),
);
const LISTS = [...ROWS.keys()];

type Breach = { path: string; message: string };
// Of each list whose rows hold a rule across fields, that rule alone, asked of a row whose fields each passed: the
// row's schema would check every field again, at some 10 µs a row in a fresh worker.
const ROW_RULES: Partial<Record<ListName, (row: never) => Breach[]>> = { arrChanges: arrChangeBreaches };
for (const [name, rows] of ROWS) {
  if ((rows.def.checks?.length ?? 0) > 0 && ROW_RULES[name] === undefined)
    throw new Error(`The rule across the fields of ${name} is not asked of its packed rows`);
}

const RowIndexesSchema = z.union([z.instanceof(Uint8Array), z.instanceof(Uint16Array), z.instanceof(Uint32Array)]);
const ColumnSchema = z.discriminatedUnion('kind', [
  z.object({ field: z.string(), kind: z.literal('number'), distinct: z.instanceof(Float64Array), at: RowIndexesSchema }),
  z.object({ field: z.string(), kind: z.enum(['text', 'json']), distinct: z.instanceof(Int32Array), at: RowIndexesSchema }),
]);
const PackedListSchema = z.object({ rows: z.number().int().min(0), columns: z.array(ColumnSchema) });

export const PackedDashboardDataSchema = z.object({
  format: z.literal(PACKED_FORMAT),
  // Each is checked where a row that is unpacked holds it: checking some hundred thousand up front costs more than
  // the few a filter's accounts hold.
  strings: z.custom<readonly unknown[]>((v) => Array.isArray(v), 'not a list'),
  // Every list of DashboardData, which the types ask for: one left out here would be dropped on the way back.
  lists: z.object({
    accounts: PackedListSchema,
    snapshots: PackedListSchema,
    commitments: PackedListSchema,
    flags: PackedListSchema,
    handoff: PackedListSchema,
    approvals: PackedListSchema,
    arrChanges: PackedListSchema,
    firstValues: PackedListSchema.optional(),
  } satisfies Record<ListName, z.ZodType>),
});

export type PackedDashboardData = z.infer<typeof PackedDashboardDataSchema>;
type Column = z.infer<typeof ColumnSchema>;

// Which of a column's distinct values each row holds, in the fewest bytes that count them.
function rowIndexes(slots: readonly number[], distinct: number): Column['at'] {
  if (distinct <= 0x100) return Uint8Array.from(slots);
  if (distinct <= 0x10000) return Uint16Array.from(slots);
  return Uint32Array.from(slots);
}

// Distinct values in the order first seen, and the slot of each value among them.
function distinctValues<T>(): { distinct: T[]; slot(value: T): number } {
  const slotOf = new Map<T, number>();
  const distinct: T[] = [];
  const slot = (value: T) => {
    let i = slotOf.get(value);
    if (i === undefined) {
      i = distinct.length;
      distinct.push(value);
      slotOf.set(value, i);
    }
    return i;
  };
  return { distinct, slot };
}

export function packDashboardData(data: DashboardData): PackedDashboardData {
  // Of every column: a string another column holds too is kept once.
  const strings = distinctValues<string>();
  const pack = (name: ListName, rows: readonly Record<string, unknown>[]) => {
    const columns: Column[] = [];
    for (const field of Object.keys(ROWS.get(name)!.shape)) {
      const values = rows.map((r) => r[field]);
      if (values.every((v) => v === undefined)) continue;
      if (values.every((v) => v === undefined || typeof v === 'number')) {
        const { distinct, slot } = distinctValues<number>();
        const slots = values.map((v) => slot(v === undefined ? NaN : (v as number)));
        columns.push({ field, kind: 'number', distinct: Float64Array.from(distinct), at: rowIndexes(slots, distinct.length) });
      } else {
        const text = values.every((v) => v === undefined || typeof v === 'string');
        const { distinct, slot } = distinctValues<number>();
        const slots = values.map((v) => slot(v === undefined ? -1 : strings.slot(text ? (v as string) : JSON.stringify(v))));
        columns.push({ field, kind: text ? 'text' : 'json', distinct: Int32Array.from(distinct), at: rowIndexes(slots, distinct.length) });
      }
    }
    return { rows: rows.length, columns };
  };
  const lists = Object.fromEntries(
    LISTS.flatMap((name) => {
      const rows = data[name];
      return rows === undefined ? [] : [[name, pack(name, rows as readonly Record<string, unknown>[])]];
    }),
  ) as PackedDashboardData['lists'];
  return { format: PACKED_FORMAT, strings: strings.distinct, lists };
}

export type Unpacked = { success: true; data: DashboardData } | { success: false; field: string; message: string };

/**
 * The inputs packDashboardData packed, every value checked; the first value
 * that fails, by its place, if one does. Given a filter that selects accounts
 * (a segment, an owner AE or a CSM), only those accounts and the records that
 * belong to them or to no account of the list, each list in its order: all
 * the figures under that filter read (`packed.test.ts` holds their figures
 * to the whole portfolio's), at a cost that follows their share of it.
 */
export function unpackDashboardData(value: unknown, filter?: DashboardFilter): Unpacked {
  return packedReader(value).read(filter);
}

type Refusal = { field: string; message: string };

/** One packed value, read once or more: a filter's accounts, another's, then the whole. */
export interface PackedReader {
  /** As unpackDashboardData. */
  read(filter?: DashboardFilter): Unpacked;
  /**
   * As read, a step at a time (a column's values each, a list's rows some
   * CELLS_PER_STEP fields each), for a caller that
   * lets other work run between the steps: a read made meanwhile shares
   * every value checked so far.
   */
  readInSteps(filter?: DashboardFilter): Generator<void, Unpacked, void>;
  /**
   * Does ahead, for a caller with time to spare before the reads, what every
   * read does first whatever its filter: checks the shape, reads the
   * accounts' fields a filter selects by and every record's account, and
   * checks the first row of each list, which readies every field's check (in
   * a fresh worker a check's first call costs many times its next ones). A
   * check that fails here is left for the read to report by its row. A step
   * at a time, as readInSteps.
   */
  readAheadInSteps(): Generator<void, void, void>;
  /**
   * As read, for the first `accounts` accounts of the list rather than a
   * filter's: a small portfolio of the same inputs, to run the figures' code
   * on ahead of the reads a person waits for. A step at a time, as
   * readInSteps.
   */
  readFirstInSteps(accounts: number): Generator<void, Unpacked, void>;
}

/**
 * unpackDashboardData for one packed value asked for more than once: its
 * shape is checked on the first call only, each distinct value of a column
 * once across the calls (a filter's accounts hold many values another's
 * hold), and the accounts' fields a filter selects by are read once.
 */
export function packedReader(value: unknown, { cellsPerStep = CELLS_PER_STEP }: { cellsPerStep?: number } = {}): PackedReader {
  let state: ReadState | Refusal | undefined;
  const stateOf = (): ReadState | Refusal => {
    if (state === undefined) {
      const shape = safeParseOf(PackedDashboardDataSchema, value);
      const issue = shape.error?.issues[0];
      state = shape.success
        ? { packed: shape.data, checked: new Map(), stored: new Map(), cellsPerStep }
        : { field: issue!.path.join('.'), message: issue!.message };
    }
    return state;
  };
  const stepsOf = function* (pick: AccountPick | null): Generator<void, Unpacked, void> {
    const s = stateOf();
    return 'field' in s ? { success: false, ...s } : yield* unpackChecked(s, pick);
  };
  const readInSteps = (filter?: DashboardFilter) => stepsOf(selectsAccounts(filter) ? (account) => matchesAccountFilter(account, filter) : null);
  return {
    read: (filter) => drain(readInSteps(filter)),
    readFirstInSteps: (accounts) => stepsOf((_, i) => i < accounts),
    readInSteps,
    readAheadInSteps,
  };
  function* readAheadInSteps(): Generator<void, void, void> {
    const s = stateOf();
    if ('field' in s) return;
    if (s.accounts === undefined) {
      const accounts = yield* accountsInSteps(s);
      // A read made between the steps may have read them meanwhile.
      s.accounts ??= accounts;
    }
    for (const name of LISTS) {
      const list = s.packed.lists[name];
      if (list === undefined || list.rows === 0) continue;
      yield* listInSteps(s, name, list, FIRST_ROW);
      const account = accountColumn(name, list);
      if (account !== undefined) storedValues(s, account);
      yield;
    }
  }
}

const FIRST_ROW = [0];

// A list's rows are made this many fields at a time, a step each (readInSteps): made in one step, the 33,000 health
// readings of 10,000 accounts took 30-90 ms, which a filter changed while the whole store is read ahead waited for.
const CELLS_PER_STEP = 20_000;

// A column's distinct value not checked yet (undefined is a value: the field is absent).
const NOT_CHECKED = Symbol('not checked');

interface ReadState {
  packed: PackedDashboardData;
  // Of each column, its distinct values by slot, each NOT_CHECKED until its check passed.
  checked: Map<Column, unknown[]>;
  // What every filter's choice of accounts reads (rowsOfAccounts).
  accounts?: Selection | Refusal;
  // Of the columns rows are chosen by (accounts' ids, other lists' accounts), their distinct values as stored.
  stored: Map<Column, unknown[]>;
  cellsPerStep: number;
}

interface Selection {
  chosen: Pick<DashboardData['accounts'][number], (typeof ACCOUNT_FILTER_FIELDS)[number]>[];
  ids: unknown[];
  known: Set<unknown>;
}

function checkedOf(state: ReadState, column: Column): unknown[] {
  let known = state.checked.get(column);
  if (known === undefined) {
    known = new Array<unknown>(column.distinct.length).fill(NOT_CHECKED);
    state.checked.set(column, known);
  }
  return known;
}

// A generator's steps run to its end, with nothing in between (the reader's tests run its steps so too).
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

// Which accounts a read unpacks, by their fields a filter selects by or their place in the list; null for all.
type AccountPick = (account: Selection['chosen'][number], index: number) => boolean;

function* unpackChecked(state: ReadState, pick: AccountPick | null): Generator<void, Unpacked, void> {
  const { lists } = state.packed;
  const only = pick === null ? null : rowsOfAccounts(state, pick);
  if (only !== null && !(only instanceof Map)) return { success: false, ...only };
  const data: Partial<Record<ListName, unknown[]>> = {};
  for (const name of LISTS) {
    const list = lists[name];
    if (list === undefined) continue;
    const unpacked = yield* listInSteps(state, name, list, only?.get(name) ?? null);
    if (!Array.isArray(unpacked)) return { success: false, ...unpacked };
    data[name] = unpacked;
  }
  return { success: true, data: data as DashboardData };
}

type PackedList = z.infer<typeof PackedListSchema>;
// The distinct strings by their number, as stored: each is checked to be one where it is read.
type Strings = readonly unknown[];

// The rows of each list the picked accounts need: those accounts, and the records whose account is one of
// them, is none, or is not in the list (a record of no known account belongs to no filter's accounts, so the figures
// treat it alike under every filter). Ids are compared as stored, as their schema keeps them as given; each is
// checked where its row is unpacked.
function rowsOfAccounts(state: ReadState, pick: AccountPick): Map<ListName, number[]> | Refusal {
  const { lists } = state.packed;
  const accounts = (state.accounts ??= accountsOf(state));
  if (!('known' in accounts)) return accounts;
  const { chosen, ids, known } = accounts;
  const selected = new Set<unknown>();
  const rows = new Map<ListName, number[]>([['accounts', []]]);
  for (let i = 0; i < chosen.length; i++) {
    if (!pick(chosen[i]!, i)) continue;
    selected.add(ids[i]);
    rows.get('accounts')!.push(i);
  }
  for (const name of LISTS) {
    const list = lists[name];
    if (name === 'accounts' || list === undefined) continue;
    const column = accountColumn(name, list);
    const theirs: number[] = [];
    if (column === undefined) {
      for (let i = 0; i < list.rows; i++) theirs.push(i);
    } else {
      const accountOf = storedValues(state, column);
      // Whether the rows holding each distinct account are kept.
      const kept = new Uint8Array(accountOf.length);
      for (let k = 0; k < kept.length; k++) kept[k] = !known.has(accountOf[k]) || selected.has(accountOf[k]) ? 1 : 0;
      const { at } = column;
      for (let i = 0; i < list.rows; i++) {
        const slot = at[i]!;
        if (slot >= kept.length || kept[slot] === 1) theirs.push(i);
      }
    }
    rows.set(name, theirs);
  }
  return rows;
}

// The accounts, of their fields a filter selects by, each checked, and of their ids as stored.
function accountsOf(state: ReadState): Selection | Refusal {
  return drain(accountsInSteps(state));
}

// accountsOf, a step per column, then one for the ids.
function* accountsInSteps(state: ReadState): Generator<void, Selection | Refusal, void> {
  const { accounts } = state.packed.lists;
  const chosen = yield* listInSteps(state, 'accounts', accounts, null, ACCOUNT_FILTER_FIELDS);
  if (!Array.isArray(chosen)) return chosen;
  yield;
  const column = accounts.columns.find((c) => c.field === 'id');
  const ids = new Array<unknown>(accounts.rows);
  if (column !== undefined) {
    const stored = storedValues(state, column);
    for (let i = 0; i < ids.length; i++) ids[i] = stored[column.at[i]!];
  }
  return { chosen: chosen as Selection['chosen'], ids, known: new Set(ids) };
}

function accountColumn(name: ListName, list: PackedList): Column | undefined {
  return name === 'accounts' ? undefined : list.columns.find((c) => c.field === 'accountId');
}

// The column's distinct values as stored, unchecked (rawValue's, and undefined where that is refused: refused by name
// where its list is unpacked), read once per column across filters.
function storedValues(state: ReadState, column: Column): unknown[] {
  let stored = state.stored.get(column);
  if (stored === undefined) {
    stored = new Array<unknown>(column.distinct.length);
    for (let k = 0; k < stored.length; k++) {
      const raw = rawValue(column, column.distinct[k]!, state.packed.strings);
      stored[k] = 'refused' in raw ? undefined : raw.value;
    }
    state.stored.set(column, stored);
  }
  return stored;
}

// The list's rows (those `only` names, or all), each field checked, a step per column; `fields` limits it to those fields.
function* listInSteps(
  state: ReadState,
  name: ListName,
  list: PackedList,
  only: readonly number[] | null,
  fields?: readonly string[],
): Generator<void, unknown[] | Refusal, void> {
  const schema = ROWS.get(name)!;
  const shape = schema.shape as Record<string, z.ZodType>;
  const rows = only === null ? list.rows : only.length;
  const byField = new Map(list.columns.map((c) => [c.field, c]));
  const decoded: { field: string; values: unknown[] }[] = [];
  for (const [field, fieldSchema] of Object.entries(shape)) {
    if (fields !== undefined && !fields.includes(field)) continue;
    const column = byField.get(field);
    byField.delete(field);
    if (column === undefined) {
      if (list.rows > 0 && !safeParseOf(fieldSchema, undefined).success)
        return { field: `${name}.${field}`, message: 'the field is missing from every row' };
      continue;
    }
    if (column.at.length !== list.rows) return { field: `${name}.${field}`, message: `${column.at.length} values for ${list.rows} rows` };
    const values = valuesOf(state, column, only, fieldSchema);
    if (!Array.isArray(values)) return { field: `${name}[${values.row}].${field}`, message: values.message };
    decoded.push({ field, values });
    yield;
  }
  const [unknown] = byField.keys();
  if (unknown !== undefined && fields === undefined) return { field: `${name}.${unknown}`, message: 'no such field' };
  const out: unknown[] = new Array(rows);
  const rowsPerStep = Math.max(1, Math.floor(state.cellsPerStep / Math.max(1, decoded.length)));
  for (let j = 0; j < rows; j++) {
    if (j > 0 && j % rowsPerStep === 0) yield;
    const row: Record<string, unknown> = {};
    for (let f = 0; f < decoded.length; f++) {
      const { field, values } = decoded[f]!;
      const v = values[j];
      if (v !== undefined) row[field] = v;
    }
    out[j] = row;
  }
  // A rule across fields (an ARR change's amount and reason) holds for a row, not for its values one by one.
  const rule = fields === undefined ? ROW_RULES[name] : undefined;
  for (let j = 0; rule !== undefined && j < rows; j++) {
    const [breach] = rule(out[j] as never);
    if (breach !== undefined) return { field: `${name}[${only === null ? j : only[j]}].${breach.path}`, message: breach.message };
  }
  return out;
}

type ColumnRefusal = { row: number; message: string };

// The column's value of each row asked for. The distinct values those rows hold that no read checked yet are read;
// those the field's plain check does not take are checked in one call of its schema over them all (a call per value
// costs more than the check itself), which refuses or takes each as zod does; a refusal names the first row that
// holds the value.
function valuesOf(state: ReadState, column: Column, only: readonly number[] | null, fieldSchema: z.ZodType): unknown[] | ColumnRefusal {
  const rows = only === null ? column.at.length : only.length;
  const known = checkedOf(state, column);
  const plain = plainCheckOf(fieldSchema);
  // The first row asked for that holds each distinct value to check, plus one; 0 for none.
  const firstRow = new Int32Array(known.length);
  const slots: number[] = [];
  const distinct: unknown[] = [];
  for (let j = 0; j < rows; j++) {
    const i = only === null ? j : only[j]!;
    const slot = column.at[i]!;
    if (slot >= known.length) return { row: i, message: 'no such value' };
    if (known[slot] !== NOT_CHECKED || firstRow[slot] !== 0) continue;
    const raw = rawValue(column, column.distinct[slot]!, state.packed.strings);
    if ('refused' in raw) return { row: i, message: raw.refused };
    if (plain !== undefined && plain(raw.value)) {
      known[slot] = raw.value;
      continue;
    }
    firstRow[slot] = i + 1;
    slots.push(slot);
    distinct.push(raw.value);
  }
  if (slots.length > 0) {
    const checked = checkedValues(fieldSchema, distinct);
    if (!checked.success) return { row: firstRow[slots[checked.index]!]! - 1, message: checked.message };
    for (let k = 0; k < slots.length; k++) known[slots[k]!] = checked.data[k];
  }
  const out: unknown[] = new Array(rows);
  for (let j = 0; j < rows; j++) out[j] = known[column.at[only === null ? j : only[j]!]!];
  return out;
}

// The distinct values checked in one call of the field's schema over them all; the first refused by its place among
// them. A value zod's own checks throw on (safeParseOf) is refused like any other, by its row.
function checkedValues(
  fieldSchema: z.ZodType,
  distinct: unknown[],
): { success: true; data: unknown[] } | { success: false; index: number; message: string } {
  const checked = safeParseOf(listOf(fieldSchema), distinct);
  if (checked.success) return { success: true, data: checked.data };
  const issue = checked.error.issues[0]!;
  return { success: false, index: issue.path[0] as number, message: issue.message };
}

// The list schema of each field's values, made once: each is readied on its first use.
const valueLists = new WeakMap<z.ZodType, z.ZodArray>();
function listOf(fieldSchema: z.ZodType): z.ZodArray {
  let list = valueLists.get(fieldSchema);
  if (list === undefined) {
    list = z.array(fieldSchema);
    valueLists.set(fieldSchema, list);
  }
  return list;
}

// A distinct value as stored, before its check: absent as undefined.
function rawValue(column: Column, v: number, strings: Strings): { value: unknown } | { refused: string } {
  if (column.kind === 'number') return { value: Number.isNaN(v) ? undefined : v };
  if (v === -1) return { value: undefined };
  const stored = strings[v];
  if (typeof stored !== 'string') return { refused: 'no such string' };
  if (column.kind === 'text') return { value: stored };
  try {
    return { value: JSON.parse(stored) as unknown };
  } catch {
    return { refused: 'not JSON' };
  }
}
