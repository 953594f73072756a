import Papa from 'papaparse';
import { safeParseOf } from '../core/parse';
import { z } from 'zod';
import {
  AccountSchema,
  CommitmentSchema,
  HandoffAnswersSchema,
  HealthSnapshotSchema,
  IcpApprovalSchema,
  MilestoneSchema,
  RiskFlagSchema,
  StageChangeSchema,
  type Account,
  type Commitment,
  type Milestone,
} from '../core/domain';
import { fieldPath, isDataError } from '../core/errors';
import { newId } from './local/ids';
import {
  emptyExportBundle,
  EXPORT_FORMAT,
  EXPORT_SCHEMA_VERSION,
  type DataPort,
  type ExportBundle,
  type ImportMode,
  type ImportSummary,
} from '../core/model';

// ---------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------

export const IMPORT_ENTITIES = ['accounts', 'snapshots', 'commitments', 'flags', 'handoff', 'approvals', 'milestones', 'stageChanges'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
// Lists a file made before they existed does not have: absent means none.
const OPTIONAL_ENTITIES: ReadonlySet<ImportEntity> = new Set(['milestones', 'stageChanges']);

/**
 * One problem in an import file. `row` is the 0-based index in the entity's
 * array for JSON, and the 1-based record number for CSV with the header as
 * row 1 (as a spreadsheet shows it); null for problems with the file itself.
 */
export interface ImportIssue {
  entity: ImportEntity | 'file';
  row: number | null;
  field: string;
  message: string;
}

export type ImportOutcome = { ok: true; summary: ImportSummary; skipped: ImportIssue[] } | { ok: false; errors: ImportIssue[] };

export interface ImportOptions {
  mode?: ImportMode;
  /** Import what is valid and report the rest. Off by default: a file with any bad row writes nothing. */
  validRowsOnly?: boolean;
}

const ROW_SCHEMAS = {
  accounts: AccountSchema,
  snapshots: HealthSnapshotSchema,
  commitments: CommitmentSchema,
  flags: RiskFlagSchema,
  handoff: HandoffAnswersSchema,
  approvals: IcpApprovalSchema,
  milestones: MilestoneSchema,
  stageChanges: StageChangeSchema,
} as const satisfies Record<ImportEntity, z.ZodType>;

const KEY_FIELD: Record<ImportEntity, 'id' | 'accountId'> = {
  accounts: 'id',
  snapshots: 'id',
  commitments: 'id',
  flags: 'id',
  handoff: 'accountId',
  approvals: 'accountId',
  // Unique within its account (see rowKey).
  milestones: 'id',
  stageChanges: 'id',
};

// A milestone's id is its template's, shared by every account's plan.
function rowKey(entity: ImportEntity, row: unknown): string | undefined {
  if (!row || typeof row !== 'object') return undefined;
  const r = row as Record<string, unknown>;
  const key = r[KEY_FIELD[entity]];
  if (typeof key !== 'string') return undefined;
  return entity === 'milestones' ? `${String(r.accountId)}/${key}` : key;
}

function issuesOf(entity: ImportEntity, row: number, error: z.ZodError, fieldOf: (path: string) => string = (p) => p): ImportIssue[] {
  return error.issues.map((i) => ({ entity, row, field: fieldOf(fieldPath(i.path)), message: i.message }));
}

// ---------------------------------------------------------------------------
// JSON: the whole store
// ---------------------------------------------------------------------------

export function exportJson(bundle: ExportBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

export type ParsedImport =
  | { ok: true; bundle: ExportBundle }
  // validBundle holds the rows that passed (null when the file itself is unusable).
  | { ok: false; errors: ImportIssue[]; validBundle: ExportBundle | null };

/**
 * Checks every row of every entity on its own, so the report lists each bad
 * row and field in the file, not just the first one found.
 */
export function parseImportJson(text: string): ParsedImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ entity: 'file', row: null, field: '', message: `Not valid JSON: ${(e as Error).message}` }], validBundle: null };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [{ entity: 'file', row: null, field: '', message: 'Expected a Seamline export (a JSON object).' }],
      validBundle: null,
    };
  }
  const obj = raw as Record<string, unknown>;
  const errors: ImportIssue[] = [];
  if (obj.format !== EXPORT_FORMAT) {
    return {
      ok: false,
      errors: [{ entity: 'file', row: null, field: 'format', message: `Not a Seamline export (format should be "${EXPORT_FORMAT}").` }],
      validBundle: null,
    };
  }
  if (obj.schemaVersion !== EXPORT_SCHEMA_VERSION) {
    return {
      ok: false,
      errors: [
        {
          entity: 'file',
          row: null,
          field: 'schemaVersion',
          message: `This file uses export version ${JSON.stringify(obj.schemaVersion)}; this version of Seamline reads version ${EXPORT_SCHEMA_VERSION}.`,
        },
      ],
      validBundle: null,
    };
  }
  const exportedAt = safeParseOf(z.iso.datetime({ offset: true }), obj.exportedAt);
  if (!exportedAt.success) errors.push({ entity: 'file', row: null, field: 'exportedAt', message: 'exportedAt must be an ISO date-time.' });

  const valid = emptyExportBundle(exportedAt.success ? exportedAt.data : new Date(0).toISOString());
  const badAccountIds = new Set<string>();
  for (const entity of IMPORT_ENTITIES) {
    const rows = obj[entity];
    if (rows === undefined && OPTIONAL_ENTITIES.has(entity)) continue;
    if (!Array.isArray(rows)) {
      errors.push({ entity: 'file', row: null, field: entity, message: `${entity} must be a list.` });
      continue;
    }
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const parsed = safeParseOf(ROW_SCHEMAS[entity], row);
      const key = rowKey(entity, row);
      if (!parsed.success) {
        errors.push(...issuesOf(entity, i, parsed.error));
        if (entity === 'accounts' && typeof key === 'string') badAccountIds.add(key);
        return;
      }
      const id = String(key);
      if (seen.has(id)) {
        errors.push({ entity, row: i, field: KEY_FIELD[entity], message: `Duplicate ${KEY_FIELD[entity]} ${JSON.stringify(id)}.` });
        return;
      }
      seen.add(id);
      ((valid[entity] ??= []) as unknown[]).push(parsed.data);
    });
  }

  // Rows belonging to an account that could not be read go with it, so a
  // partial import never leaves captures pointing at nothing.
  if (badAccountIds.size > 0) {
    for (const entity of IMPORT_ENTITIES) {
      if (entity === 'accounts') continue;
      const list = (valid[entity] ?? []) as { accountId: string | null }[];
      const kept = list.filter((r) => r.accountId === null || !badAccountIds.has(r.accountId));
      if (kept.length !== list.length) {
        const rows = obj[entity] as unknown[];
        for (const r of list) {
          if (r.accountId !== null && badAccountIds.has(r.accountId)) {
            const key = rowKey(entity, r);
            const index = rows.findIndex((x) => rowKey(entity, x) === key);
            errors.push({ entity, row: index, field: 'accountId', message: `Its account ${JSON.stringify(r.accountId)} is invalid in this file.` });
          }
        }
        (valid as Record<ImportEntity, unknown[]>)[entity] = kept;
      }
    }
  }

  if (errors.length === 0) return { ok: true, bundle: valid };
  return { ok: false, errors, validBundle: valid };
}

