import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { AUTH_FAILURES_PER_MINUTE, CONTRACT_VERSION, MAX_BODY_BYTES, MAX_IMPORT_BYTES, RATE_LIMIT_PER_MINUTE } from '../lib/core/http-contract';
import type { Db } from './base/db';
import type { Env } from './base/env';
import { ApiError, validationError } from './base/errors';
import { safeParseOf, UNCHECKABLE } from '../lib/core/parse';
import { createTokenAuth, requireToken, touchTokens } from './middleware/auth';
import { createContextCache } from './middleware/context-cache';
import { contractVersionHeader, extensionCors } from './middleware/headers';
import { idempotency } from './middleware/idempotency';
import { authFailureLimit, rateLimit } from './middleware/rate-limit';
import { requestLog } from './middleware/request-log';
import { migrate } from './base/migrations';
import { accountRoutes } from './routes/accounts';
import { approvalRoutes } from './routes/approvals';
import { auditRoutes } from './routes/audit';
import { commitmentRoutes } from './routes/commitments';
import { createRouteKit } from './routes/define';
import { eventRoutes } from './routes/events';
import { flagRoutes } from './routes/flags';
import { handoffRoutes } from './routes/handoff';
import { milestoneRoutes } from './routes/milestones';
import { healthRoutes } from './routes/health';
import { importExportRoutes } from './routes/import-export';
import { dashboardRoutes, KeptDashboards, type Schedule } from './routes/dashboard';
import { snapshotRoutes } from './routes/snapshots';
import { teamSettingsRoutes } from './routes/team-settings';
import { tokenRoutes } from './routes/tokens';
import { unassignedRoutes } from './routes/unassigned';
import * as store from './store';

export interface AppOptions {
  db: Db;
  /** One line per request; defaults to stdout. Pass () => {} to silence. */
  log?: (line: string) => void;
  /** Per-token request budget per minute (token bucket shared through the database). */
  rateLimitPerMinute?: number;
  /** Failed authentications per client address per minute. */
  authFailuresPerMinute?: number;
  /** How long an unanswered Idempotency-Key counts as still running before a retry may take it over. */
  idempotencyInFlightMs?: number;
  maxBodyBytes?: number;
  maxImportBytes?: number;
  /** Serve repeated account-context reads from memory (default: only with embedded PGlite). */
  cacheContexts?: boolean;
  /** Interval of the live feed's heartbeat comments (default 15 s). */
  liveHeartbeatMs?: number;
  /** The server's clock: the dashboard's day and when its figures are computed ahead (tests set it). */
  now?: () => Date;
  /** How work for later is timed (tests run it at once). */
  schedule?: Schedule;
}

function errorResponse(c: Context, e: ApiError): Response {
  for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
  return c.json(e.toBody(), e.status as 400);
}

/** The app, and what stops the work it would do later (the dashboards it computes ahead). */
export function createApp(opts: AppOptions): { app: OpenAPIHono<Env>; close(): void } {
  const { db } = opts;
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const auth = createTokenAuth(db);
  const contexts = createContextCache(opts.cacheContexts ?? db.driver === 'pglite');
  const kit = createRouteKit({
    db,
    log,
    maxBodyBytes: opts.maxBodyBytes ?? MAX_BODY_BYTES,
    maxImportBytes: opts.maxImportBytes ?? MAX_IMPORT_BYTES,
    writeMiddleware: idempotency(db, { inFlightMs: opts.idempotencyInFlightMs }),
  });
  const failures = authFailureLimit(db, opts.authFailuresPerMinute ?? AUTH_FAILURES_PER_MINUTE);
  const dashboards = new KeptDashboards({ db, log, now: opts.now, schedule: opts.schedule });

  const app = new OpenAPIHono<Env>();
  app.use('*', requestLog(log));
  app.use('*', extensionCors());
  app.use('*', contractVersionHeader());
  app.use('/v1/*', contexts.invalidateOnWrite);
  app.use('/v1/*', requireToken(auth, failures));
  app.use('/v1/*', rateLimit(db, opts.rateLimitPerMinute ?? RATE_LIMIT_PER_MINUTE));
  app.use('/v1/*', touchTokens(db));

  // Mounted in the contract's order, which is the order /openapi.json lists them in.
  app.route('/', healthRoutes(kit, auth, failures));
  app.route('/', accountRoutes(kit, contexts));
  app.route('/', snapshotRoutes(kit));
  app.route('/', commitmentRoutes(kit));
  app.route('/', flagRoutes(kit));
  app.route('/', handoffRoutes(kit));
  app.route('/', approvalRoutes(kit));
  app.route('/', milestoneRoutes(kit));
  app.route('/', unassignedRoutes(kit));
  app.route('/', importExportRoutes(kit, dashboards));
  app.route('/', dashboardRoutes(kit, dashboards));
  app.route('/', auditRoutes(kit));
  app.route('/', eventRoutes(kit, db, { heartbeatMs: opts.liveHeartbeatMs }));
  app.route('/', tokenRoutes(kit, auth));
  app.route('/', teamSettingsRoutes(kit));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Seamline team backend',
      version: CONTRACT_VERSION,
      // OpenAPI 3.1's license identifier; the generator's types know only 3.0's license object.
      license: { name: 'Proprietary', identifier: 'LicenseRef-Seamline-Proprietary' } as { name: string },
    },
    // Relative: the API is wherever the team deployed the server that serves this document.
    servers: [{ url: '/', description: 'The server that serves this document' }],
  });

  app.notFound((c) => errorResponse(c, new ApiError('not-found', 'no such endpoint')));
  app.onError(async (err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    // A body zod's own checks threw on as the route checked it: refused by its field like any other (safeParseOf).
    const body = c.get('body');
    if (err instanceof TypeError && body !== undefined) {
      const parsed = safeParseOf(body, await c.req.json().catch(() => undefined));
      if (!parsed.success && parsed.error.issues[0]?.message === UNCHECKABLE) return errorResponse(c, validationError('body', parsed.error));
    }
    if (err instanceof HTTPException) {
      const code = err.status === 413 ? 'payload-too-large' : err.status === 401 ? 'unauthenticated' : err.status < 500 ? 'validation' : 'internal';
      return errorResponse(c, new ApiError(code, err.message || 'bad request'));
    }
    // Only the error's class and message: bodies may hold personal data.
    log(`error ${c.req.method} ${routePath(c, -1)}: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'}`);
    return errorResponse(c, new ApiError('internal', 'internal server error'));
  });

  return { app, close: () => dashboards.close() };
}

export interface ServerOptions extends AppOptions {
  host?: string;
  port?: number;
  /** Run migrations before listening (default true). */
  migrate?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  app: OpenAPIHono<Env>;
  close(): Promise<void>;
}

/** Migrates the database and listens; port 0 picks a free port. Closing leaves the db open (its owner closes it). */
export async function createServer(opts: ServerOptions): Promise<RunningServer> {
  if (opts.migrate !== false) await migrate(opts.db);
  const { app, close: stopApp } = createApp(opts);
  const host = opts.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 8787 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const sweep = setInterval(
    () => {
      void store.sweepIdempotencyKeys(opts.db).catch(() => {});
      void store.sweepRateBuckets(opts.db).catch(() => {});
    },
    60 * 60 * 1000,
  );
  sweep.unref();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(sweep);
        stopApp();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
