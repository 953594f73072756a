import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { HEADERS, IdempotencyKeySchema } from '../../lib/core/http-contract';
import type { Db } from '../db';
import type { Env } from '../env';
import { ApiError } from '../errors';
import * as store from '../store';

// Same key + same request → the stored response, never a second write.
export function idempotency(db: Db): MiddlewareHandler<Env> {
  return async (c, next) => {
    const key = c.req.header(HEADERS.idempotencyKey);
    if (key === undefined) return next();
    const parsed = IdempotencyKeySchema.safeParse(key);
    if (!parsed.success)
      throw new ApiError('validation', `Idempotency-Key: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { field: HEADERS.idempotencyKey });
    const actor = c.get('actor');
    const body = ['GET', 'DELETE'].includes(c.req.method) ? '' : await c.req.text();
    const hash = createHash('sha256')
      .update(`${c.req.method}\n${new URL(c.req.url).pathname}${new URL(c.req.url).search}\n${c.req.header('if-match') ?? ''}\n${body}`)
      .digest('hex');
    const claim = await store.claimIdempotencyKey(db, actor.workspace, key, hash);
    if (claim.kind === 'mismatch') throw new ApiError('idempotency-mismatch', 'this Idempotency-Key was used for a different request');
    if (claim.kind === 'in-flight') throw new ApiError('conflict', 'a request with this Idempotency-Key is still being processed; retry shortly');
    if (claim.kind === 'replay') {
      const headers = new Headers(c.res.headers);
      for (const [k, v] of Object.entries(claim.response.headers)) headers.set(k, v);
      headers.set(HEADERS.idempotentReplay, 'true');
      return new Response(claim.response.body, { status: claim.response.status, headers });
    }
    let stored: store.StoredResponse | null = null;
    try {
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        let text = await c.res.clone().text();
        // The token secret is shown once: a replay gets the token without it.
        if (routePath(c, -1) === '/v1/tokens' && c.req.method === 'POST') text = JSON.stringify({ ...JSON.parse(text), secret: null });
        const headers: Record<string, string> = { 'content-type': c.res.headers.get('content-type') ?? 'application/json' };
        const etag = c.res.headers.get('etag');
        if (etag) headers.etag = etag;
        stored = { status: c.res.status, headers, body: text };
      }
    } finally {
      await store.completeIdempotencyKey(db, actor.workspace, key, stored);
    }
  };
}
