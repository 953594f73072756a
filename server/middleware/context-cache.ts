import type { MiddlewareHandler } from 'hono';
import type { AccountContext } from '../../lib/core/model';
import type { Env } from '../base/env';
import type { Actor } from '../store';

// Account contexts are read on every CRM page view and change rarely. With
// the embedded store this process is the only writer, so a cache stays
// correct if every write bumps its workspace's generation once it is done;
// an entry read under an older generation is never served. A real
// PostgreSQL may have other writers, so it is always read directly.
const CONTEXT_TTL_MS = 60_000;

export interface ContextCache {
  /** Bumps the writer's workspace generation once each write request is done. */
  invalidateOnWrite: MiddlewareHandler<Env>;
  read(workspace: string, accountId: string, load: () => Promise<AccountContext>): Promise<AccountContext>;
}

export function createContextCache(enabled: boolean): ContextCache {
  const entries = new Map<string, { gen: number; at: number; body: AccountContext }>();
  const generations = new Map<string, number>();
  const genOf = (ws: string) => generations.get(ws) ?? 0;
  return {
    async invalidateOnWrite(c, next) {
      if (c.req.method === 'GET' || c.req.method === 'OPTIONS' || !enabled) return next();
      try {
        await next();
      } finally {
        const actor = c.get('actor') as Actor | undefined;
        if (actor) generations.set(actor.workspace, genOf(actor.workspace) + 1);
      }
    },
    async read(workspace, accountId, load) {
      if (!enabled) return load();
      const key = `${workspace}\u0000${accountId}`;
      const gen = genOf(workspace);
      const hit = entries.get(key);
      if (hit && hit.gen === gen && hit.at > Date.now() - CONTEXT_TTL_MS) return structuredClone(hit.body);
      const body = await load();
      if (genOf(workspace) === gen) {
        if (entries.size > 5_000) entries.clear();
        entries.set(key, { gen, at: Date.now(), body: structuredClone(body) });
      }
      return body;
    },
  };
}
