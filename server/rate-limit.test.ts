// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { ApiErrorBodySchema, paths } from '../lib/core/http-contract';
import type { RunningServer } from './app';
import { openPostgres, type Db } from './base/db';
import { PG_SKIP_MESSAGE, client, hasPostgres, makeToken, startServer, testDatabases } from '../test/server';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('rate limits across two processes on PostgreSQL', () => {}));

const code = (body: unknown) => ApiErrorBodySchema.parse(body).error.code;

describe.each(testDatabases())('rate limits on $name', (database) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function open(): Promise<Db> {
    const { db, dispose } = await database.open();
    cleanups.push(dispose);
    return db;
  }

  /** A second, independent connection to the same data, as another server process would have. */
  async function secondConnection(db: Db): Promise<Db> {
    if (db.driver === 'pglite') return db;
    const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const other = await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, schema });
    cleanups.push(() => other.close());
    return other;
  }

  async function serve(db: Db, opts: Parameters<typeof startServer>[1] = {}): Promise<RunningServer> {
    const s = await startServer(db, opts);
    cleanups.push(() => s.close());
    return s;
  }

  it('two server instances on one database share one token budget', async () => {
    const db = await open();
    const a = await serve(db, { rateLimitPerMinute: 10 });
    const b = await serve(await secondConnection(db), { rateLimitPerMinute: 10, migrate: false });
    const token = await makeToken(db, 'rl', 'member');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await client(i % 2 ? b.url : a.url, token).get(paths.accounts({ limit: 1 }));
      statuses.push(r.status);
      if (r.status === 429) {
        expect(code(r.body)).toBe('rate-limited');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Parallel bursts through both instances cannot overspend it either.
    const other = await makeToken(db, 'rl', 'member');
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => client(i % 2 ? b.url : a.url, other).get(paths.accounts({ limit: 1 }))));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(10);
  }, 30_000);

  it('limits failed authentications per client address, across instances, before looking at the token', async () => {
    const db = await open();
    const a = await serve(db, { authFailuresPerMinute: 4 });
    const b = await serve(await secondConnection(db), { authFailuresPerMinute: 4, migrate: false });
    const good = await makeToken(db, 'rl', 'member');
    const failures: number[] = [];
    for (let i = 0; i < 4; i++) failures.push((await client(i % 2 ? b.url : a.url, `sl_guess${i}`).get(paths.accounts())).status);
    failures.push((await client(b.url, null).get(paths.accounts())).status);
    expect(failures).toEqual([401, 401, 401, 401, 429]);
    const guessed = await client(a.url, 'sl_guess9').get(paths.health());
    expect(guessed.status).toBe(429);
    const blocked = await client(a.url, good).get(paths.accounts());
    expect(blocked.status).toBe(429);
    expect(code(blocked.body)).toBe('rate-limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Health without a token stays open: it is how the extension tests a URL.
    expect((await client(a.url, null).get(paths.health())).status).toBe(200);
  }, 30_000);
});
