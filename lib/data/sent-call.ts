import { CHANNEL } from '../core/messages/channel';
import type { DataMethod, DataRequest } from '../core/messages/data-calls';

// Kept apart from rpc-client.ts, which builds the record methods' schemas: a
// page's entry sends its first request before evaluating any of them.

/**
 * A request a page sent before its client existed (the dashboard's first
 * view, sent before the page's code has loaded): the client's first call of
 * the same method with the same arguments takes its reply instead of asking
 * again, and checks it like any other (createDataClient's `sent`).
 */
export interface SentDataCall {
  method: DataMethod;
  args: unknown[];
  reply: Promise<unknown>;
}

/** Sends one data call at once, with no schema loaded. */
export function sendDataCall(send: (message: DataRequest) => Promise<unknown>, method: DataMethod, args: unknown[]): SentDataCall {
  const reply = send({ channel: CHANNEL, type: 'data', method, args });
  // The client reports a failure when it takes the reply; until then it is not an unhandled rejection.
  reply.catch(() => undefined);
  return { method, args, reply };
}
