import { z } from 'zod';
import type { Account } from '../account';
import { AlignmentAccountRowSchema, AlignmentMetricsSchema } from '../alignment';
import { accountCrmUrl } from '../crm-url';
import { IsoDateSchema } from '../primitives';
import { CapacitySchema } from './capacity';
import { byText, NotCountedSchema, type NotCounted } from './common';
import { EarlyChurnSchema } from './early-churn';
import { DashboardFilterSchema } from './filters';
import { KickoffAttainmentSchema } from './kickoff-attainment';
import { PromiseLedgerSchema } from './promise-ledger';
import { RetentionSchema } from './retention';
import { ReviewAgendaSchema } from './review-agenda';
import { TimeToValueSchema } from './time-to-value';
import type { Dashboard } from './dashboard';

/**
 * The dashboard as a page first receives it: every figure, and in place of
 * each list of accounts behind a number, how many there are and the key to
 * fetch them by (`dashboardRows`). At 10,000 accounts the lists and the
 * per-account rows are most of the computed dashboard; the page shows
 * numbers first and a table only when a number is opened.
 */
export const DashboardListSchema = z.object({ key: z.string().min(1).max(200), count: z.number().int().min(0) });
export type DashboardList = z.infer<typeof DashboardListSchema>;

// Every field holding the accounts behind a number is named accountIds or …AccountIds.
const ACCOUNT_LIST = /^accountIds$|AccountIds$/;
// Lists of record ids the page never shows (the counts beside them stay).
const DROPPED = new Set(['commitmentIds', 'flagIds']);
// Tables of records a section lists below its figures (the roadmap gaps, broken promises, what a number could not
// count): the view carries their first rows and their length, and the rest comes by key (dashboardRows).
const TABLES = { items: 'roadmapGaps', brokenThenTrouble: 'brokenThenTrouble', notCounted: 'notCounted', adjusted: 'notCounted' } as const;
type TableField = keyof typeof TABLES;
const isTable = (k: string): k is TableField => Object.hasOwn(TABLES, k);

/** How many rows of a table the first view carries: a first screen of the roadmap gaps, the first few of a "not counted" list. */
export const TABLE_PREVIEW = { roadmapGaps: 10, brokenThenTrouble: 10, notCounted: 3 } as const;

type AccountListKey = 'accountIds' | `${string}AccountIds`;
type DroppedKey = 'commitmentIds' | 'flagIds';

/** A table of a section as the first view carries it: its first rows, how many there are, and the key to fetch the rest by. */
export interface DashboardTablePreview<T> {
  key: string;
  count: number;
  first: T[];
}

const tablePreviewSchema = (row: z.ZodType) => z.object({ key: DashboardListSchema.shape.key, count: z.number().int().min(0), first: z.array(row) });

/** A dashboard section with each account list replaced by its count and key, each table by its first rows, and record-id lists left out. */
export type Listed<T> = T extends readonly (infer U)[]
  ? Listed<U>[]
  : T extends object
    ? {
        [K in keyof T as K extends DroppedKey ? never : K]: K extends AccountListKey
          ? DashboardList
          : K extends TableField
            ? T[K] extends readonly (infer U)[]
              ? DashboardTablePreview<U>
              : Listed<T[K]>
            : Listed<T[K]>;
      }
    : T;

function listedSchema(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    let changed = false;
    const shape: Record<string, z.ZodType> = {};
    for (const [k, v] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (DROPPED.has(k)) {
        changed = true;
        continue;
      }
      const next = ACCOUNT_LIST.test(k)
        ? DashboardListSchema
        : isTable(k) && v instanceof z.ZodArray
          ? tablePreviewSchema(v.element as z.ZodType)
          : listedSchema(v);
      if (next !== v) changed = true;
      shape[k] = next;
    }
    return changed ? z.object(shape) : schema;
  }
  if (schema instanceof z.ZodArray) {
    const element = listedSchema(schema.element as z.ZodType);
    return element === schema.element ? schema : z.array(element);
  }
  if (schema instanceof z.ZodNullable) {
    const inner = listedSchema(schema.unwrap() as z.ZodType);
    return inner === schema.unwrap() ? schema : inner.nullable();
  }
  if (schema instanceof z.ZodOptional) {
    const inner = listedSchema(schema.unwrap() as z.ZodType);
    return inner === schema.unwrap() ? schema : inner.optional();
  }
  return schema;
}

function listed<S extends z.ZodType>(schema: S): z.ZodType<Listed<z.infer<S>>> {
  return listedSchema(schema) as z.ZodType<Listed<z.infer<S>>>;
}

