import { z } from 'zod';
import { DataErrorInfoSchema } from '../errors';
import { DataSourceKindSchema, OfflineMarkSchema, OUTBOX_METHODS, ServiceStatusSchema, type DataApi } from '../sync';
import { CHANNEL } from './channel';

// The data RPC: every call an extension page makes on the background's data
// service, one entry per DataApi method with its argument tuple and result.
// Adding a data method means adding it to DataApi, its name here, and its
// schemas to RECORD_DATA_METHODS (record-methods.ts) or, for a method only
// the dashboard calls, to DASHBOARD_DATA_METHODS (dashboard-methods.ts); the
// compiler refuses a method missing from any of them.
//
// This module holds only the names and the envelope, which every page needs
// before anything else: the methods' schemas are the rest of the model, which
// a page loads when it first calls one (the dashboard's first figures are
// checked and painted without the record methods' schemas being built).

/** The methods only the dashboard calls (their schemas: dashboard-methods.ts). */
export const DASHBOARD_DATA_METHOD_NAMES = ['getDashboard', 'getEarlierDashboard', 'getDashboardRows', 'getDashboardAgenda'] as const;
export type DashboardDataMethod = (typeof DASHBOARD_DATA_METHOD_NAMES)[number];

export interface DataMethodSpec {
  args: z.ZodTuple;
  result: z.ZodType;
}

/** Every data method but the dashboard's (their schemas: record-methods.ts). */
export const RECORD_DATA_METHOD_NAMES = [
  'resolveRecord',
  'getAccountContext',
  'listAccounts',
  // The writes, which the outbox queues for the team backend.
  ...OUTBOX_METHODS,
  'reminderInputs',
  'listUnassigned',
  'exportAll',
  'importAll',
  'status',
  'resolveConflict',
] as const satisfies readonly Exclude<keyof DataApi, 'source' | DashboardDataMethod>[];
export type RecordDataMethod = (typeof RECORD_DATA_METHOD_NAMES)[number];

/**
 * The one record method every page calls as it opens (the status behind its
 * connection banner and its data source), here with the envelope: its schemas
 * are the status's, which every page builds anyway, so no page loads the
 * other methods' schemas to ask it.
 */
export const STATUS_METHOD = { args: z.tuple([]), result: ServiceStatusSchema } as const satisfies DataMethodSpec;

export type DataMethod = RecordDataMethod | DashboardDataMethod;
export const DATA_METHOD_NAMES: DataMethod[] = [...RECORD_DATA_METHOD_NAMES, ...DASHBOARD_DATA_METHOD_NAMES];
export const DataMethodSchema = z.enum(DATA_METHOD_NAMES as [DataMethod, ...DataMethod[]]);

export const isDashboardDataMethod = (method: DataMethod): method is DashboardDataMethod =>
  (DASHBOARD_DATA_METHOD_NAMES as readonly string[]).includes(method);

export const DataRequestSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('data'),
  method: DataMethodSchema,
  args: z.array(z.unknown()),
});
export type DataRequest = z.infer<typeof DataRequestSchema>;

export const DataResponseSchema = z.discriminatedUnion('ok', [
  // The source rides along so a page always knows which store answered.
  // A read served from the background's offline cache says so here, since the
  // method's result schema has no place for the mark.
  z.object({ ok: z.literal(true), value: z.unknown(), source: DataSourceKindSchema, offline: OfflineMarkSchema.optional() }),
  z.object({ ok: z.literal(false), error: DataErrorInfoSchema }),
]);
export type DataResponse = z.infer<typeof DataResponseSchema>;
