import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../base/env';
import { ApiError } from '../base/errors';
import type { ContextCache } from '../middleware/context-cache';
import * as store from '../store';
import type { RouteKit } from './define';

export function accountRoutes(kit: RouteKit, contexts: ContextCache): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'listAccounts', async ({ db, query, actor }) => ({ body: await store.listAccounts(db, actor.workspace, query) }));
  kit.register(r, 'createAccount', async ({ db, body, actor }) => ({ body: await store.createAccount(db, actor.workspace, body) }));
  kit.register(r, 'getAccount', async ({ db, params, actor }) => {
    const a = await store.getAccount(db, actor.workspace, params.id);
    if (!a) throw new ApiError('not-found', `account ${params.id} not found`);
    return { body: a };
  });
  kit.register(r, 'patchAccount', async ({ db, params, body, ifMatch, actor }) => ({
    body: await store.patchAccount(db, actor.workspace, params.id, body, ifMatch!),
  }));
  kit.register(r, 'accountContext', async ({ db, params, actor }) => ({
    body: await contexts.read(actor.workspace, params.id, () => store.accountContext(db, actor.workspace, params.id)),
  }));
  kit.register(r, 'linkRecord', async ({ db, params, body, actor }) => ({ body: await store.linkRecord(db, actor.workspace, params.id, body) }));
  kit.register(r, 'resolve', async ({ db, body, actor }) => ({ body: await store.resolve(db, actor.workspace, body) }));
  return r;
}
