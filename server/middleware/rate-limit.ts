import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { ApiError } from '../errors';
import type { Actor } from '../store';

/** Token bucket per API token: a burst of `perMinute`, refilled evenly. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}
  /** Returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    if (!Number.isFinite(this.perMinute)) return 0;
    const rate = this.perMinute / 60_000;
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}

/** 429 with Retry-After once a token has spent its budget. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<Env> {
  return async (c, next) => {
    const actor = c.get('actor') as Actor | undefined;
    if (actor) {
      const wait = limiter.take(actor.tokenId);
      if (wait > 0) throw new ApiError('rate-limited', `too many requests; retry in ${wait}s`, { headers: { 'Retry-After': String(wait) } });
    }
    return next();
  };
}
