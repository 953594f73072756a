import { parseArgs } from 'node:util';
import { RoleSchema, WorkspaceSlugSchema } from '../lib/core/http-contract';
import { createServer } from './app';
import { openFromEnv } from './db';
import { migrate } from './migrations';
import { ensureWorkspace, issueToken } from './store';

// npm run server                                    → listen (HOST, PORT, DATABASE_URL or DATA_DIR)
// npm run server -- create-token --workspace W --role member [--name N]
//
// With the embedded store, create tokens while the server is stopped: PGlite
// keeps its data directory open in one process only.

const USAGE = 'usage: npm run server -- create-token --workspace <name> --role admin|member|read-only [--name <label>]';

async function createToken(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { workspace: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const workspace = WorkspaceSlugSchema.safeParse(values.workspace);
  const role = RoleSchema.safeParse(values.role);
  if (!workspace.success || !role.success) {
    process.stderr.write(
      `${USAGE}\n${!workspace.success ? `--workspace: ${workspace.error.issues[0]?.message}\n` : ''}${!role.success ? '--role: admin, member or read-only\n' : ''}`,
    );
    return 2;
  }
  const db = await openFromEnv(process.env);
  try {
    await migrate(db);
    const issued = await db.transaction(async (tx) => {
      await ensureWorkspace(tx, workspace.data);
      return issueToken(tx, workspace.data, values.name?.trim() || `${role.data} token`, role.data);
    });
    process.stderr.write(`token ${issued.token.id} (${role.data}) for workspace "${workspace.data}"; it is shown once, store it now:\n`);
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
  const server = await createServer({ db, host: process.env.HOST || '127.0.0.1', port });
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
