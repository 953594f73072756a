import type { OpenAPIHono } from '@hono/zod-openapi';
import { dashboardOfExport } from '../../lib/core/domain';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

// The workspace's rows are read in SQL and the figures computed by the same
// pure functions the extension runs on its local store, so a team sees the
// numbers a person would see on the same data (server/conformance.test.ts).
export function dashboardRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'dashboard', async ({ db, body, actor }) => {
    return { body: dashboardOfExport(await store.exportAll(db, actor.workspace), body.settings, body.filter, new Date()) };
  });
  return r;
}
