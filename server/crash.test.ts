// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { paths } from '../lib/core/http-contract';
import { openPglite, openPostgres, type Db } from './base/db';
import { migrate } from './base/migrations';
import { PG_SKIP_MESSAGE, accountDraft, client, commitmentDraft, hasPostgres, makeToken } from '../test/server';

// The real server as a separate process, killed with SIGKILL in the middle of
// a burst of idempotent writes, restarted, and every unanswered write retried
// with its own key: each write must exist exactly once.

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('crash during a write burst on PostgreSQL', () => {}));

const IN_FLIGHT_SECONDS = 2;
const WRITES = 60;
const PARALLEL = 6;
const KILL_AFTER_ANSWERS = 15;

interface Child {
  url: string;
  process: ChildProcess;
  exited: Promise<void>;
}

function startChild(env: NodeJS.ProcessEnv): Promise<Child> {
  // One process (no tsx wrapper in between), so SIGKILL hits the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', IDEMPOTENCY_IN_FLIGHT_SECONDS: String(IN_FLIGHT_SECONDS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${err}`));
    }, 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, process: child, exited });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

async function kill(child: Child): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await child.exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Backend {
  env: NodeJS.ProcessEnv;
  /** Seeds a workspace while no server runs; returns a member token. */
  seed(): Promise<string>;
  /** Opens the data for checking once the server is gone. */
  inspect(): Promise<Db>;
  dispose(): Promise<void>;
}

async function pgliteBackend(): Promise<Backend> {
  const dir = await mkdtemp(join(tmpdir(), 'seamline-crash-'));
  return {
    env: { DATA_DIR: dir, DATABASE_URL: '' },
    async seed() {
      const db = await openPglite(dir);
      try {
        await migrate(db);
        return await makeToken(db, 'crash', 'member');
      } finally {
        await db.close();
      }
    },
    inspect: () => openPglite(dir),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresBackend(): Promise<Backend> {
  const schema = `crash_${randomBytes(6).toString('hex')}`;
  const base = process.env.TEST_DATABASE_URL!;
  const db = await openPostgres({ connectionString: base, schema });
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: url.toString() },
    async seed() {
      await migrate(db);
      return makeToken(db, 'crash', 'member');
    },
    inspect: async () => db,
    async dispose() {
      await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

const backends: Array<{ name: string; make: () => Promise<Backend> }> = [{ name: 'pglite', make: pgliteBackend }];
if (hasPostgres) backends.push({ name: 'postgres', make: postgresBackend });

describe.each(backends)('kill -9 during a write burst on $name', ({ make }) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  });

  it('after a restart and a retry of every unanswered key, every write exists exactly once', async () => {
    const backend = await make();
    cleanups.push(() => backend.dispose());
    const token = await backend.seed();

    let server = await startChild(backend.env);
    cleanups.push(() => kill(server));
    const api = () => client(server.url, token);
    const account = (await api().post(paths.accounts(), accountDraft({ name: 'Crash Co' }), { idempotencyKey: 'crash-account-0001' })).body;
    expect(account.id).toEqual(expect.any(String));

    const run = `${Date.now()}`;
    const writes = Array.from({ length: WRITES }, (_, i) => ({ key: `crash-${run}-${i}`, text: `commitment ${i} of run ${run}` }));
    const answered = new Set<string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < writes.length) {
        const w = writes[next++]!;
        try {
          const r = await api().post(paths.commitments(), commitmentDraft(account.id, { text: w.text }), { idempotencyKey: w.key });
          if (r.status === 201) answered.add(w.key);
          if (answered.size >= KILL_AFTER_ANSWERS && !killed) {
            killed = true;
            server.process.kill('SIGKILL');
          }
        } catch {
          // the connection died with the server: this write is unanswered
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    await kill(server);
    const killedAt = Date.now();
    expect(killed).toBe(true);
    expect(answered.size).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);
    expect(answered.size).toBeLessThan(WRITES);

    server = await startChild(backend.env);
    // Retry after the in-flight window, as a client honouring Retry-After would.
    await sleep(Math.max(0, killedAt + IN_FLIGHT_SECONDS * 1000 + 200 - Date.now()));
    const statuses = new Map<number, number>();
    for (const w of writes) {
      let status = 0;
      for (let attempt = 0; attempt < 5; attempt++) {
        const r = await api().post(paths.commitments(), commitmentDraft(account.id, { text: w.text }), { idempotencyKey: w.key });
        status = r.status;
        if (r.status !== 409) break;
        expect(r.body.error.code).toBe('idempotency-in-flight');
        await sleep(Number(r.headers.get('retry-after') ?? 1) * 1000);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 201: WRITES });
    await kill(server);

    const db = await backend.inspect();
    if (db.driver === 'pglite') cleanups.push(() => db.close());
    const rows = await db.query<{ text: string }>("SELECT data->>'text' AS text FROM commitments WHERE account_id = $1", [account.id]);
    const counts = new Map<string, number>();
    for (const r of rows.rows) counts.set(r.text, (counts.get(r.text) ?? 0) + 1);
    expect(rows.rows).toHaveLength(WRITES);
    for (const w of writes) expect(counts.get(w.text), w.key).toBe(1);
  }, 55_000);
});
