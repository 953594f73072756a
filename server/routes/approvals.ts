import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function approvalRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'requestApproval', async ({ db, params, body, ifMatch, actor }) => ({
    body: await store.requestApproval(db, actor.workspace, params.id, body, ifMatch),
  }));
  kit.register(r, 'decideApproval', async ({ db, params, body, ifMatch, actor }) => ({
    body: await store.decideApproval(db, actor.workspace, params.id, body, ifMatch!),
  }));
  return r;
}