function issueFromDataError(e: unknown): ImportIssue[] {
  if (!isDataError(e)) throw e;
  const m = /^(\w+)\[(\d+)\]\.?(.*)$/.exec(e.info.field ?? '');
  if (m && (IMPORT_ENTITIES as readonly string[]).includes(m[1]!)) {
    return [{ entity: m[1] as ImportEntity, row: Number(m[2]), field: m[3] ?? '', message: e.message }];
  }
  return [{ entity: 'file', row: null, field: e.info.field ?? '', message: e.message }];
}

// What an import needs of a data source: any adapter, or the pages' data RPC.
type ImportTarget = Omit<DataPort, 'dashboard' | 'dashboardRows' | 'dashboardAgenda'>;

/** Parses and imports a JSON export through any DataPort, all-or-nothing unless validRowsOnly. */
export async function importJson(port: ImportTarget, text: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  const parsed = parseImportJson(text);
  let bundle: ExportBundle;
  let skipped: ImportIssue[] = [];
  if (parsed.ok) bundle = parsed.bundle;
  else if (options.validRowsOnly && parsed.validBundle) {
    bundle = parsed.validBundle;
    skipped = parsed.errors.filter((e) => e.entity !== 'file' || e.field === 'exportedAt');
    const fatal = parsed.errors.filter((e) => e.entity === 'file' && e.field !== 'exportedAt');
    if (fatal.length > 0) return { ok: false, errors: parsed.errors };
  } else return { ok: false, errors: parsed.errors };
  try {
    return { ok: true, summary: await port.importAll(bundle, options.mode ?? 'merge'), skipped };
  } catch (e) {
    return { ok: false, errors: issueFromDataError(e) };
  }
}