function listedValue(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => listedValue(v, `${path}.${i}`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (DROPPED.has(k)) continue;
      const at = `${path}.${k}`;
      if (ACCOUNT_LIST.test(k) && Array.isArray(v)) out[k] = { key: at, count: v.length };
      else if (isTable(k) && Array.isArray(v)) out[k] = { key: at, count: v.length, first: v.slice(0, TABLE_PREVIEW[TABLES[k]]) };
      else out[k] = listedValue(v, at);
    }
    return out;
  }
  return value;
}

// One pass over the rows, with no list of names per person: a portfolio has a row per account and a few dozen people.
function peopleOf(rows: readonly { ownerAe: string | null; csm: string | null }[]): DashboardView['people'] {
  const ownerAes = new Set<string>();
  const csms = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const { ownerAe, csm } = rows[i]!;
    if (ownerAe !== null) ownerAes.add(ownerAe);
    if (csm !== null) csms.add(csm);
  }
  return { ownerAes: [...ownerAes].sort(byText), csms: [...csms].sort(byText) };
}

/** How many items of each review section the first view carries; the whole agenda is fetched on request. */
export const AGENDA_PREVIEW = 10;

const Count = z.number().int().min(0);

export const DashboardViewSchema = z.object({
  asOf: IsoDateSchema,
  filter: DashboardFilterSchema,
  alignment: listed(AlignmentMetricsSchema.omit({ accounts: true })),
  retention: listed(RetentionSchema),
  earlyChurn: listed(EarlyChurnSchema),
  timeToValue: listed(TimeToValueSchema.omit({ accounts: true })),
  kickoff: listed(KickoffAttainmentSchema),
  promises: listed(PromiseLedgerSchema),
  // The first AGENDA_PREVIEW items of the at-risk, expansion and handoff sections.
  agenda: listed(ReviewAgendaSchema),
  agendaTotals: z.object({ atRisk: Count, expansionSignals: Count, handoffs: Count }),
  capacity: listed(CapacitySchema),
  // Everyone the filter's accounts name as owner AE or CSM, for the page's filter lists.
  people: z.object({ ownerAes: z.array(z.string()), csms: z.array(z.string()) }),
});
export type DashboardView = z.infer<typeof DashboardViewSchema>;

/**
 * Figures kept earlier for the filter a page asks for, shown marked as such
 * while the background computes the current ones: kept before the writes made
 * since (`writes`), by the build before an update of the extension
 * (`update`), or on the last day the dashboard was used, for the same choice
 * of period and people (`day`).
 */
export const EarlierDashboardSchema = z.object({ view: DashboardViewSchema, behind: z.enum(['writes', 'update', 'day']) });
export type EarlierDashboard = z.infer<typeof EarlierDashboardSchema>;

/** The first view of a computed dashboard: figures, counts and list keys. */
export function dashboardView(d: Dashboard): DashboardView {
  const { accounts: _rows, ...alignment } = d.alignment;
  const { accounts: _days, ...timeToValue } = d.timeToValue;
  const agenda = {
    ...d.agenda,
    atRisk: d.agenda.atRisk.slice(0, AGENDA_PREVIEW),
    expansionSignals: d.agenda.expansionSignals.slice(0, AGENDA_PREVIEW),
    handoffs: d.agenda.handoffs.slice(0, AGENDA_PREVIEW),
  };
  return {
    asOf: d.asOf,
    filter: d.filter,
    alignment: listedValue(alignment, 'alignment'),
    retention: listedValue(d.retention, 'retention'),
    earlyChurn: listedValue(d.earlyChurn, 'earlyChurn'),
    timeToValue: listedValue(timeToValue, 'timeToValue'),
    kickoff: listedValue(d.kickoff, 'kickoff'),
    promises: listedValue(d.promises, 'promises'),
    agenda: listedValue(agenda, 'agenda'),
    agendaTotals: { atRisk: d.agenda.atRisk.length, expansionSignals: d.agenda.expansionSignals.length, handoffs: d.agenda.handoffs.length },
    capacity: listedValue(d.capacity, 'capacity'),
    people: peopleOf(d.alignment.accounts),
  } as DashboardView;
}

// One account on its own (an agenda line), as a list key.
const ONE_ACCOUNT = 'account:';

/** The list key of a single account, for lines that stand for one account. */
export function accountListKey(accountId: string): string {
  return `${ONE_ACCOUNT}${accountId}`;
}

/** The accounts a list key names in a computed dashboard, in the order the number lists them; null for a key it has no list at. */
export function dashboardListIds(d: Dashboard, key: string): string[] | null {
  if (key.startsWith(ONE_ACCOUNT)) return key.length > ONE_ACCOUNT.length ? [key.slice(ONE_ACCOUNT.length)] : null;
  const parts = key.split('.');
  if (!ACCOUNT_LIST.test(parts.at(-1) ?? '')) return null;
  let node: unknown = d;
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return Array.isArray(node) && node.every((x) => typeof x === 'string') ? node : null;
}

