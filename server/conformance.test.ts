// @vitest-environment node
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { createBackendPort } from '../lib/data/backend-port';
import { HttpBackend } from '../lib/data/http';
import { Outbox } from '../lib/data/outbox';
import { describeDataPortConformance } from '../test/data-port-conformance';
import { PG_SKIP_MESSAGE, hasPostgres, makeToken, startServer, testDatabases } from '../test/server';
import type { RunningServer } from './app';
import type { Db } from './base/db';

// The team backend as the extension sees it: the HTTP adapter with its outbox,
// talking to the reference server. Each case gets a workspace of its own.

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => {});

describe.each(testDatabases())('on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const outboxes: Outbox[] = [];

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY });
  }, 60_000);
  afterAll(async () => {
    for (const o of outboxes) o.dispose();
    await server?.close();
    await dispose?.();
  });

  const workspacePort = async () => {
    const workspace = `conf-${randomBytes(4).toString('hex')}`;
    const http = new HttpBackend({ baseUrl: server.url, token: await makeToken(db, workspace, 'admin'), retries: 0, timeoutMs: 10_000 });
    const outbox = new Outbox({ target: http, dbName: `conformance-${workspace}`, autoRetry: false });
    outboxes.push(outbox);
    return createBackendPort({ http, outbox });
  };

  describeDataPortConformance(`the team backend over HTTP (${database.name})`, async () => ({ port: await workspacePort(), fresh: workspacePort }));
});