// ---------------------------------------------------------------------------
// CSV: accounts and commitments, for spreadsheets
// ---------------------------------------------------------------------------

type ColumnType = 'text' | 'number' | 'int' | 'date' | 'datetime' | 'enum' | 'list' | 'json' | 'nullable-id';

interface Column {
  key: string;
  type: ColumnType;
}

export const ACCOUNT_CSV_COLUMNS: readonly Column[] = [
  { key: 'id', type: 'text' },
  { key: 'name', type: 'text' },
  { key: 'websiteDomain', type: 'text' },
  { key: 'segment', type: 'enum' },
  { key: 'industry', type: 'text' },
  { key: 'employeeCount', type: 'int' },
  { key: 'region', type: 'text' },
  { key: 'currency', type: 'text' },
  { key: 'arr', type: 'number' },
  { key: 'seats', type: 'int' },
  { key: 'integrations', type: 'list' },
  { key: 'contractStart', type: 'date' },
  { key: 'renewalDate', type: 'date' },
  { key: 'closedWonDate', type: 'date' },
  { key: 'kickoffDate', type: 'date' },
  { key: 'ownerAe', type: 'text' },
  { key: 'csm', type: 'text' },
  { key: 'lifecycleStage', type: 'enum' },
  { key: 'acquisitionCost', type: 'number' },
  { key: 'expectedExpansionArr', type: 'number' },
  { key: 'expansionArr', type: 'number' },
  // Links are structured; a JSON cell keeps them intact through a spreadsheet.
  { key: 'crmRefs', type: 'json' },
  { key: 'version', type: 'int' },
  { key: 'createdAt', type: 'datetime' },
  { key: 'updatedAt', type: 'datetime' },
];

export const COMMITMENT_CSV_COLUMNS: readonly Column[] = [
  { key: 'id', type: 'text' },
  { key: 'accountId', type: 'nullable-id' },
  { key: 'text', type: 'text' },
  { key: 'kind', type: 'enum' },
  { key: 'madeBy', type: 'text' },
  { key: 'madeTo', type: 'text' },
  { key: 'madeOn', type: 'date' },
  { key: 'dueDate', type: 'date' },
  { key: 'status', type: 'enum' },
  { key: 'roadmapStatus', type: 'enum' },
  { key: 'sourceQuote', type: 'text' },
  { key: 'sourceUrl', type: 'text' },
  { key: 'sourceTitle', type: 'text' },
  { key: 'createdBy', type: 'text' },
  { key: 'version', type: 'int' },
  { key: 'createdAt', type: 'datetime' },
  { key: 'updatedAt', type: 'datetime' },
];

// Spreadsheet apps run a cell starting with one of these as a formula
// (OWASP "CSV injection"); a leading apostrophe makes them show it as text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function unescapeCsvCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function cellOf(value: unknown, type: ColumnType): string {
  if (value === undefined || value === null) return '';
  if (type === 'list') return escapeCsvCell((value as string[]).join('; '));
  if (type === 'json') return escapeCsvCell(JSON.stringify(value));
  if (typeof value === 'number') return String(value);
  return escapeCsvCell(String(value));
}

function toCsv(rows: readonly Record<string, unknown>[], columns: readonly Column[]): string {
  return Papa.unparse(
    {
      fields: columns.map((c) => c.key),
      data: rows.map((r) => columns.map((c) => cellOf(r[c.key], c.type))),
    },
    { newline: '\r\n' },
  );
}

export const MILESTONE_CSV_COLUMNS: readonly Column[] = [
  { key: 'accountId', type: 'text' },
  { key: 'id', type: 'text' },
  { key: 'title', type: 'text' },
  { key: 'dueDate', type: 'date' },
  { key: 'ownerRole', type: 'enum' },
  { key: 'owner', type: 'text' },
  { key: 'status', type: 'enum' },
  { key: 'successCriteria', type: 'text' },
  { key: 'evidence', type: 'text' },
  { key: 'internalNote', type: 'text' },
  { key: 'achievedOn', type: 'date' },
  { key: 'version', type: 'int' },
  { key: 'createdAt', type: 'datetime' },
  { key: 'updatedAt', type: 'datetime' },
];

