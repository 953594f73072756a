import { openPglite, type Db } from '../../server/base/db';
import { createServer, type RunningServer } from '../../server/app';
import { ensureWorkspace, issueToken } from '../../server/store';

// The reference team backend (server/) on in-memory PGlite, listening on
// 127.0.0.1. It can be taken down and brought back on the same port with the
// same data, as a backend that restarts or drops off the network would.

export interface ReferenceBackend {
  url: string;
  token: string;
  readOnlyToken: string;
  db: Db;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReferenceBackend(opts: { rateLimitPerMinute?: number } = {}): Promise<ReferenceBackend> {
  const db = await openPglite();
  const serverOpts = { db, host: '127.0.0.1', log: () => {}, rateLimitPerMinute: opts.rateLimitPerMinute ?? 1_000_000 };
  let running: RunningServer | null = await createServer({ ...serverOpts, port: 0 });
  const port = running.port;
  await ensureWorkspace(db, 'acme');
  const { secret } = await issueToken(db, 'acme', 'Ana (tests)', 'member');
  const { secret: readOnly } = await issueToken(db, 'acme', 'Viewer (tests)', 'read-only');
  return {
    url: running.url,
    token: secret,
    readOnlyToken: readOnly,
    db,
    async down() {
      await running?.close();
      running = null;
    },
    async up() {
      running ??= await createServer({ ...serverOpts, port, migrate: false });
    },
    async close() {
      await running?.close();
      running = null;
      await db.close();
    },
  };
}
