import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

// One query interface over embedded PGlite and a real PostgreSQL, so the same
// SQL and migrations run on both. Timestamps are stored as ISO text and
// counters cast to text in SQL, so both drivers return identical JS values.

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; everything it queries through `tx` commits or rolls back together. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (sent by any process on
   * the same database, on commit); resolves once listening, with the stop.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid notification channel name "${channel}"`);
}

const LOCK_FILE = 'seamline-server.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite lets any number of processes open one data directory and each then
 * sees only its own writes, so the directory is claimed with a lock file
 * holding the owner's pid. A lock whose process is gone (killed) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new Error(
        `the data directory ${dataDir} is in use by process ${owner} (a running server?). ` +
          'Stop it first, or issue tokens through POST /v1/tokens with an admin token. ' +
          `If no such process is Seamline, delete ${file}.`,
      );
    }
    unlinkSync(file);
  }
}

export async function openPglite(dataDir?: string): Promise<Db> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  let lite: PGlite;
  try {
    lite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  } catch (e) {
    unlock();
    throw e;
  }
  return {
    driver: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await lite.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    transaction(fn) {
      // PGlite has one connection; its transaction() queues every other query
      // until this one finishes, which makes transactions serial here.
      return lite.transaction((tx) =>
        fn({
          async query<T>(sql: string, params: unknown[] = []) {
            const r = await tx.query<T>(sql, params as unknown[]);
            return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      checkChannel(channel);
      // PGlite delivers its own NOTIFYs: one process, so that is every writer.
      const stop = await lite.listen(channel, onPayload);
      return async () => {
        await stop().catch(() => undefined);
      };
    },
    close: async () => {
      try {
        await lite.close();
      } finally {
        unlock();
      }
    },
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** Confines every connection to one schema (tests use a schema per run). */
  schema?: string;
  max?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  if (opts.schema && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error('invalid schema name');
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  if (opts.schema) {
    const c = await pool.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      c.release();
    }
  }
  const listener = createPgListener(opts.connectionString);
  return {
    driver: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await pool.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({
          async query<T>(sql: string, params: unknown[] = []) {
            const r = await client.query(sql, params);
            return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
          },
        });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

const LISTEN_RETRY_MS = 1_000;

/**
 * One dedicated connection (not from the pool: LISTEN belongs to a session)
 * opened on the first listen. A lost connection is reopened and listens
 * again; notifications sent meanwhile are lost, so listeners also catch up
 * on their own (the live feed re-reads on every heartbeat).
 */
function createPgListener(connectionString: string) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString });
      c.on('notification', (m) => {
        for (const h of handlers.get(m.channel) ?? []) h(m.payload ?? '');
      });
      const lost = () => {
        if (client !== c) return;
        client = null;
        connecting = null;
        void c.end().catch(() => undefined);
        if (!closed && handlers.size) setTimeout(() => void connect().catch(lost), LISTEN_RETRY_MS).unref();
      };
      c.on('error', lost);
      c.on('end', lost);
      try {
        await c.connect();
        for (const channel of handlers.keys()) await c.query(`LISTEN ${channel}`);
      } catch (e) {
        connecting = null;
        void c.end().catch(() => undefined);
        throw e;
      }
      client = c;
      return c;
    })();
    return connecting;
  };

  return {
    async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
      checkChannel(channel);
      if (closed) throw new Error('the database is closed');
      const fresh = !handlers.has(channel);
      const set = handlers.get(channel) ?? new Set();
      set.add(onPayload);
      handlers.set(channel, set);
      const c = await connect();
      // A new connection already listens on every channel registered before it connected.
      if (fresh && c === client) await c.query(`LISTEN ${channel}`);
      return async () => {
        set.delete(onPayload);
        if (set.size || handlers.get(channel) !== set) return;
        handlers.delete(channel);
        await client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
      };
    },
    async close(): Promise<void> {
      closed = true;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

/** A Db bound to an open transaction: its queries and nested transactions all join `tx`. */
export function joinTransaction(driver: Db['driver'], tx: Queryable): Db {
  return {
    driver,
    query<T>(sql: string, params?: unknown[]) {
      return tx.query<T>(sql, params);
    },
    transaction: (fn) => fn(tx),
    listen: () => Promise.reject(new Error('listen on the database itself, not inside a transaction')),
    close: () => Promise.reject(new Error('a transaction-bound database cannot be closed')),
  };
}

/** DATABASE_URL selects PostgreSQL; otherwise embedded PGlite in dataDir. */
export async function openFromEnv(env: NodeJS.ProcessEnv): Promise<Db> {
  if (env.DATABASE_URL) return openPostgres({ connectionString: env.DATABASE_URL });
  const dir = env.DATA_DIR || '.server-data';
  return openPglite(dir);
}