/** Every success-plan milestone, one row each, for the team's spreadsheets (internal notes included: this is not the customer's copy). */
export function milestonesToCsv(milestones: readonly Milestone[]): string {
  return toCsv(milestones, MILESTONE_CSV_COLUMNS);
}

export function accountsToCsv(accounts: readonly Account[]): string {
  return toCsv(accounts, ACCOUNT_CSV_COLUMNS);
}

export function commitmentsToCsv(commitments: readonly Commitment[]): string {
  return toCsv(commitments, COMMITMENT_CSV_COLUMNS);
}

type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

function coerce(raw: string, type: ColumnType): Coerced {
  const s = unescapeCsvCell(raw).trim();
  if (s === '') return { ok: true, value: type === 'list' ? [] : type === 'nullable-id' ? null : undefined };
  switch (type) {
    case 'number':
    case 'int': {
      const n = Number(s.replace(/^\$|\s/g, ''));
      if (!Number.isFinite(n)) return { ok: false, message: `"${s}" is not a number` };
      if (type === 'int' && !Number.isInteger(n)) return { ok: false, message: `"${s}" is not a whole number` };
      return { ok: true, value: n };
    }
    case 'enum':
      // "Mid Market" and "mid-market" mean the same in a hand-edited sheet.
      return { ok: true, value: s.toLowerCase().replace(/[\s_]+/g, '-') };
    case 'list':
      return {
        ok: true,
        value: s
          .split(';')
          .map((x) => x.trim())
          .filter(Boolean),
      };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(s) };
      } catch {
        return { ok: false, message: 'not valid JSON' };
      }
    case 'datetime': {
      // A bare date is read as midnight UTC; spreadsheets often drop the time.
      if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { ok: true, value: `${s}T00:00:00.000Z` };
      return { ok: true, value: s };
    }
    default:
      return { ok: true, value: s };
  }
}

interface CsvParse<T> {
  rows: { row: number; value: T }[];
  errors: ImportIssue[];
}

function parseCsv<S extends z.ZodType>(
  text: string,
  entity: 'accounts' | 'commitments',
  columns: readonly Column[],
  schema: S,
  fill: (record: Record<string, unknown>, present: Set<string>) => Record<string, unknown>,
): CsvParse<z.infer<S>> {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const errors: ImportIssue[] = [];
  const known = new Map(columns.map((c) => [c.key, c]));
  const badRows = new Set<number>();
  for (const e of result.errors) {
    const row = e.row === undefined ? null : e.row + 2;
    errors.push({ entity, row, field: '', message: e.message });
    if (e.row !== undefined) badRows.add(e.row);
  }
  const rows: { row: number; value: z.infer<S> }[] = [];
  result.data.forEach((cells, i) => {
    if (badRows.has(i)) return;
    const row = i + 2;
    const record: Record<string, unknown> = {};
    const present = new Set<string>();
    let ok = true;
    for (const [key, raw] of Object.entries(cells)) {
      const col = known.get(key);
      if (!col || typeof raw !== 'string') continue;
      const c = coerce(raw, col.type);
      if (!c.ok) {
        errors.push({ entity, row, field: key, message: c.message });
        ok = false;
        continue;
      }
      present.add(key);
      if (c.value !== undefined) record[key] = c.value;
    }
    const parsed = safeParseOf(schema, fill(record, present));
    if (!parsed.success) {
      // A cell that could not be read is already reported; "required" for it would only repeat that.
      const failedCells = new Set(errors.filter((e) => e.row === row).map((e) => e.field));
      errors.push(...issuesOf(entity, row, parsed.error).filter((e) => !failedCells.has(e.field)));
      ok = false;
    }
    if (ok && parsed.success) rows.push({ row, value: parsed.data });
  });
  return { rows, errors };
}

interface CsvContext {
  now: string;
  existing: Map<string, Record<string, unknown>>;
}

