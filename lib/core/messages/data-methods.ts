import { z } from 'zod';
import { DashboardFilterSchema } from '../domain/dashboard/filters';
import { ReviewAgendaSchema } from '../domain/dashboard/review-agenda';
import { DashboardViewSchema, DashboardRowsRequestSchema, DashboardRowsSchema, EarlierDashboardSchema } from '../domain/dashboard/summary';
import type { DataApi } from '../sync';
import { RECORD_DATA_METHODS, type DashboardDataMethod, type DataMethod, type DataMethodSpec } from './data-calls';

// The whole data RPC (data-calls.ts holds what every page needs, and says how to add a method).

export {
  DASHBOARD_DATA_METHOD_NAMES,
  DATA_METHOD_NAMES,
  DataMethodSchema,
  DataRequestSchema,
  DataResponseSchema,
  RECORD_DATA_METHODS,
  isDashboardDataMethod,
  type DashboardDataMethod,
  type DataMethod,
  type DataMethodSpec,
  type DataRequest,
  type DataResponse,
} from './data-calls';

/** The methods only the dashboard calls: its view (and the one kept earlier), the accounts behind a number, and the review agenda. */
export const DASHBOARD_DATA_METHODS = {
  getDashboard: { args: z.tuple([DashboardFilterSchema]), result: DashboardViewSchema },
  getEarlierDashboard: { args: z.tuple([DashboardFilterSchema]), result: EarlierDashboardSchema.nullable() },
  getDashboardRows: { args: z.tuple([DashboardRowsRequestSchema]), result: DashboardRowsSchema },
  getDashboardAgenda: { args: z.tuple([DashboardFilterSchema]), result: ReviewAgendaSchema },
} as const satisfies Record<DashboardDataMethod, DataMethodSpec>;

export const DATA_METHODS = { ...RECORD_DATA_METHODS, ...DASHBOARD_DATA_METHODS } as const satisfies Record<
  Exclude<keyof DataApi, 'source'>,
  DataMethodSpec
>;

// The method names every page knows are exactly the methods of the contract.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesAreTheContract: Same<DataMethod, keyof typeof DATA_METHODS> = true;
void namesAreTheContract;
