import { randomBytes } from 'node:crypto';
import { groupByKey } from '../lib/core/domain/dashboard/common';
import { dashboardReadings } from '../lib/core/domain/dashboard/readings';
import type { HealthSnapshot } from '../lib/core/domain/health-snapshot';
import type { Role } from '../lib/core/http-contract';
import { createServer, type RunningServer, type ServerOptions } from '../server/app';
import { openPglite, openPostgres, type Db, type Queryable } from '../server/base/db';
import { ensureWorkspace, issueToken } from '../server/store';

// Shared by the server's test files and the bench: databases to run against,
// a server on an ephemeral port, and a small HTTP client.

export interface TestDatabase {
  name: string;
  open(): Promise<{ db: Db; dispose(): Promise<void> }>;
}

const PG_URL = process.env.TEST_DATABASE_URL;

export const PG_SKIP_MESSAGE = 'PostgreSQL variant skipped: set TEST_DATABASE_URL (server/scripts/start-test-postgres.sh prints one)';

/** In-memory PGlite always; a real PostgreSQL too when TEST_DATABASE_URL is set (own schema per run, dropped after). */
export function testDatabases(): TestDatabase[] {
  const dbs: TestDatabase[] = [
    {
      name: 'pglite',
      async open() {
        const db = await openPglite();
        return { db, dispose: () => db.close() };
      },
    },
  ];
  if (PG_URL) {
    dbs.push({
      name: 'postgres',
      async open() {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const db = await openPostgres({ connectionString: PG_URL, schema, max: 20 });
        return {
          db,
          async dispose() {
            await db.query(`DROP SCHEMA ${schema} CASCADE`);
            await db.close();
          },
        };
      },
    });
  }
  return dbs;
}

export const hasPostgres = Boolean(PG_URL);

/**
 * Queries on the database `db()` gives (opened later, in a beforeAll), each
 * statement recorded, to tell what a dashboard read: `readsAnyRecord` is
 * whether any statement read one of the tables the dashboard's records come
 * from. `clear` starts the record afresh.
 */
export function recordedQueries(db: () => Queryable) {
  const asked: string[] = [];
  const queryable: Queryable = {
    query: (sql, params) => {
      asked.push(sql);
      return db().query(sql, params);
    },
  };
  return {
    queryable,
    asked,
    clear: () => void asked.splice(0),
    readsAnyRecord: () =>
      asked.some((sql) => /FROM (accounts|snapshots|commitments|flags|approvals|arr_changes|milestones|handoff_answers)\b/.test(sql)),
  };
}

export async function makeToken(db: Db, workspace: string, role: Role, name = `${role} of ${workspace}`): Promise<string> {
  await ensureWorkspace(db, workspace);
  return (await issueToken(db, workspace, name, role)).secret;
}

export async function startServer(db: Db, opts: Partial<ServerOptions> = {}): Promise<RunningServer> {
  return createServer({ db, port: 0, log: () => {}, ...opts });
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  ifMatch?: number | string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export interface Client {
  token: string | null;
  get<T = any>(path: string, o?: RequestOptions): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown, o?: RequestOptions): Promise<Reply<T>>;
  put<T = any>(path: string, body?: unknown, o?: RequestOptions): Promise<Reply<T>>;
  patch<T = any>(path: string, body?: unknown, o?: RequestOptions): Promise<Reply<T>>;
  delete<T = any>(path: string, o?: RequestOptions): Promise<Reply<T>>;
}

export function client(baseUrl: string, token: string | null): Client {
  const send = async (method: string, path: string, o: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...o.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    if (o.ifMatch !== undefined) headers['if-match'] = typeof o.ifMatch === 'number' ? `"${o.ifMatch}"` : o.ifMatch;
    if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // keep the text: a non-JSON body is itself a finding for the caller
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    token,
    get: (p, o) => send('GET', p, o),
    post: (p, b, o) => send('POST', p, { ...o, body: b ?? o?.body }),
    put: (p, b, o) => send('PUT', p, { ...o, body: b ?? o?.body }),
    patch: (p, b, o) => send('PATCH', p, { ...o, body: b ?? o?.body }),
    delete: (p, o) => send('DELETE', p, o),
  };
}

let seq = 0;
export function accountDraft(over: Record<string, unknown> = {}) {
  seq++;
  return {
    name: `Account ${seq} ${randomBytes(3).toString('hex')}`,
    segment: 'mid-market',
    arr: 50_000 + seq,
    lifecycleStage: 'onboarding',
    ...over,
  };
}

export function commitmentDraft(accountId: string | null, over: Record<string, unknown> = {}) {
  return {
    accountId,
    text: 'Salesforce integration live by kickoff',
    kind: 'integration',
    status: 'open',
    roadmapStatus: 'on-roadmap',
    createdBy: 'Ana AE',
    ...over,
  };
}

export function flagDraft(accountId: string | null, over: Record<string, unknown> = {}) {
  return { accountId, category: 'overpromise', severity: 'high', createdBy: 'Ana AE', resolved: false, ...over };
}

/** The ids of a workspace's readings whose dashboard mark is not the one the rule gives on `day` (none, after every write). */
export async function readingsMarkedOtherwise(db: Db, workspace: string, day: string): Promise<string[]> {
  const r = await db.query<{ data: HealthSnapshot; for_dashboard: boolean }>(
    'SELECT data, for_dashboard FROM snapshots WHERE workspace_id = $1 ORDER BY id',
    [workspace],
  );
  const kept = new Set<string>();
  groupByKey(r.rows, (row) => row.data.accountId).forEach((rows) => {
    for (const s of dashboardReadings(
      rows.map((row) => row.data),
      day,
      false,
    ))
      kept.add(s.id);
  });
  return r.rows.filter((row) => row.for_dashboard !== kept.has(row.data.id)).map((row) => row.data.id);
}
