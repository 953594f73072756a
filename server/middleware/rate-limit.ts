import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Db } from '../base/db';
import type { Env } from '../base/env';
import { ApiError } from '../base/errors';
import * as store from '../store';
import type { Actor } from '../store';

export function rateLimited(waitSeconds: number, what = 'too many requests'): ApiError {
  return new ApiError('rate-limited', `${what}; retry in ${waitSeconds}s`, { headers: { 'Retry-After': String(waitSeconds) } });
}

/** 429 with Retry-After once a token has spent its budget, counted across every server process on the database. */
export function rateLimit(db: Db, perMinute: number): MiddlewareHandler<Env> {
  return async (c, next) => {
    const actor = c.get('actor') as Actor | undefined;
    if (actor) {
      const wait = await store.takeFromBucket(db, `token:${actor.tokenId}`, perMinute);
      if (wait > 0) throw rateLimited(wait);
    }
    return next();
  };
}

/** The peer address of the connection (a proxy in front makes this the proxy's). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Failed authentication attempts per client address: each failure spends one
 * request of the address's budget, and an address that has spent it is
 * refused before its token is even looked at.
 */
export interface AuthFailureLimit {
  /** Throws 429 while the address may not try again. */
  check(c: Context): Promise<void>;
  /** Counts one failure; throws 429 when it was one too many. */
  fail(c: Context): Promise<void>;
}

export function authFailureLimit(db: Db, perMinute: number): AuthFailureLimit {
  const key = (c: Context) => `auth-failures:${clientAddress(c)}`;
  return {
    async check(c) {
      const wait = await store.bucketWait(db, key(c), perMinute);
      if (wait > 0) throw rateLimited(wait, 'too many failed authentication attempts');
    },
    async fail(c) {
      const wait = await store.takeFromBucket(db, key(c), perMinute);
      if (wait > 0) throw rateLimited(wait, 'too many failed authentication attempts');
    },
  };
}
