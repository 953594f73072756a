import { OpenAPIHono, createRoute, z as zod, type RouteConfig } from '@hono/zod-openapi';
import { safeParseOf } from '../../lib/core/parse';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import {
  API_ERROR_STATUS,
  ApiErrorBodySchema,
  HEADERS,
  ROUTES,
  formatEtag,
  parseEtag,
  type ApiErrorCode,
  type RouteName,
} from '../../lib/core/http-contract';
import type { Db } from '../base/db';
import type { Ctx, Env } from '../base/env';
import { firstIssue } from '../../lib/core/errors';
import { ApiError, validationError } from '../base/errors';
import { requireRole } from '../middleware/auth';
import { jsonBody } from '../middleware/json-body';
import type { Actor } from '../store';

// Every route is declared once in the shared contract (ROUTES); this turns a
// declaration plus a handler into a validated, documented OpenAPI route.

type R<N extends RouteName> = (typeof ROUTES)[N];
type Part<N extends RouteName, K extends 'params' | 'query' | 'body'> = R<N> extends { [P in K]: infer S extends z.ZodType } ? z.infer<S> : undefined;

export interface Input<N extends RouteName> {
  params: Part<N, 'params'>;
  query: Part<N, 'query'>;
  body: Part<N, 'body'>;
  /** The version from If-Match, or null when none was sent. */
  ifMatch: number | null;
  actor: Actor;
  /** The database this request works on. */
  db: Db;
}

export interface Output<N extends RouteName> {
  body: z.input<R<N>['response']>;
  /** Overrides the ETag taken from body.version (handoff answers carry the item's). */
  etag?: number;
}

export type Handler<N extends RouteName> = (input: Input<N>, c: Ctx) => Promise<Output<N>>;

/** Routes whose answer is a stream of events (`stream` in the contract). */
type StreamRouteName = { [N in RouteName]: R<N> extends { stream: string } ? N : never }[RouteName];
export type StreamHandler<N extends StreamRouteName> = (input: Omit<Input<N>, 'ifMatch'>, c: Ctx) => Response | Promise<Response>;

export interface RouteKitOptions {
  db: Db;
  log: (line: string) => void;
  maxBodyBytes: number;
  maxImportBytes: number;
  /** Runs around every authenticated write. */
  writeMiddleware: MiddlewareHandler<Env>;
}

export interface RouteKit {
  /** A router whose validation failures answer in the contract's error shape. */
  router(): OpenAPIHono<Env>;
  register<N extends RouteName>(router: OpenAPIHono<Env>, name: N, handler: Handler<N>): void;
  /** A read that answers with a stream; each event's data is the contract's response schema. */
  registerStream<N extends StreamRouteName>(router: OpenAPIHono<Env>, name: N, handler: StreamHandler<N>): void;
}

/**
 * Every failure a route can answer with, from what the route declares: the
 * checks that apply to it are the ones that can fail. The fuzz test holds the
 * server to this list, so the document and the server cannot drift apart.
 */
export function routeErrorCodes(def: R<RouteName>): ApiErrorCode[] {
  const codes: ApiErrorCode[] = [];
  const authed = def.auth !== 'none';
  // Any request can carry a malformed header (If-Match is checked wherever it is sent).
  codes.push('validation');
  if ('body' in def) codes.push('malformed-json', 'payload-too-large');
  // Every /v1 route is rate limited: per token, and per address for failed authentication (health checks tokens too).
  codes.push('rate-limited');
  if (authed) codes.push('unauthenticated', 'token-expired', 'forbidden');
  if ('params' in def) codes.push('not-found');
  if (def.ifMatch !== 'none') codes.push('version-mismatch', 'conflict');
  if (def.ifMatch === 'required' || def.ifMatch === 'once-exists') codes.push('precondition-required');
  if (authed && def.method !== 'get') codes.push('idempotency-in-flight', 'idempotency-mismatch');
  codes.push('internal');
  return codes;
}

function errorResponses(def: R<RouteName>, content: { 'application/json': { schema: typeof ApiErrorBodySchema } }) {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of routeErrorCodes(def)) byStatus.set(API_ERROR_STATUS[code], [...(byStatus.get(API_ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, codes]) => [String(status), { description: `error.code: ${codes.join(', ')}`, content }]));
}

export function createRouteKit(opts: RouteKitOptions): RouteKit {
  const { db, log } = opts;
  const router = () =>
    new OpenAPIHono<Env>({
      defaultHook: (result, c) => {
        if (!result.success) {
          const where = result.target === 'json' ? 'body' : result.target;
          return c.json(validationError(where, result.error).toBody(), 400);
        }
        return undefined;
      },
    });

  function register<N extends RouteName>(app: OpenAPIHono<Env>, name: N, handler: Handler<N>): void {
    const def: R<RouteName> = ROUTES[name];
    const middleware: MiddlewareHandler<Env>[] = [];
    const authed = def.auth !== 'none';
    if (def.auth !== 'none') middleware.push(requireRole(def.auth));
    if ('body' in def) {
      middleware.push(...jsonBody(name === 'importAll' ? opts.maxImportBytes : opts.maxBodyBytes));
      const body = def.body;
      middleware.push(async (c, next) => {
        c.set('body', body);
        await next();
      });
    }
    if (def.method !== 'get' && authed) middleware.push(opts.writeMiddleware);

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
            : def.ifMatch === 'once-exists'
              ? 'The version last read, as an ETag ("3"); required once the record exists'
              : 'The version last read, as an ETag ("3"); checked when sent',
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
      // Public routes say so explicitly rather than leaving it to the reader.
      security: authed ? [{ bearer: [] }] : [],
      request,
      middleware,
      responses: {
        [def.status]: { description: def.summary, content: { 'application/json': { schema: def.response } } },
        ...errorResponses(def, errorContent),
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
        db: c.get('db') ?? db,
      } as Input<N>;
      const out = await handler(input, c);
      const checked = safeParseOf(def.response, out.body);
      if (!checked.success) {
        log(`response for ${name} failed its schema at ${firstIssue(checked.error).field}`);
        throw new ApiError('internal', 'the server produced an invalid response');
      }
      const version = out.etag ?? (def.etag ? (checked.data as { version?: number }).version : undefined);
      if (version !== undefined) c.header('ETag', formatEtag(version));
      return c.json(checked.data as object, def.status);
    }) as never);
  }

  function registerStream<N extends StreamRouteName>(app: OpenAPIHono<Env>, name: N, handler: StreamHandler<N>): void {
    const def: R<StreamRouteName> = ROUTES[name];
    const request: NonNullable<RouteConfig['request']> = {
      headers: zod.object({
        [HEADERS.lastEventId.toLowerCase()]: zod
          .string()
          .optional()
          .describe('The id of the last event received: the stream resumes after it, or starts with a reset event when it cannot'),
      }),
    };
    const route = createRoute({
      method: def.method,
      path: def.path,
      summary: def.summary,
      operationId: name,
      security: [{ bearer: [] }],
      request,
      middleware: [requireRole(def.auth)],
      responses: {
        [def.status]: {
          description: `${def.summary}. Each event's data is one JSON object; comment lines are heartbeats.`,
          content: { [def.stream]: { schema: def.response } },
        },
        ...errorResponses(def, { 'application/json': { schema: ApiErrorBodySchema } }),
      },
    });
    app.openapi(route, (async (c: Ctx) => {
      const input = { params: undefined, query: undefined, body: undefined, actor: c.get('actor'), db: c.get('db') ?? db } as Omit<
        Input<N>,
        'ifMatch'
      >;
      return handler(input, c);
    }) as never);
  }

  return { router, register, registerStream };
}
