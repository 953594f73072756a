import type { z } from 'zod';
import { DataError, firstIssue, isDataError, type DataErrorInfo } from '../core/errors';
import { CHANNEL } from '../core/messages/channel';
import {
  DATA_METHOD_NAMES,
  DATA_METHODS,
  DataResponseSchema,
  type DataMethod,
  type DataRequest,
  type DataResponse,
} from '../core/messages/data-methods';
import { RefusedReplySchema } from '../core/messages/to-background';
import { OfflineMarkSchema, type DataApi } from '../core/sync';

// Extension pages never open the database or call the backend themselves:
// every data call is one of the contract's data methods, sent to the
// background, checked on arrival and checked again on the way back.

function invalid(kind: 'validation' | 'schema', what: string, error: z.ZodError, prefix: string): DataError {
  const { field, message } = firstIssue(error, prefix);
  return new DataError({ kind, message: `${what}: ${field}: ${message}`, field });
}

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
  const args = DATA_METHODS[method].args.safeParse(request.args);
  if (!args.success) return { ok: false, error: invalid('validation', `Invalid ${method} request`, args.error, 'args').info };
  try {
    const call = service[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await call.apply(service, args.data as unknown[]);
    const offline = OfflineMarkSchema.safeParse((value as { offline?: unknown } | null)?.offline);
    return { ok: true, value, source: service.source, ...(offline.success ? { offline: offline.data } : {}) };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
}

export type DataClient = DataApi;

/**
 * A DataApi for extension pages. Arguments are checked before sending, and
 * replies are checked against the method's result schema, so a page never
 * renders data it has not validated. Errors come back as DataError.
 */
export function createDataClient(send: (message: DataRequest) => Promise<unknown>): DataClient {
  let source: 'local' | 'backend' = 'local';

  async function call(method: DataMethod, args: unknown[]): Promise<unknown> {
    const spec = DATA_METHODS[method];
    const parsedArgs = spec.args.safeParse(args);
    if (!parsedArgs.success) throw invalid('validation', `Invalid ${method} request`, parsedArgs.error, 'args');
    let raw: unknown;
    try {
      raw = await send({ channel: CHANNEL, type: 'data', method, args: parsedArgs.data as unknown[] });
    } catch (e) {
      throw new DataError({
        kind: 'network',
        message: `The Seamline background did not answer (${e instanceof Error ? e.message : String(e)}).`,
      });
    }
    const refused = RefusedReplySchema.safeParse(raw);
    if (refused.success) {
      throw new DataError({
        kind: refused.data.reason === 'forbidden' ? 'auth' : 'validation',
        message: refused.data.message,
        field: refused.data.field,
      });
    }
    const response = DataResponseSchema.safeParse(raw);
    if (!response.success) {
      throw new DataError({ kind: 'schema', message: `Unexpected reply to ${method} from the Seamline background.` });
    }
    if (!response.data.ok) throw new DataError(response.data.error);
    source = response.data.source;
    const value = spec.result.safeParse(response.data.value);
    if (!value.success) throw invalid('schema', `Unexpected ${method} result`, value.error, 'result');
    const { offline } = response.data;
    // Put back on the result: the page shows cached data as cached.
    if (offline && value.data !== null && typeof value.data === 'object' && !Array.isArray(value.data)) return { ...value.data, offline };
    return value.data;
  }

  const client = {
    get source() {
      return source;
    },
  } as DataClient;
  for (const method of DATA_METHOD_NAMES) {
    Object.defineProperty(client, method, {
      value: (...args: unknown[]) => call(method, args),
      enumerable: true,
    });
  }
  return client;
}
