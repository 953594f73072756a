import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { CONTRACT_VERSION, HEADERS } from '../../lib/core/http-contract';

const EXTENSION_ORIGIN = /^(chrome|moz|safari-web|ms-browser)-extension:\/\/[A-Za-z0-9._-]+\/?$/;

/** Browser extensions are the only web origins allowed to call the API. */
export function extensionCors(): MiddlewareHandler {
  return cors({
    origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    // Last-Event-ID: the extension resumes the live feed after a dropped connection.
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', HEADERS.lastEventId],
    exposeHeaders: ['ETag', 'Retry-After', HEADERS.idempotentReplay, HEADERS.contractVersion],
    maxAge: 600,
  });
}

export function contractVersionHeader(): MiddlewareHandler {
  return async (c, next) => {
    c.header(HEADERS.contractVersion, CONTRACT_VERSION);
    await next();
  };
}
