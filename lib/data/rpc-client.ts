import { DataError, schemaError } from '../core/errors';
import { safeParseOf } from '../core/parse';
import { CHANNEL } from '../core/messages/channel';
import {
  DATA_METHOD_NAMES,
  DataResponseSchema,
  STATUS_METHOD,
  isDashboardDataMethod,
  type DataMethod,
  type DataMethodSpec,
  type DataRequest,
} from '../core/messages/data-calls';
import { RefusedReplySchema } from '../core/messages/refused';
import type { DataApi } from '../core/sync';
import type { SentDataCall } from './sent-call';

export { sendDataCall, type SentDataCall } from './sent-call';

// The pages' side of the data RPC (rpc.ts is the background's). A page loads
// a method's schemas when it first calls one of its kind: the panel never
// builds the dashboard's, and the dashboard, which asks only the status as it
// opens, builds the record methods' when a person first does something else.

async function specOf(method: DataMethod): Promise<DataMethodSpec> {
  if (method === 'status') return STATUS_METHOD;
  if (!isDashboardDataMethod(method)) {
    const { RECORD_DATA_METHODS } = await import('../core/messages/record-methods');
    return RECORD_DATA_METHODS[method];
  }
  const { DASHBOARD_DATA_METHODS } = await import('../core/messages/dashboard-methods');
  return DASHBOARD_DATA_METHODS[method];
}

export type DataClient = DataApi;

/**
 * A DataApi for extension pages. Arguments are checked before sending, and
 * replies are checked against the method's result schema, so a page never
 * renders data it has not validated. Errors come back as DataError.
 */
export function createDataClient(send: (message: DataRequest) => Promise<unknown>, sent: readonly SentDataCall[] = []): DataClient {
  let source: 'local' | 'backend' = 'local';
  const waiting = sent.map((c) => ({ method: c.method, args: JSON.stringify(c.args), reply: c.reply }));

  // The reply of a call already sent with these arguments, once.
  function takeSent(method: DataMethod, args: unknown[]): Promise<unknown> | null {
    if (waiting.length === 0) return null;
    const key = JSON.stringify(args);
    const at = waiting.findIndex((c) => c.method === method && c.args === key);
    return at < 0 ? null : waiting.splice(at, 1)[0]!.reply;
  }

  async function call(method: DataMethod, args: unknown[]): Promise<unknown> {
    const spec = await specOf(method);
    const parsedArgs = safeParseOf(spec.args, args);
    if (!parsedArgs.success) throw schemaError('validation', `Invalid ${method} request`, parsedArgs.error, 'args');
    let raw: unknown;
    try {
      raw = await (takeSent(method, parsedArgs.data as unknown[]) ??
        send({ channel: CHANNEL, type: 'data', method, args: parsedArgs.data as unknown[] }));
    } catch (e) {
      throw new DataError({
        kind: 'network',
        message: `The Seamline background did not answer (${e instanceof Error ? e.message : String(e)}).`,
      });
    }
    const refused = safeParseOf(RefusedReplySchema, raw);
    if (refused.success) {
      throw new DataError({
        kind: refused.data.reason === 'forbidden' ? 'auth' : 'validation',
        message: refused.data.message,
        field: refused.data.field,
      });
    }
    const response = safeParseOf(DataResponseSchema, raw);
    if (!response.success) {
      throw new DataError({ kind: 'schema', message: `Unexpected reply to ${method} from the Seamline background.` });
    }
    if (!response.data.ok) throw new DataError(response.data.error);
    source = response.data.source;
    const value = safeParseOf(spec.result, response.data.value);
    if (!value.success) throw schemaError('schema', `Unexpected ${method} result`, value.error, 'result');
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