// A row for a record that exists updates it: columns missing from the sheet
// keep their stored values, and the version moves on unless the sheet says.
function fillRecord(prefix: string, ctx: CsvContext) {
  return (record: Record<string, unknown>, present: Set<string>): Record<string, unknown> => {
    const id = typeof record.id === 'string' && record.id ? record.id : undefined;
    const base = id ? ctx.existing.get(id) : undefined;
    const merged: Record<string, unknown> = { ...(base ?? {}) };
    for (const key of present) {
      if (key in record) merged[key] = record[key];
      else delete merged[key];
    }
    merged.id = id ?? newId(prefix);
    if (base && (!present.has('version') || merged.version === undefined)) merged.version = (base.version as number) + 1;
    merged.version ??= 1;
    merged.createdAt ??= ctx.now;
    merged.updatedAt = present.has('updatedAt') && record.updatedAt ? record.updatedAt : ctx.now;
    return merged;
  };
}

async function existingById(port: ImportTarget, ids: string[], pick: (ctxId: string) => Promise<Record<string, unknown> | null>) {
  const map = new Map<string, Record<string, unknown>>();
  for (const id of new Set(ids)) {
    const found = await pick(id);
    if (found) map.set(id, found);
  }
  return map;
}

function rawIds(text: string): string[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  return parsed.data.map((r) => (r.id ?? '').trim()).filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
}

function finish<T>(
  parsed: CsvParse<T>,
  options: ImportOptions,
): { ok: true; values: T[]; skipped: ImportIssue[] } | { ok: false; errors: ImportIssue[] } {
  if (parsed.errors.length > 0 && !options.validRowsOnly) return { ok: false, errors: parsed.errors };
  return { ok: true, values: parsed.rows.map((r) => r.value), skipped: parsed.errors };
}

export async function importAccountsCsv(port: ImportTarget, text: string, options: ImportOptions & { now?: Date } = {}): Promise<ImportOutcome> {
  const ctx: CsvContext = {
    now: (options.now ?? new Date()).toISOString(),
    existing: await existingById(port, rawIds(text), async (id) => (await port.getAccountContext(id))?.account ?? null),
  };
  const checked = finish(parseCsv(text, 'accounts', ACCOUNT_CSV_COLUMNS, AccountSchema, fillRecord('acc', ctx)), options);
  if (!checked.ok) return checked;
  const bundle = { ...emptyExportBundle(ctx.now), accounts: checked.values };
  try {
    return { ok: true, summary: await port.importAll(bundle, 'merge'), skipped: checked.skipped };
  } catch (e) {
    return { ok: false, errors: issueFromDataError(e) };
  }
}

export async function importCommitmentsCsv(port: ImportTarget, text: string, options: ImportOptions & { now?: Date } = {}): Promise<ImportOutcome> {
  const now = (options.now ?? new Date()).toISOString();
  const ids = new Set(rawIds(text));
  const existing = new Map<string, Record<string, unknown>>();
  const knownAccounts = new Set<string>();
  // The port has no lookup of a single commitment, so a sheet that updates
  // existing rows reads the store once.
  if (ids.size > 0) {
    const all = await port.exportAll();
    for (const c of all.commitments) if (ids.has(c.id)) existing.set(c.id, c);
    for (const a of all.accounts) knownAccounts.add(a.id);
  }
  const parsed = parseCsv(text, 'commitments', COMMITMENT_CSV_COLUMNS, CommitmentSchema, fillRecord('cmt', { now, existing }));
  for (const accountId of new Set(parsed.rows.map((r) => r.value.accountId))) {
    if (accountId !== null && !knownAccounts.has(accountId) && (await port.getAccountContext(accountId))) knownAccounts.add(accountId);
  }
  const rows = parsed.rows.filter((r) => {
    if (r.value.accountId === null || knownAccounts.has(r.value.accountId)) return true;
    parsed.errors.push({
      entity: 'commitments',
      row: r.row,
      field: 'accountId',
      message: `No account with id ${JSON.stringify(r.value.accountId)}.`,
    });
    return false;
  });
  parsed.errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const checked = finish({ rows, errors: parsed.errors }, options);
  if (!checked.ok) return checked;
  const bundle = { ...emptyExportBundle(now), commitments: checked.values };
  try {
    return { ok: true, summary: await port.importAll(bundle, 'merge'), skipped: checked.skipped };
  } catch (e) {
    return { ok: false, errors: issueFromDataError(e) };
  }
}
