import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function importExportRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'exportAll', async ({ db, actor }) => ({ body: await store.exportAll(db, actor.workspace) }));
  kit.register(r, 'importAll', async ({ db, query, body, actor }) => ({ body: await store.importAll(db, actor.workspace, body, query.mode) }));
  return r;
}
