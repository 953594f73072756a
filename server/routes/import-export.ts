import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { KeptDashboards } from './dashboard';
import type { RouteKit } from './define';

export function importExportRoutes(kit: RouteKit, dashboards: KeptDashboards): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'exportAll', async ({ db, actor }) => ({ body: await store.exportAll(db, actor.workspace) }));
  kit.register(r, 'importAll', async ({ db, query, body, actor }) => {
    const result = await store.importAll(db, actor.workspace, body, query.mode);
    // Whoever loads a portfolio is about to look at it: its dashboard is computed once the slices stop coming.
    dashboards.imported(actor.workspace);
    return { body: result };
  });
  return r;
}
