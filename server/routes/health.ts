import type { OpenAPIHono } from '@hono/zod-openapi';
import { CONTRACT_VERSION } from '../../lib/core/http-contract';
import type { Env } from '../base/env';
import { bearer, type TokenAuth } from '../middleware/auth';
import type { AuthFailureLimit } from '../middleware/rate-limit';
import type { RouteKit } from './define';

export function healthRoutes(kit: RouteKit, auth: TokenAuth, failures: AuthFailureLimit): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'health', async (_i, c) => {
    const secret = bearer(c);
    if (!secret) return { body: { status: 'ok', contractVersion: CONTRACT_VERSION, tokenAccepted: false } };
    // Health tells whether a token works, so guessing through it is limited like any failed authentication.
    failures.check(c);
    const checked = await auth.check(secret);
    if (checked.kind !== 'accepted') await failures.fail(c);
    const accepted = checked.kind === 'accepted';
    return {
      body: {
        status: 'ok',
        contractVersion: CONTRACT_VERSION,
        tokenAccepted: accepted,
        ...(accepted ? { workspace: checked.actor.workspace, role: checked.actor.role } : {}),
        ...(checked.kind !== 'unknown' ? { expiresAt: checked.actor.expiresAt } : {}),
      },
    };
  });
  return r;
}
