import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function auditRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'audit', async ({ db, query, actor }) => ({ body: await store.listAudit(db, actor.workspace, query) }));
  return r;
}
