import { z } from 'zod';
import { DashboardFilterSchema } from '../domain/dashboard/filters';
import { ReviewAgendaSchema } from '../domain/dashboard/review-agenda';
import { DashboardViewSchema, DashboardRowsRequestSchema, DashboardRowsSchema, EarlierDashboardSchema } from '../domain/dashboard/summary';
import type { DashboardDataMethod, DataMethodSpec } from './data-calls';

// Apart from the record methods (record-methods.ts): the dashboard page checks
// its first figures with these alone.

/** The methods only the dashboard calls: its view (and the one kept earlier), the accounts behind a number, and the review agenda. */
export const DASHBOARD_DATA_METHODS = {
  getDashboard: { args: z.tuple([DashboardFilterSchema]), result: DashboardViewSchema },
  getEarlierDashboard: { args: z.tuple([DashboardFilterSchema]), result: EarlierDashboardSchema.nullable() },
  getDashboardRows: { args: z.tuple([DashboardRowsRequestSchema]), result: DashboardRowsSchema },
  getDashboardAgenda: { args: z.tuple([DashboardFilterSchema]), result: ReviewAgendaSchema },
} as const satisfies Record<DashboardDataMethod, DataMethodSpec>;
