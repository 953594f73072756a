import { parseArgs } from 'node:util';
import { safeParseOf } from '../lib/core/parse';
import { MAX_TOKEN_LIFETIME_DAYS, RoleSchema, WorkspaceSlugSchema } from '../lib/core/http-contract';
import { createServer } from './app';
import { openFromEnv } from './base/db';
import { migrate } from './base/migrations';
import { ensureWorkspace, issueToken } from './store';

// npm run server                                    → listen (HOST, PORT, DATABASE_URL or DATA_DIR)
// npm run server -- create-token --workspace W --role member [--name N] [--expires-in 90d]
//
// With the embedded store, create tokens while the server is stopped: PGlite
// keeps its data directory open in one process only (a lock file refuses a second).

const USAGE = 'usage: npm run server -- create-token --workspace <name> --role admin|member|read-only [--name <label>] [--expires-in <n>d|<n>h|<n>m]';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** "90d", "12h", "30m" → milliseconds; null when it is not such a duration or exceeds the longest token lifetime. */
function parseDuration(text: string): number | null {
  const m = /^(\d{1,6})([dhm])$/.exec(text.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms > 0 && ms <= MAX_TOKEN_LIFETIME_DAYS * UNIT_MS.d ? ms : null;
}

async function createToken(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { workspace: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, 'expires-in': { type: 'string' } },
    strict: true,
  });
  const workspace = safeParseOf(WorkspaceSlugSchema, values.workspace);
  const role = safeParseOf(RoleSchema, values.role);
  const lifetime = values['expires-in'] === undefined ? null : parseDuration(values['expires-in']);
  const badLifetime = values['expires-in'] !== undefined && lifetime === null;
  if (!workspace.success || !role.success || badLifetime) {
    process.stderr.write(
      `${USAGE}\n${!workspace.success ? `--workspace: ${workspace.error.issues[0]?.message}\n` : ''}${!role.success ? '--role: admin, member or read-only\n' : ''}${
        badLifetime ? `--expires-in: a number of days, hours or minutes such as 90d, 12h or 30m (at most ${MAX_TOKEN_LIFETIME_DAYS}d)\n` : ''
      }`,
    );
    return 2;
  }
  const expiresAt = lifetime === null ? null : new Date(Date.now() + lifetime).toISOString();
  const db = await openFromEnv(process.env);
  try {
    await migrate(db);
    const issued = await db.transaction(async (tx) => {
      await ensureWorkspace(tx, workspace.data);
      return issueToken(tx, workspace.data, values.name?.trim() || `${role.data} token`, role.data, expiresAt);
    });
    process.stderr.write(
      `token ${issued.token.id} (${role.data}) for workspace "${workspace.data}"${expiresAt ? `, expires ${expiresAt}` : ''}; it is shown once, store it now:\n`,
    );
    process.stdout.write(`${issued.secret}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

async function serveForever(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const db = await openFromEnv(process.env);
  const inFlight = process.env.IDEMPOTENCY_IN_FLIGHT_SECONDS;
  if (inFlight !== undefined && !/^\d{1,6}$/.test(inFlight)) throw new Error(`IDEMPOTENCY_IN_FLIGHT_SECONDS must be whole seconds, got ${inFlight}`);
  const server = await createServer({
    db,
    host: process.env.HOST || '127.0.0.1',
    port,
    ...(inFlight !== undefined ? { idempotencyInFlightMs: Number(inFlight) * 1000 } : {}),
  });
  process.stdout.write(
    `Seamline team backend on ${server.url} (${db.driver === 'postgres' ? 'PostgreSQL' : `PGlite in ${process.env.DATA_DIR || '.server-data'}`})\n`,
  );
  const stop = async () => {
    await server.close().catch(() => {});
    await db.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'create-token') {
  createToken(rest).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
} else if (command === undefined || command === 'serve') {
  serveForever().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
} else {
  process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
  process.exit(2);
}
