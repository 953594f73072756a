import { z } from 'zod';
import { DashboardDataSchema, type DashboardData } from './dashboard';
import { ACCOUNT_FILTER_FIELDS, matchesAccountFilter, selectsAccounts, type DashboardFilter } from './filters';

/**
 * The dashboard's inputs in columns, kept by the local store so that a worker
 * Chrome has just started reads them as one record rather than as some
 * hundred thousand rows: IndexedDB hands a row over at a cost per object, and
 * zod checks it at a cost per field, both far above the figures' own cost.
 * Each list is a column per field of its row schema, in the schema's order:
 * numbers in a Float64Array (NaN where the field is absent: no schema takes
 * NaN), strings and other values as indexes into one list of distinct strings
 * (JSON text for values that are neither; -1 where absent). Every value is
 * checked on the way back with its field's schema, once per distinct value,
 * and the whole row too where its schema has a rule across fields.
 */
export const PACKED_FORMAT = 1;

type ListName = keyof DashboardData;
// Every list DashboardData holds, with the schema of its rows.
const ROWS = new Map(
  Object.entries(DashboardDataSchema.shape).map(([name, list]) => {
    const rows: z.ZodObject = (list instanceof z.ZodOptional ? list.unwrap() : list).element;
    return [name as ListName, rows];
  }),
);
const LISTS = [...ROWS.keys()];

const ColumnSchema = z.discriminatedUnion('kind', [
  z.object({ field: z.string(), kind: z.literal('number'), values: z.instanceof(Float64Array) }),
  z.object({ field: z.string(), kind: z.enum(['text', 'json']), values: z.instanceof(Int32Array) }),
]);
const PackedListSchema = z.object({ rows: z.number().int().min(0), columns: z.array(ColumnSchema) });

