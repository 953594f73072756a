import type { DataApi } from '../sync';
import type { DataMethod, DataMethodSpec } from './data-calls';
import { DASHBOARD_DATA_METHODS } from './dashboard-methods';
import { RECORD_DATA_METHODS } from './record-methods';

// The whole data RPC, as the background uses it (data-calls.ts holds what every
// page needs first, and says how to add a method).

export {
  DASHBOARD_DATA_METHOD_NAMES,
  DATA_METHOD_NAMES,
  DataMethodSchema,
  DataRequestSchema,
  DataResponseSchema,
  isDashboardDataMethod,
  type DashboardDataMethod,
  type DataMethod,
  type DataMethodSpec,
  type DataRequest,
  type DataResponse,
} from './data-calls';
export { DASHBOARD_DATA_METHODS } from './dashboard-methods';
export { RECORD_DATA_METHODS } from './record-methods';

export const DATA_METHODS = { ...RECORD_DATA_METHODS, ...DASHBOARD_DATA_METHODS } as const satisfies Record<
  Exclude<keyof DataApi, 'source'>,
  DataMethodSpec
>;

// The method names every page knows are exactly the methods of the contract.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesAreTheContract: Same<DataMethod, keyof typeof DATA_METHODS> = true;
void namesAreTheContract;
