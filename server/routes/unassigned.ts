import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function unassignedRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'unassigned', async ({ db, actor }) => ({ body: await store.listUnassigned(db, actor.workspace) }));
  return r;
}