export const PackedDashboardDataSchema = z.object({
  format: z.literal(PACKED_FORMAT),
  strings: z.array(z.string()),
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

export function packDashboardData(data: DashboardData): PackedDashboardData {
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const intern = (s: string) => {
    let i = indexOf.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      indexOf.set(s, i);
    }
    return i;
  };
  const pack = (name: ListName, rows: readonly Record<string, unknown>[]) => {
    const columns: Column[] = [];
    for (const field of Object.keys(ROWS.get(name)!.shape)) {
      const values = rows.map((r) => r[field]);
      if (values.every((v) => v === undefined)) continue;
      if (values.every((v) => v === undefined || typeof v === 'number')) {
        columns.push({ field, kind: 'number', values: Float64Array.from(values, (v) => (v === undefined ? NaN : (v as number))) });
      } else {
        const text = values.every((v) => v === undefined || typeof v === 'string');
        const index = (v: unknown) => (v === undefined ? -1 : intern(text ? (v as string) : JSON.stringify(v)));
        columns.push({ field, kind: text ? 'text' : 'json', values: Int32Array.from(values, index) });
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
  return { format: PACKED_FORMAT, strings, lists };
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
  return packedReader(value)(filter);
}

/**
 * unpackDashboardData for one packed value asked for more than once (a
 * filter's accounts, then the whole): its shape, some hundred thousand
 * strings among it, is checked on the first call only.
 */
export function packedReader(value: unknown): (filter?: DashboardFilter) => Unpacked {
  let shape: ReturnType<typeof PackedDashboardDataSchema.safeParse> | undefined;
  return (filter) => {
    shape ??= PackedDashboardDataSchema.safeParse(value);
    if (!shape.success) {
      const issue = shape.error.issues[0]!;
      return { success: false, field: issue.path.join('.'), message: issue.message };
    }
    return unpackChecked(shape.data, filter);
  };
}

function unpackChecked(packed: PackedDashboardData, filter: DashboardFilter | undefined): Unpacked {
  const { strings, lists } = packed;
  const scratch: Scratch = { checkedBy: new Int32Array(strings.length), checkedAs: Array.from<unknown>({ length: strings.length }), column: 0 };
  const only = selectsAccounts(filter) ? rowsOfAccounts(lists, strings, scratch, filter) : null;
  if (only !== null && !(only instanceof Map)) return { success: false, ...only };
  const data: Partial<Record<ListName, unknown[]>> = {};
  for (const name of LISTS) {
    const list = lists[name];
    if (list === undefined) continue;
    const unpacked = unpackList(name, list, strings, scratch, only?.get(name) ?? null);
    if (!Array.isArray(unpacked)) return { success: false, ...unpacked };
    data[name] = unpacked;
  }
  return { success: true, data: data as DashboardData };
}

type PackedList = z.infer<typeof PackedListSchema>;
type Refusal = { field: string; message: string };
// Shared by every column of one unpacking, so that a string is looked up by its index rather than hashed: which
// column last checked each string (by its number), and the value the check gave.
type Scratch = { checkedBy: Int32Array; checkedAs: unknown[]; column: number };

// The rows of each list the filter's accounts need: the accounts it selects, and the records whose account is one of
// them, is none, or is not in the list (a record of no known account belongs to no filter's accounts, so the figures
// treat it alike under every filter). Ids are compared as stored, as their schema keeps them as given; each is
// checked where its row is unpacked.
function rowsOfAccounts(
  lists: PackedDashboardData['lists'],
  strings: readonly string[],
  scratch: Scratch,
  filter: DashboardFilter,
): Map<ListName, number[]> | Refusal {
  const { accounts } = lists;
  const chosen = unpackList('accounts', accounts, strings, scratch, null, ACCOUNT_FILTER_FIELDS);
  if (!Array.isArray(chosen)) return chosen;
  const ids = accounts.columns.find((c) => c.field === 'id');
  const idOf = (i: number): unknown => (ids === undefined ? undefined : storedValue(ids, ids.values[i]!, strings));
  const known = new Set<unknown>();
  const selected = new Set<unknown>();
  const rows = new Map<ListName, number[]>([['accounts', []]]);
  for (let i = 0; i < chosen.length; i++) {
    known.add(idOf(i));
    if (!matchesAccountFilter(chosen[i] as Pick<DashboardData['accounts'][number], (typeof ACCOUNT_FILTER_FIELDS)[number]>, filter)) continue;
    selected.add(idOf(i));
    rows.get('accounts')!.push(i);
  }
  // Whether a record's stored account (by the number of its string) is kept: 1 yes, 2 no; 0 not yet known.
  const keep = { text: new Uint8Array(strings.length), json: new Uint8Array(strings.length) };
  for (const name of LISTS) {
    const list = lists[name];
    if (name === 'accounts' || list === undefined) continue;
    const column = list.columns.find((c) => c.field === 'accountId');
    const theirs: number[] = [];
    if (column === undefined || column.kind === 'number') {
      for (let i = 0; i < list.rows; i++) theirs.push(i);
    } else {
      const marks = keep[column.kind];
      for (let i = 0; i < list.rows; i++) {
        const v = column.values[i]!;
        if (v < 0 || v >= strings.length) {
          theirs.push(i);
          continue;
        }
        if (marks[v] === 0) {
          const account = storedValue(column, v, strings);
          marks[v] = !known.has(account) || selected.has(account) ? 1 : 2;
        }
        if (marks[v] === 1) theirs.push(i);
      }
    }
    rows.set(name, theirs);
  }
  return rows;
}

// A value as stored, unchecked: text as it is, JSON read (undefined where it does not read, refused by name where
// its list is unpacked).
function storedValue(column: Column, v: number, strings: readonly string[]): unknown {
  if (column.kind === 'number') return Number.isNaN(v) ? undefined : v;
  if (v < 0 || v >= strings.length) return undefined;
  if (column.kind === 'text') return strings[v];
  try {
    return JSON.parse(strings[v]!);
  } catch {
    return undefined;
  }
}

// The list's rows (those `only` names, or all), each field checked; `fields` limits it to those fields.
function unpackList(
  name: ListName,
  list: PackedList,
  strings: readonly string[],
  scratch: Scratch,
  only: readonly number[] | null,
  fields?: readonly string[],
): unknown[] | Refusal {
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
      if (list.rows > 0 && !fieldSchema.safeParse(undefined).success)
        return { field: `${name}.${field}`, message: 'the field is missing from every row' };
      continue;
    }
    if (column.values.length !== list.rows) return { field: `${name}.${field}`, message: `${column.values.length} values for ${list.rows} rows` };
    const values =
      column.kind === 'number'
        ? numbersOf(column.values, only, fieldSchema)
        : textsOf(column.values, only, column.kind, fieldSchema, strings, scratch);
    if (!Array.isArray(values)) return { field: `${name}[${values.row}].${field}`, message: values.message };
    decoded.push({ field, values });
  }
  const [unknown] = byField.keys();
  if (unknown !== undefined && fields === undefined) return { field: `${name}.${unknown}`, message: 'no such field' };
  const out: unknown[] = new Array(rows);
  for (let j = 0; j < rows; j++) {
    const row: Record<string, unknown> = {};
    for (let f = 0; f < decoded.length; f++) {
      const { field, values } = decoded[f]!;
      const v = values[j];
      if (v !== undefined) row[field] = v;
    }
    out[j] = row;
  }
  // A rule across fields (an ARR change's amount and reason) holds for a row, not for its values one by one.
  if (fields === undefined && (schema.def.checks?.length ?? 0) > 0) {
    for (let j = 0; j < rows; j++) {
      const checked = schema.safeParse(out[j]);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        return { field: `${name}[${only === null ? j : only[j]}].${issue.path.join('.')}`, message: issue.message };
      }
      out[j] = checked.data;
    }
  }
  return out;
}

type ColumnRefusal = { row: number; message: string };

// The distinct values of a column checked in one call of the field's schema over them all (a call per value costs
// more than the check itself); a refusal names the first row that holds the value.
function checkDistinct(fieldSchema: z.ZodType, distinct: unknown[], firstRow: number[]): unknown[] | ColumnRefusal {
  const checked = z.array(fieldSchema).safeParse(distinct);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0]!;
  return { row: firstRow[issue.path[0] as number]!, message: issue.message };
}

