import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function milestoneRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'createPlan', async ({ db, params, body, actor }) => ({ body: await store.createPlan(db, actor, params.id, body) }));
  kit.register(r, 'createMilestone', async ({ db, params, body, actor }) => ({ body: await store.createMilestone(db, actor, params.id, body) }));
  kit.register(r, 'patchMilestone', async ({ db, params, body, ifMatch, actor }) => ({
    body: await store.patchMilestone(db, actor, params.id, params.milestoneId, body, ifMatch!),
  }));
  kit.register(r, 'changeStage', async ({ db, params, body, ifMatch, actor }) => ({
    body: await store.changeStage(db, actor, params.id, body, ifMatch!),
  }));
  kit.register(r, 'reminderInputs', async ({ db, actor }) => ({ body: await store.reminderInputs(db, actor.workspace) }));
  return r;
}
