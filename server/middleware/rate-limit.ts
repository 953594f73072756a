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
 * Failed authentication attempts per client address. Each failure spends one
 * request of the address's budget in the database, shared by every server
 * process; a process that sees the budget spent refuses that address before
 * even looking at its token until the bucket refills. Checking the database
 * only on failures keeps successful requests at no extra query, at the price
 * of each other process allowing one more failed attempt before it refuses too.
 */
export interface AuthFailureLimit {
  /** Throws 429 while this process knows the address may not try again. */
  check(c: Context): void;
  /** Counts one failure; throws 429 when it was one too many. */
  fail(c: Context): Promise<void>;
}

export function authFailureLimit(db: Db, perMinute: number): AuthFailureLimit {
  const blockedUntil = new Map<string, number>();
  return {
    check(c) {
      const until = blockedUntil.get(clientAddress(c));
      if (until === undefined) return;
      const wait = Math.ceil((until - Date.now()) / 1000);
      if (wait > 0) throw rateLimited(wait, 'too many failed authentication attempts');
      blockedUntil.delete(clientAddress(c));
    },
    async fail(c) {
      const address = clientAddress(c);
      const wait = await store.takeFromBucket(db, `auth-failures:${address}`, perMinute);
      if (wait > 0) {
        if (blockedUntil.size > 10_000) blockedUntil.clear();
        blockedUntil.set(address, Date.now() + wait * 1000);
        throw rateLimited(wait, 'too many failed authentication attempts');
      }
    },
  };
}
