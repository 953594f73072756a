import { createHash, randomUUID } from 'node:crypto';
import { safeParseOf } from '../../lib/core/parse';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { HEADERS, IdempotencyKeySchema, ROUTES } from '../../lib/core/http-contract';
import { joinTransaction, type Db } from '../base/db';
import type { Env } from '../base/env';
import { ApiError } from '../base/errors';
import * as store from '../store';

/** What identifies "the same request" under one key. */
export function idempotencyRequestHash(method: string, pathAndQuery: string, ifMatch: string, body: string): string {
  return createHash('sha256').update(`${method}\n${pathAndQuery}\n${ifMatch}\n${body}`).digest('hex');
}

function inFlight(retryAfterSeconds: number): ApiError {
  return new ApiError('idempotency-in-flight', 'a request with this Idempotency-Key is still being processed; retry it with the same key', {
    headers: { [HEADERS.retryAfter]: String(retryAfterSeconds) },
  });
}

const SECRET_ROUTES: ReadonlySet<string> = new Set([ROUTES.createToken.path, ROUTES.rotateToken.path]);

/** Rolls the request's transaction back once its handler has answered with a failure. */
class Unanswered extends Error {}
/** Another attempt took the key over before this one started writing. */
class Superseded extends Error {}

// Same key + same request → the stored response, never a second write. The
// handler runs inside one transaction together with storing its response, so
// a crash leaves either both or neither.
export function idempotency(db: Db, opts: { inFlightMs?: number } = {}): MiddlewareHandler<Env> {
  return async (c, next) => {
    const key = c.req.header(HEADERS.idempotencyKey);
    if (key === undefined) return next();
    const parsed = safeParseOf(IdempotencyKeySchema, key);
    if (!parsed.success)
      throw new ApiError('validation', `Idempotency-Key: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { field: HEADERS.idempotencyKey });
    const actor = c.get('actor');
    const body = ['GET', 'DELETE'].includes(c.req.method) ? '' : await c.req.text();
    const url = new URL(c.req.url);
    const hash = idempotencyRequestHash(c.req.method, `${url.pathname}${url.search}`, c.req.header('if-match') ?? '', body);
    const claimId = randomUUID();
    const claim = await store.claimIdempotencyKey(db, actor.workspace, key, hash, claimId, opts.inFlightMs);
    if (claim.kind === 'mismatch') throw new ApiError('idempotency-mismatch', 'this Idempotency-Key was used for a different request');
    if (claim.kind === 'in-flight') throw inFlight(claim.retryAfterSeconds);
    if (claim.kind === 'replay') {
      const headers = new Headers(c.res.headers);
      for (const [k, v] of Object.entries(claim.response.headers)) headers.set(k, v);
      headers.set(HEADERS.idempotentReplay, 'true');
      return new Response(claim.response.body, { status: claim.response.status, headers });
    }
    try {
      await db.transaction(async (tx) => {
        if (!(await store.holdIdempotencyClaim(tx, actor.workspace, key, claimId))) throw new Superseded();
        c.set('db', joinTransaction(db.driver, tx));
        await next();
        if (c.res.status < 200 || c.res.status >= 300) throw new Unanswered();
        let text = await c.res.clone().text();
        // A token secret is shown once: a replay gets the token without it.
        if (c.req.method === 'POST' && SECRET_ROUTES.has(routePath(c, -1))) text = JSON.stringify({ ...JSON.parse(text), secret: null });
        const headers: Record<string, string> = { 'content-type': c.res.headers.get('content-type') ?? 'application/json' };
        const etag = c.res.headers.get('etag');
        if (etag) headers.etag = etag;
        await store.completeIdempotencyKey(tx, actor.workspace, key, { status: c.res.status, headers, body: text });
      });
    } catch (e) {
      if (e instanceof Superseded) throw inFlight(1);
      // Nothing of this attempt committed: free the key for an immediate retry
      // (if this fails too, the key frees itself after the in-flight window).
      await store.releaseIdempotencyKey(db, actor.workspace, key, claimId).catch(() => {});
      if (e instanceof Unanswered) return;
      throw e;
    }
  };
}
