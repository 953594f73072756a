import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { OpenAPIHono, createRoute, z as zod, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { z } from 'zod';
import {
  ApiErrorBodySchema,
  CONTRACT_VERSION,
  HEADERS,
  IdempotencyKeySchema,
  MAX_BODY_BYTES,
  MAX_IMPORT_BYTES,
  RATE_LIMIT_PER_MINUTE,
  ROUTES,
  formatEtag,
  parseEtag,
  type RouteName,
} from '../lib/core/http-contract';
import type { Db } from './db';
import { ApiError, fieldPath } from './errors';
import { migrate } from './migrations';
import * as store from './store';
import type { Actor } from './store';

export interface AppOptions {
  db: Db;
  /** One line per request; defaults to stdout. Pass () => {} to silence. */
  log?: (line: string) => void;
  /** Per-token request budget per minute (token bucket). */
  rateLimitPerMinute?: number;
  maxBodyBytes?: number;
  maxImportBytes?: number;
  /** Serve repeated account-context reads from memory (default: only with embedded PGlite). */
  cacheContexts?: boolean;
}

type Env = { Variables: { actor: Actor } };
type Ctx = Context<Env>;

type R<N extends RouteName> = (typeof ROUTES)[N];
type Part<N extends RouteName, K extends 'params' | 'query' | 'body'> = R<N> extends { [P in K]: infer S extends z.ZodType } ? z.infer<S> : undefined;

interface Input<N extends RouteName> {
  params: Part<N, 'params'>;
  query: Part<N, 'query'>;
  body: Part<N, 'body'>;
  /** The version from If-Match, or null when none was sent. */
  ifMatch: number | null;
  actor: Actor;
}

interface Output<N extends RouteName> {
  body: z.input<R<N>['response']>;
  /** Overrides the ETag taken from body.version (handoff answers carry the item's). */
  etag?: number;
}

const ROLE_CAN: Record<'read' | 'write' | 'admin', ReadonlyArray<Actor['role']>> = {
  read: ['admin', 'member', 'read-only'],
  write: ['admin', 'member'],
  admin: ['admin'],
};

const EXTENSION_ORIGIN = /^(chrome|moz|safari-web|ms-browser)-extension:\/\/[A-Za-z0-9._-]+\/?$/;

function errorResponse(c: Context, e: ApiError): Response {
  for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
  return c.json(e.toBody(), e.status as 400);
}

/** Token bucket per API token: a burst of `perMinute`, refilled evenly. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}
  /** Returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    if (!Number.isFinite(this.perMinute)) return 0;
    const rate = this.perMinute / 60_000;
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}

export function createApp(opts: AppOptions): OpenAPIHono<Env> {
  const { db } = opts;
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const limiter = new RateLimiter(opts.rateLimitPerMinute ?? RATE_LIMIT_PER_MINUTE);
  const lastTouched = new Map<string, number>();
  // Accepted tokens are remembered briefly so reads cost one query, not two.
  // Revoking through this server clears it at once; a revocation made through
  // another server process sharing the database takes effect within the TTL.
  const TOKEN_TTL_MS = 5_000;
  const tokenCache = new Map<string, { actor: Actor; until: number }>();
  const authenticate = async (secret: string): Promise<Actor | null> => {
    const key = store.hashToken(secret);
    const hit = tokenCache.get(key);
    const now = Date.now();
    if (hit && hit.until > now) return hit.actor;
    const actor = await store.findActiveToken(db, secret);
    if (tokenCache.size > 10_000) tokenCache.clear();
    if (actor) tokenCache.set(key, { actor, until: now + TOKEN_TTL_MS });
    else tokenCache.delete(key);
    return actor;
  };

  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const field = issue ? fieldPath(issue.path) : '';
        const where = result.target === 'json' ? 'body' : result.target;
        return errorResponse(
          c,
          new ApiError('validation', `${where}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, field ? { field } : {}),
        );
      }
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    // Route pattern only: ids, query strings and tokens never reach the log.
    const pattern = c.res.status === 404 && !c.req.matchedRoutes.some((r) => r.method !== 'ALL') ? '(unmatched)' : routePath(c, -1);
    log(`${c.req.method} ${pattern} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
  });

  app.use(
    '*',
    cors({
      origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
      exposeHeaders: ['ETag', 'Retry-After', HEADERS.idempotentReplay, HEADERS.contractVersion],
      maxAge: 600,
    }),
  );

  app.use('*', async (c, next) => {
    c.header(HEADERS.contractVersion, CONTRACT_VERSION);
    await next();
  });

  const bearer = (c: Context): string | null => {
    const h = c.req.header('authorization');
    const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
    return m?.[1] ?? null;
  };

  // Every /v1 route but health needs a valid token; the rate limit is per token.
  // Account contexts are read on every CRM page view and change rarely. With
  // the embedded store this process is the only writer, so a cache stays
  // correct if every write bumps its workspace's generation once it is done;
  // an entry read under an older generation is never served. A real
  // PostgreSQL may have other writers, so it is always read directly.
  const contextCache = new Map<string, { gen: number; at: number; body: unknown }>();
  const generations = new Map<string, number>();
  const CONTEXT_TTL_MS = 60_000;
  const cacheContexts = opts.cacheContexts ?? db.driver === 'pglite';
  const genOf = (ws: string) => generations.get(ws) ?? 0;

  app.use('/v1/*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'OPTIONS' || !cacheContexts) return next();
    try {
      await next();
    } finally {
      const actor = c.get('actor') as Actor | undefined;
      if (actor) generations.set(actor.workspace, genOf(actor.workspace) + 1);
    }
  });

  app.use('/v1/*', async (c, next) => {
    if (c.req.path === ROUTES.health.path) return next();
    const secret = bearer(c);
    if (!secret) throw new ApiError('unauthenticated', 'send Authorization: Bearer <token>');
    const actor = await authenticate(secret);
    if (!actor) throw new ApiError('unauthenticated', 'the token is unknown or revoked');
    const wait = limiter.take(actor.tokenId);
    if (wait > 0) throw new ApiError('rate-limited', `too many requests; retry in ${wait}s`, { headers: { 'Retry-After': String(wait) } });
    c.set('actor', actor);
    const now = Date.now();
    if ((lastTouched.get(actor.tokenId) ?? 0) < now - 60_000) {
      lastTouched.set(actor.tokenId, now);
      store.touchToken(db, actor.tokenId).catch(() => {});
    }
    return next();
  });

  const requireRole =
    (level: 'read' | 'write' | 'admin'): MiddlewareHandler<Env> =>
    async (c, next) => {
      const actor = c.get('actor');
      if (!ROLE_CAN[level].includes(actor.role)) {
        throw new ApiError('forbidden', level === 'admin' ? 'this needs an admin token' : 'this token is read-only');
      }
      await next();
    };

  // Reads the body once: size limit first, then a JSON check, so malformed
  // bodies get the contract's error shape instead of the framework's.
  const jsonBody = (maxSize: number): MiddlewareHandler<Env>[] => [
    bodyLimit({
      maxSize,
      onError: () => {
        // The unread rest of the body makes the connection unusable for the next request.
        throw new ApiError('payload-too-large', `the body exceeds ${maxSize} bytes`, { headers: { Connection: 'close' } });
      },
    }),
    async (c, next) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
        throw new ApiError('validation', 'send Content-Type: application/json', { field: 'Content-Type' });
      const text = await c.req.text();
      try {
        JSON.parse(text);
      } catch {
        throw new ApiError('malformed-json', 'the body is not valid JSON');
      }
      await next();
    },
  ];

  // Same key + same request → the stored response, never a second write.
  const idempotency: MiddlewareHandler<Env> = async (c, next) => {
    const key = c.req.header(HEADERS.idempotencyKey);
    if (key === undefined) return next();
    const parsed = IdempotencyKeySchema.safeParse(key);
    if (!parsed.success)
      throw new ApiError('validation', `Idempotency-Key: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { field: HEADERS.idempotencyKey });
    const actor = c.get('actor');
    const body = ['GET', 'DELETE'].includes(c.req.method) ? '' : await c.req.text();
    const hash = createHash('sha256')
      .update(`${c.req.method}\n${new URL(c.req.url).pathname}${new URL(c.req.url).search}\n${c.req.header('if-match') ?? ''}\n${body}`)
      .digest('hex');
    const claim = await store.claimIdempotencyKey(db, actor.workspace, key, hash);
    if (claim.kind === 'mismatch') throw new ApiError('idempotency-mismatch', 'this Idempotency-Key was used for a different request');
    if (claim.kind === 'in-flight') throw new ApiError('conflict', 'a request with this Idempotency-Key is still being processed; retry shortly');
    if (claim.kind === 'replay') {
      const headers = new Headers(c.res.headers);
      for (const [k, v] of Object.entries(claim.response.headers)) headers.set(k, v);
      headers.set(HEADERS.idempotentReplay, 'true');
      return new Response(claim.response.body, { status: claim.response.status, headers });
    }
    let stored: store.StoredResponse | null = null;
    try {
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        let text = await c.res.clone().text();
        // The token secret is shown once: a replay gets the token without it.
        if (routePath(c, -1) === '/v1/tokens' && c.req.method === 'POST') text = JSON.stringify({ ...JSON.parse(text), secret: null });
        const headers: Record<string, string> = { 'content-type': c.res.headers.get('content-type') ?? 'application/json' };
        const etag = c.res.headers.get('etag');
        if (etag) headers.etag = etag;
        stored = { status: c.res.status, headers, body: text };
      }
    } finally {
      await store.completeIdempotencyKey(db, actor.workspace, key, stored);
    }
  };

  function register<N extends RouteName>(name: N, handler: (input: Input<N>, c: Ctx) => Promise<Output<N>>): void {
    const def: R<RouteName> = ROUTES[name];
    const middleware: MiddlewareHandler<Env>[] = [];
    const authed = def.auth !== 'none';
    if (def.auth !== 'none') middleware.push(requireRole(def.auth));
    if ('body' in def)
      middleware.push(...jsonBody(name === 'importAll' ? (opts.maxImportBytes ?? MAX_IMPORT_BYTES) : (opts.maxBodyBytes ?? MAX_BODY_BYTES)));
    if (def.method !== 'get' && authed) middleware.push(idempotency);

    const request: NonNullable<RouteConfig['request']> = {};
    if ('params' in def) request.params = def.params;
    if ('query' in def) request.query = def.query;
    if ('body' in def) request.body = { required: true, content: { 'application/json': { schema: def.body } } };
    // Declared for the OpenAPI document; their rules (428, 412, replay) are enforced below and in the idempotency middleware.
    const headerShape: Record<string, z.ZodOptional<z.ZodString>> = {};
    if (def.ifMatch !== 'none') {
      headerShape['if-match'] = zod
        .string()
        .optional()
        .describe(
          def.ifMatch === 'required'
            ? 'Required: the version last read, as an ETag ("3")'
            : 'The version last read, as an ETag ("3"); required once the record exists',
        );
    }
    if (def.method !== 'get' && authed)
      headerShape['idempotency-key'] = zod.string().optional().describe('Makes retries safe: the same key replays the first response');
    if (Object.keys(headerShape).length) request.headers = zod.object(headerShape);
    const errorContent = { 'application/json': { schema: ApiErrorBodySchema } };
    const route = createRoute({
      method: def.method,
      path: def.path,
      summary: def.summary,
      operationId: name,
      ...(authed ? { security: [{ bearer: [] }] } : {}),
      request,
      middleware,
      responses: {
        [def.status]: { description: def.summary, content: { 'application/json': { schema: def.response } } },
        default: { description: 'Any failure, in the one error shape', content: errorContent },
      },
    });

    app.openapi(route, (async (c: Ctx) => {
      const ifMatchHeader = c.req.header('if-match');
      let ifMatch: number | null = null;
      if (ifMatchHeader !== undefined) {
        ifMatch = parseEtag(ifMatchHeader);
        if (ifMatch === null) throw new ApiError('validation', 'If-Match must be a version ETag such as "3"', { field: HEADERS.ifMatch });
      }
      if (def.ifMatch === 'required' && ifMatch === null) {
        throw new ApiError('precondition-required', 'send If-Match with the version you last read');
      }
      const valid = (c.req.valid as (target: string) => unknown).bind(c.req);
      const input = {
        params: 'params' in def ? valid('param') : undefined,
        query: 'query' in def ? valid('query') : undefined,
        body: 'body' in def ? valid('json') : undefined,
        ifMatch,
        actor: c.get('actor'),
      } as Input<N>;
      const out = await handler(input, c);
      const checked = def.response.safeParse(out.body);
      if (!checked.success) {
        log(`response for ${name} failed its schema at ${fieldPath(checked.error.issues[0]?.path ?? [])}`);
        throw new ApiError('internal', 'the server produced an invalid response');
      }
      const version = out.etag ?? (def.etag ? (checked.data as { version?: number }).version : undefined);
      if (version !== undefined) c.header('ETag', formatEtag(version));
      return c.json(checked.data as object, def.status);
    }) as never);
  }

  register('health', async (_i, c) => {
    const secret = bearer(c);
    const actor = secret ? await authenticate(secret) : null;
    return {
      body: {
        status: 'ok',
        contractVersion: CONTRACT_VERSION,
        tokenAccepted: actor !== null,
        ...(actor ? { workspace: actor.workspace, role: actor.role } : {}),
      },
    };
  });

  register('listAccounts', async ({ query, actor }) => ({ body: await store.listAccounts(db, actor.workspace, query) }));
  register('createAccount', async ({ body, actor }) => ({ body: await store.createAccount(db, actor.workspace, body) }));
  register('getAccount', async ({ params, actor }) => {
    const a = await store.getAccount(db, actor.workspace, params.id);
    if (!a) throw new ApiError('not-found', `account ${params.id} not found`);
    return { body: a };
  });
  register('patchAccount', async ({ params, body, ifMatch, actor }) => ({
    body: await store.patchAccount(db, actor.workspace, params.id, body, ifMatch!),
  }));
  register('accountContext', async ({ params, actor }) => {
    if (!cacheContexts) return { body: await store.accountContext(db, actor.workspace, params.id) };
    const key = `${actor.workspace}\u0000${params.id}`;
    const gen = genOf(actor.workspace);
    const hit = contextCache.get(key);
    if (hit && hit.gen === gen && hit.at > Date.now() - CONTEXT_TTL_MS) return { body: structuredClone(hit.body) as never };
    const body = await store.accountContext(db, actor.workspace, params.id);
    if (genOf(actor.workspace) === gen) {
      if (contextCache.size > 5_000) contextCache.clear();
      contextCache.set(key, { gen, at: Date.now(), body: structuredClone(body) });
    }
    return { body };
  });
  register('linkRecord', async ({ params, body, actor }) => ({ body: await store.linkRecord(db, actor.workspace, params.id, body) }));
  register('resolve', async ({ body, actor }) => ({ body: await store.resolve(db, actor.workspace, body) }));
  register('addSnapshot', async ({ params, body, actor }) => ({ body: await store.addSnapshot(db, actor.workspace, params.id, body) }));
  register('listCommitments', async ({ params, query, actor }) => ({
    body: await store.listTracked(db, actor.workspace, 'commitments', params.id, query),
  }));
  register('createCommitment', async ({ body, actor }) => ({ body: await store.createCommitment(db, actor, body) }));
  register('patchCommitment', async ({ params, body, ifMatch, actor }) => ({
    body: await store.patchCommitment(db, actor, params.id, body, ifMatch!),
  }));
  register('listFlags', async ({ params, query, actor }) => ({ body: await store.listTracked(db, actor.workspace, 'flags', params.id, query) }));
  register('createFlag', async ({ body, actor }) => ({ body: await store.createFlag(db, actor, body) }));
  register('patchFlag', async ({ params, body, ifMatch, actor }) => ({ body: await store.patchFlag(db, actor, params.id, body, ifMatch!) }));
  register('putHandoffAnswer', async ({ params, body, ifMatch, actor }) => {
    const r = await store.putHandoffAnswer(db, actor, params.id, params.itemId, body, ifMatch);
    return { body: r.answers, etag: r.version };
  });
  register('requestApproval', async ({ params, body, ifMatch, actor }) => ({
    body: await store.requestApproval(db, actor.workspace, params.id, body, ifMatch),
  }));
  register('decideApproval', async ({ params, body, ifMatch, actor }) => ({
    body: await store.decideApproval(db, actor.workspace, params.id, body, ifMatch!),
  }));
  register('unassigned', async ({ actor }) => ({ body: await store.listUnassigned(db, actor.workspace) }));
  register('exportAll', async ({ actor }) => ({ body: await store.exportAll(db, actor.workspace) }));
  register('importAll', async ({ query, body, actor }) => ({ body: await store.importAll(db, actor.workspace, body, query.mode) }));
  register('audit', async ({ query, actor }) => ({ body: await store.listAudit(db, actor.workspace, query) }));
  register('listTokens', async ({ actor }) => ({ body: { items: await store.listTokens(db, actor.workspace) } }));
  register('createToken', async ({ body, actor }) => ({ body: await store.issueToken(db, actor.workspace, body.name, body.role) }));
  register('revokeToken', async ({ params, actor }) => {
    const revoked = await store.revokeToken(db, actor.workspace, params.id);
    tokenCache.clear();
    return { body: revoked };
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Seamline team backend', version: CONTRACT_VERSION },
  });

  app.notFound((c) => errorResponse(c, new ApiError('not-found', 'no such endpoint')));
  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      const code = err.status === 413 ? 'payload-too-large' : err.status === 401 ? 'unauthenticated' : err.status < 500 ? 'validation' : 'internal';
      return errorResponse(c, new ApiError(code, err.message || 'bad request'));
    }
    // Only the error's class and message: bodies may hold personal data.
    log(`error ${c.req.method} ${routePath(c, -1)}: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'}`);
    return errorResponse(c, new ApiError('internal', 'internal server error'));
  });

  return app;
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
  const app = createApp(opts);
  const host = opts.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 8787 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const sweep = setInterval(() => void store.sweepIdempotencyKeys(opts.db).catch(() => {}), 60 * 60 * 1000);
  sweep.unref();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(sweep);
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
