import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function commitmentRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'listCommitments', async ({ db, params, query, actor }) => ({
    body: await store.listTracked(db, actor.workspace, 'commitments', params.id, query),
  }));
  kit.register(r, 'createCommitment', async ({ db, body, actor }) => ({ body: await store.createCommitment(db, actor, body) }));
  kit.register(r, 'patchCommitment', async ({ db, params, body, ifMatch, actor }) => ({
    body: await store.patchCommitment(db, actor, params.id, body, ifMatch!),
  }));
  return r;
}