/** The rows of the table a key names in a computed dashboard, with what they are; null for a key it has no table at. */
export function dashboardTableRows(d: Dashboard, key: string): DashboardTableRows | null {
  const parts = key.split('.');
  const field = parts.at(-1) ?? '';
  if (!isTable(field)) return null;
  let node: unknown = d;
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return null;
    node = (node as Record<string, unknown>)[part];
  }
  if (!Array.isArray(node)) return null;
  const kind = TABLES[field];
  // `items` is the roadmap gaps' field name only; the schema below holds each kind to its rows.
  if (kind === 'roadmapGaps' && key !== 'promises.roadmapGaps.items') return null;
  return { kind, rows: node } as DashboardTableRows;
}

type DashboardTableRows =
  | { kind: 'roadmapGaps'; rows: RoadmapGapRow[] }
  | { kind: 'brokenThenTrouble'; rows: BrokenThenTroubleRow[] }
  | { kind: 'notCounted'; rows: NotCounted[] };

/** The most rows one request returns. */
export const DASHBOARD_ROWS_LIMIT = 1000;

export const DashboardRowsRequestSchema = z.object({
  filter: DashboardFilterSchema,
  list: DashboardListSchema.shape.key,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(DASHBOARD_ROWS_LIMIT),
});

// One account behind a number: its row (null when the filter does not select
// it) and the address of its CRM record when it has one.
export const DashboardRowSchema = z.object({
  accountId: z.string(),
  account: AlignmentAccountRowSchema.nullable(),
  crmUrl: z.string().nullable(),
});

const RoadmapGapRowSchema = PromiseLedgerSchema.shape.roadmapGaps.shape.items.element;
const BrokenThenTroubleRowSchema = PromiseLedgerSchema.shape.brokenThenTrouble.element;
type RoadmapGapRow = z.infer<typeof RoadmapGapRowSchema>;
type BrokenThenTroubleRow = z.infer<typeof BrokenThenTroubleRowSchema>;

const page = { list: z.string(), total: Count, offset: Count };

/**
 * One page of what a key names: the accounts behind a number (`accounts`), or
 * the rows of a section's table (the roadmap gaps, broken promises followed by
 * trouble, records not counted).
 */
export const DashboardRowsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accounts'), ...page, rows: z.array(DashboardRowSchema) }),
  z.object({ kind: z.literal('roadmapGaps'), ...page, rows: z.array(RoadmapGapRowSchema) }),
  z.object({ kind: z.literal('brokenThenTrouble'), ...page, rows: z.array(BrokenThenTroubleRowSchema) }),
  z.object({ kind: z.literal('notCounted'), ...page, rows: z.array(NotCountedSchema) }),
]);

export type DashboardRowsRequest = z.infer<typeof DashboardRowsRequestSchema>;
export type DashboardRow = z.infer<typeof DashboardRowSchema>;
export type DashboardRows = z.infer<typeof DashboardRowsSchema>;
export type DashboardRowsKind = DashboardRows['kind'];
export type DashboardRowsOf<K extends DashboardRowsKind> = Extract<DashboardRows, { kind: K }>['rows'];

/** A page's rows as the kind its key names; a reply of another kind is an error (a key names one kind of rows). */
export function rowsOfKind<K extends DashboardRowsKind>(page: DashboardRows, kind: K): DashboardRowsOf<K> {
  if (page.kind !== kind) throw new Error(`${page.list} holds ${page.kind}, not ${kind}`);
  return page.rows as DashboardRowsOf<K>;
}

/** One page of the accounts behind a list key, or of the table a key names; null when the dashboard has neither at that key. */
export function dashboardRows(
  d: Dashboard,
  accounts: readonly Pick<Account, 'id' | 'crmRefs'>[],
  request: Pick<DashboardRowsRequest, 'list' | 'offset' | 'limit'>,
): DashboardRows | null {
  const ids = dashboardListIds(d, request.list);
  if (ids === null) {
    const table = dashboardTableRows(d, request.list);
    if (table === null) return null;
    const rows = table.rows.slice(request.offset, request.offset + request.limit);
    return { kind: table.kind, list: request.list, total: table.rows.length, offset: request.offset, rows } as DashboardRows;
  }
  const page = ids.slice(request.offset, request.offset + request.limit);
  const wanted = new Set(page);
  const rowOf = new Map(d.alignment.accounts.filter((a) => wanted.has(a.accountId)).map((a) => [a.accountId, a]));
  const refsOf = new Map(accounts.filter((a) => wanted.has(a.id)).map((a) => [a.id, a.crmRefs]));
  return {
    kind: 'accounts',
    list: request.list,
    total: ids.length,
    offset: request.offset,
    rows: page.map((id) => {
      const refs = refsOf.get(id);
      return { accountId: id, account: rowOf.get(id) ?? null, crmUrl: refs ? accountCrmUrl(refs) : null };
    }),
  };
}
