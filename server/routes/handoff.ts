import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export function handoffRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'putHandoffAnswer', async ({ db, params, body, ifMatch, actor }) => {
    const out = await store.putHandoffAnswer(db, actor, params.id, params.itemId, body, ifMatch);
    return { body: out.answers, etag: out.version };
  });
  return r;
}
