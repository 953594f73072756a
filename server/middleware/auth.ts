import type { Context, MiddlewareHandler } from 'hono';
import { ROUTES } from '../../lib/core/http-contract';
import type { Db } from '../base/db';
import type { Env } from '../base/env';
import { ApiError } from '../base/errors';
import * as store from '../store';
import type { Actor } from '../store';
import type { AuthFailureLimit } from './rate-limit';

export function bearer(c: Context): string | null {
  const h = c.req.header('authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1] ?? null;
}

export type TokenCheck = { kind: 'accepted'; actor: Actor } | { kind: 'expired'; actor: Actor } | { kind: 'unknown' };

export interface TokenAuth {
  /** Whether a secret names a live token; expired tokens are told apart from unknown or revoked ones. */
  check(secret: string): Promise<TokenCheck>;
  /** Drops every remembered token (after a revocation). */
  forget(): void;
}

// Accepted tokens are remembered briefly so reads cost one query, not two.
// Revoking through this server clears it at once; a revocation made through
// another server process sharing the database takes effect within the TTL.
const TOKEN_TTL_MS = 5_000;

export function createTokenAuth(db: Db): TokenAuth {
  const cache = new Map<string, { actor: Actor; until: number }>();
  const find = async (secret: string): Promise<Actor | null> => {
    const key = store.hashToken(secret);
    const hit = cache.get(key);
    const now = Date.now();
    if (hit && hit.until > now) return hit.actor;
    const actor = await store.findActiveToken(db, secret);
    if (cache.size > 10_000) cache.clear();
    if (actor) cache.set(key, { actor, until: now + TOKEN_TTL_MS });
    else cache.delete(key);
    return actor;
  };
  return {
    async check(secret) {
      const actor = await find(secret);
      if (!actor) return { kind: 'unknown' };
      // Checked on every use, cached or not: expiry is exact to the request.
      if (actor.expiresAt !== null && Date.parse(actor.expiresAt) <= Date.now()) return { kind: 'expired', actor };
      return { kind: 'accepted', actor };
    },
    forget: () => cache.clear(),
  };
}

/** Every /v1 route but health needs a valid token; sets the request's actor. */
export function requireToken(auth: TokenAuth, failures: AuthFailureLimit): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (c.req.path === ROUTES.health.path) return next();
    failures.check(c);
    const secret = bearer(c);
    if (!secret) {
      await failures.fail(c);
      throw new ApiError('unauthenticated', 'send Authorization: Bearer <token>');
    }
    const checked = await auth.check(secret);
    if (checked.kind !== 'accepted') {
      await failures.fail(c);
      if (checked.kind === 'expired') {
        throw new ApiError('token-expired', `the token expired at ${checked.actor.expiresAt}; ask an admin for a new one`);
      }
      throw new ApiError('unauthenticated', 'the token is unknown or revoked');
    }
    c.set('actor', checked.actor);
    return next();
  };
}

/** Records when each token was last used, at most once a minute per token, without delaying the request. */
export function touchTokens(db: Db): MiddlewareHandler<Env> {
  const lastTouched = new Map<string, number>();
  return async (c, next) => {
    const actor = c.get('actor') as Actor | undefined;
    const now = Date.now();
    if (actor && (lastTouched.get(actor.tokenId) ?? 0) < now - 60_000) {
      lastTouched.set(actor.tokenId, now);
      store.touchToken(db, actor.tokenId).catch(() => {});
    }
    return next();
  };
}

const ROLE_CAN: Record<'read' | 'write' | 'admin', ReadonlyArray<Actor['role']>> = {
  read: ['admin', 'member', 'read-only'],
  write: ['admin', 'member'],
  admin: ['admin'],
};

export function requireRole(level: 'read' | 'write' | 'admin'): MiddlewareHandler<Env> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!ROLE_CAN[level].includes(actor.role)) {
      throw new ApiError('forbidden', level === 'admin' ? 'this needs an admin token' : 'this token is read-only');
    }
    await next();
  };
}
