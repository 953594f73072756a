import type { Queryable } from '../base/db';

// Token buckets kept in the database, so every server process on one
// database spends the same budget. One statement both refills and takes, and
// PostgreSQL's row lock on the bucket serialises concurrent takers.

/** Takes one request from the bucket `key` (a burst of `perMinute`, refilled evenly); 0 when allowed, else the seconds to wait. */
export async function takeFromBucket(q: Queryable, key: string, perMinute: number, now = Date.now()): Promise<number> {
  if (!Number.isFinite(perMinute)) return 0;
  const rate = perMinute / 60_000;
  const level = `LEAST($2::double precision, rate_buckets.tokens + GREATEST(0, $3::double precision - rate_buckets.at) * $4::double precision)`;
  const r = await q.query<{ tokens: number; allowed: boolean }>(
    `INSERT INTO rate_buckets (key, tokens, at, allowed) VALUES ($1, $2::double precision - 1, $3::double precision, true)
     ON CONFLICT (key) DO UPDATE SET
       allowed = ${level} >= 1,
       tokens = ${level} - CASE WHEN ${level} >= 1 THEN 1 ELSE 0 END,
       at = GREATEST(rate_buckets.at, $3::double precision)
     RETURNING tokens, allowed`,
    [key, perMinute, now, rate],
  );
  const row = r.rows[0]!;
  if (row.allowed) return 0;
  return Math.max(1, Math.ceil((1 - Number(row.tokens)) / rate / 1000));
}

/** Forgets buckets idle long enough to have refilled completely. */
export async function sweepRateBuckets(q: Queryable, now = Date.now()): Promise<number> {
  const r = await q.query('DELETE FROM rate_buckets WHERE at < $1::double precision', [now - 60 * 60 * 1000]);
  return r.rowCount;
}
