import { isDataError, schemaError, type DataErrorInfo } from '../core/errors';
import { safeParseOf } from '../core/parse';
import { DATA_METHODS, type DataRequest, type DataResponse } from '../core/messages/data-methods';
import { OfflineMarkSchema, type DataApi } from '../core/sync';

// Extension pages never open the database or call the backend themselves:
// every data call is one of the contract's data methods, sent to the
// background, checked on arrival and checked again on the way back.

function toErrorInfo(e: unknown): DataErrorInfo {
  if (isDataError(e)) return e.info;
  return { kind: 'server', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Runs one data request (already checked against the request schema by the
 * router) on the service: the method's arguments are parsed here, and any
 * failure comes back as a DataResponse, never a rejection.
 */
export async function dispatchData(service: DataApi, request: DataRequest): Promise<DataResponse> {
  const { method } = request;
  const args = safeParseOf(DATA_METHODS[method].args, request.args);
  if (!args.success) return { ok: false, error: schemaError('validation', `Invalid ${method} request`, args.error, 'args').info };
  try {
    const call = service[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await call.apply(service, args.data as unknown[]);
    const offline = safeParseOf(OfflineMarkSchema, (value as { offline?: unknown } | null)?.offline);
    return { ok: true, value, source: service.source, ...(offline.success ? { offline: offline.data } : {}) };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
}

// Pages import the client from rpc-client.ts; these names stay here for the tests and the options page.
export { createDataClient, type DataClient } from './rpc-client';
