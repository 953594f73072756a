import { z } from 'zod';
import { DashboardDataSchema, type DashboardData } from './dashboard';

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

/** The inputs packDashboardData packed, every value checked; the first value that fails, by its place, if one does. */
export function unpackDashboardData(value: unknown): Unpacked {
  const packed = PackedDashboardDataSchema.safeParse(value);
  if (!packed.success) {
    const issue = packed.error.issues[0]!;
    return { success: false, field: issue.path.join('.'), message: issue.message };
  }
  const { strings, lists } = packed.data;
  const data: Partial<Record<ListName, unknown[]>> = {};
  for (const name of LISTS) {
    const list = lists[name];
    if (list === undefined) continue;
    const unpacked = unpackList(name, list, strings);
    if (!Array.isArray(unpacked)) return { success: false, ...unpacked };
    data[name] = unpacked;
  }
  return { success: true, data: data as DashboardData };
}

function unpackList(
  name: ListName,
  list: z.infer<typeof PackedListSchema>,
  strings: readonly string[],
): unknown[] | { field: string; message: string } {
  const schema = ROWS.get(name)!;
  const shape = schema.shape as Record<string, z.ZodType>;
  const { rows } = list;
  const byField = new Map(list.columns.map((c) => [c.field, c]));
  const fields: { field: string; values: Float64Array | Int32Array; parsed: Map<number, unknown> }[] = [];
  for (const [field, fieldSchema] of Object.entries(shape)) {
    const column = byField.get(field);
    byField.delete(field);
    if (column === undefined) {
      if (rows > 0 && !fieldSchema.safeParse(undefined).success) return { field: `${name}.${field}`, message: 'the field is missing from every row' };
      continue;
    }
    if (column.values.length !== rows) return { field: `${name}.${field}`, message: `${column.values.length} values for ${rows} rows` };
    // Each distinct value, checked once with its field's schema; absent where the schema allows it.
    const parsed = new Map<number, unknown>();
    const absent = column.kind === 'number' ? (v: number) => Number.isNaN(v) : (v: number) => v === -1;
    for (let i = 0; i < rows; i++) {
      const v = column.values[i]!;
      if (parsed.has(v)) continue;
      let raw: unknown;
      if (absent(v)) raw = undefined;
      else if (column.kind === 'number') raw = v;
      else if (!Number.isInteger(v) || v < 0 || v >= strings.length) return { field: `${name}[${i}].${field}`, message: 'no such string' };
      else if (column.kind === 'text') raw = strings[v];
      else {
        try {
          raw = JSON.parse(strings[v]!);
        } catch {
          return { field: `${name}[${i}].${field}`, message: 'not JSON' };
        }
      }
      const checked = fieldSchema.safeParse(raw);
      if (!checked.success) return { field: `${name}[${i}].${field}`, message: checked.error.issues[0]!.message };
      parsed.set(v, checked.data);
    }
    fields.push({ field, values: column.values, parsed });
  }
  const [unknown] = byField.keys();
  if (unknown !== undefined) return { field: `${name}.${unknown}`, message: 'no such field' };
  const out: unknown[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row: Record<string, unknown> = {};
    for (let f = 0; f < fields.length; f++) {
      const { field, values, parsed } = fields[f]!;
      const v = parsed.get(values[i]!);
      if (v !== undefined) row[field] = v;
    }
    out[i] = row;
  }
  // A rule across fields (an ARR change's amount and reason) holds for a row, not for its values one by one.
  if ((schema.def.checks?.length ?? 0) > 0) {
    for (let i = 0; i < rows; i++) {
      const checked = schema.safeParse(out[i]);
      if (!checked.success) return { field: `${name}[${i}].${checked.error.issues[0]!.path.join('.')}`, message: checked.error.issues[0]!.message };
      out[i] = checked.data;
    }
  }
  return out;
}
