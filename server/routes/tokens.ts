import type { OpenAPIHono } from '@hono/zod-openapi';
import { TOKEN_ROTATION_GRACE_SECONDS } from '../../lib/core/http-contract';
import type { Env } from '../base/env';
import type { TokenAuth } from '../middleware/auth';
import * as store from '../store';
import type { RouteKit } from './define';

export function tokenRoutes(kit: RouteKit, auth: TokenAuth): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'listTokens', async ({ db, actor }) => ({ body: { items: await store.listTokens(db, actor.workspace) } }));
  kit.register(r, 'createToken', async ({ db, body, actor }) => {
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000).toISOString() : null;
    return { body: await store.issueToken(db, actor.workspace, body.name, body.role, expiresAt) };
  });
  kit.register(r, 'rotateToken', async ({ db, actor }) => {
    const issued = await db.transaction((tx) => store.rotateToken(tx, actor, TOKEN_ROTATION_GRACE_SECONDS));
    auth.forget();
    return { body: issued };
  });
  kit.register(r, 'revokeToken', async ({ db, params, actor }) => {
    const revoked = await store.revokeToken(db, actor.workspace, params.id);
    auth.forget();
    return { body: revoked };
  });
  return r;
}
