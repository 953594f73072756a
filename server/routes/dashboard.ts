import type { OpenAPIHono } from '@hono/zod-openapi';
import { dashboardOfExport, dashboardRows, dashboardView } from '../../lib/core/domain';
import { ApiError } from '../base/errors';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

// The workspace's rows are read in SQL and the figures computed by the same
// pure functions the extension runs on its local store, so a team sees the
// numbers a person would see on the same data (server/conformance.test.ts).
export function dashboardRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'dashboard', async ({ db, body, actor }) => {
    return { body: dashboardView(dashboardOfExport(await store.exportAll(db, actor.workspace), body.settings, body.filter, new Date())) };
  });
  kit.register(r, 'dashboardRows', async ({ db, body, actor }) => {
    const bundle = await store.exportAll(db, actor.workspace);
    const rows = dashboardRows(dashboardOfExport(bundle, body.settings, body.filter, new Date()), bundle.accounts, body);
    if (!rows) throw new ApiError('not-found', `the dashboard has no list of accounts named ${JSON.stringify(body.list)}`);
    return { body: rows };
  });
  kit.register(r, 'dashboardAgenda', async ({ db, body, actor }) => {
    return { body: dashboardOfExport(await store.exportAll(db, actor.workspace), body.settings, body.filter, new Date()).agenda };
  });
  return r;
}
