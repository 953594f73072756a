import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function snapshotRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'addSnapshot', async ({ db, params, body, actor }) => ({ body: await store.addSnapshot(db, actor.workspace, params.id, body) }));
  return r;
}
