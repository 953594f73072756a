import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/** One line per request: method, route pattern, status, duration. */
export function requestLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    // Route pattern only: ids, query strings and tokens never reach the log.
    const pattern = c.res.status === 404 && !c.req.matchedRoutes.some((r) => r.method !== 'ALL') ? '(unmatched)' : routePath(c, -1);
    log(`${c.req.method} ${pattern} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
  };
}
