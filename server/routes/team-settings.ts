import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

// Any member reads the workspace's team settings; only an admin publishes
// them (the contract declares the role, the route kit enforces it).
export function teamSettingsRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'getTeamSettings', async ({ db, actor }) => ({ body: await store.getTeamSettings(db, actor.workspace) }));
  kit.register(r, 'putTeamSettings', async ({ db, actor, body }) => ({ body: await store.putTeamSettings(db, actor, body) }));
  return r;
}