function numbersOf(values: Float64Array, only: readonly number[] | null, fieldSchema: z.ZodType): unknown[] | ColumnRefusal {
  const rows = only === null ? values.length : only.length;
  const at = new Map<number, number>();
  const distinct: unknown[] = [];
  const firstRow: number[] = [];
  const slots = new Int32Array(rows);
  for (let j = 0; j < rows; j++) {
    const i = only === null ? j : only[j]!;
    const v = values[i]!;
    let slot = at.get(v);
    if (slot === undefined) {
      slot = distinct.length;
      at.set(v, slot);
      // NaN: the field is absent from the row.
      distinct.push(Number.isNaN(v) ? undefined : v);
      firstRow.push(i);
    }
    slots[j] = slot;
  }
  const checked = checkDistinct(fieldSchema, distinct, firstRow);
  if (!Array.isArray(checked)) return checked;
  const out: unknown[] = new Array(rows);
  for (let j = 0; j < rows; j++) out[j] = checked[slots[j]!];
  return out;
}

function textsOf(
  values: Int32Array,
  only: readonly number[] | null,
  kind: 'text' | 'json',
  fieldSchema: z.ZodType,
  strings: readonly string[],
  scratch: Scratch,
): unknown[] | ColumnRefusal {
  const rows = only === null ? values.length : only.length;
  const { checkedBy, checkedAs } = scratch;
  const column = ++scratch.column;
  const distinct: unknown[] = [];
  const firstRow: number[] = [];
  const indexes: number[] = [];
  let absentAt = -1;
  for (let j = 0; j < rows; j++) {
    const i = only === null ? j : only[j]!;
    const v = values[i]!;
    if (v === -1) {
      if (absentAt === -1) absentAt = i;
      continue;
    }
    if (v < 0 || v >= strings.length) return { row: i, message: 'no such string' };
    if (checkedBy[v] === column) continue;
    checkedBy[v] = column;
    let raw: unknown = strings[v];
    if (kind === 'json') {
      try {
        raw = JSON.parse(raw as string);
      } catch {
        return { row: i, message: 'not JSON' };
      }
    }
    distinct.push(raw);
    firstRow.push(i);
    indexes.push(v);
  }
  // Absent, where the schema allows it.
  if (absentAt !== -1) {
    distinct.push(undefined);
    firstRow.push(absentAt);
  }
  const checked = checkDistinct(fieldSchema, distinct, firstRow);
  if (!Array.isArray(checked)) return checked;
  for (let k = 0; k < indexes.length; k++) checkedAs[indexes[k]!] = checked[k];
  const out: unknown[] = new Array(rows);
  for (let j = 0; j < rows; j++) {
    const v = values[only === null ? j : only[j]!]!;
    out[j] = v === -1 ? undefined : checkedAs[v];
  }
  return out;
}
