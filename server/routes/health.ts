import type { OpenAPIHono } from '@hono/zod-openapi';
import { CONTRACT_VERSION } from '../../lib/core/http-contract';
import type { Env } from '../env';
import { bearer, type TokenAuth } from '../middleware/auth';
import type { RouteKit } from './define';

export function healthRoutes(kit: RouteKit, auth: TokenAuth): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'health', async (_i, c) => {
    const secret = bearer(c);
    const actor = secret ? await auth.authenticate(secret) : null;
    return {
      body: {
        status: 'ok',
        contractVersion: CONTRACT_VERSION,
        tokenAccepted: actor !== null,
        ...(actor ? { workspace: actor.workspace, role: actor.role } : {}),
      },
    };
  });
  return r;
}
