import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function flagRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'listFlags', async ({ db, params, query, actor }) => ({
    body: await store.listTracked(db, actor.workspace, 'flags', params.id, query),
  }));
  kit.register(r, 'createFlag', async ({ db, body, actor }) => ({ body: await store.createFlag(db, actor, body) }));
  kit.register(r, 'patchFlag', async ({ db, params, body, ifMatch, actor }) => ({
    body: await store.patchFlag(db, actor, params.id, body, ifMatch!),
  }));
  return r;
}
