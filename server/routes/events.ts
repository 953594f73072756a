import type { OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { HEADERS } from '../../lib/core/http-contract';
import { LIVE_EVENT_NAME, LIVE_HEARTBEAT_MS, type LiveEvent } from '../../lib/core/live';
import type { Db } from '../base/db';
import type { Env } from '../base/env';
import * as store from '../store';
import type { RouteKit } from './define';

export interface LiveOptions {
  /** How often an idle stream sends a comment line so proxies and clients know it is alive. */
  heartbeatMs?: number;
}

/**
 * Wakes the open streams of a workspace when any server on the database
 * commits a change to it. One LISTEN per process, held only while a stream
 * is open.
 */
function createLiveHub(db: Db) {
  const waiting = new Map<string, Set<() => void>>();
  let stop: Promise<() => Promise<void>> | null = null;

  const notify = (workspace: string) => {
    for (const wake of waiting.get(workspace) ?? []) wake();
  };

  return {
    /** Resolves once notifications reach `wake`; the returned function unsubscribes. */
    async subscribe(workspace: string, wake: () => void): Promise<() => void> {
      const set = waiting.get(workspace) ?? new Set();
      set.add(wake);
      waiting.set(workspace, set);
      stop ??= db.listen(store.CHANGE_CHANNEL, notify);
      try {
        await stop;
      } catch (e) {
        stop = null;
        set.delete(wake);
        throw e;
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        set.delete(wake);
        if (set.size === 0 && waiting.get(workspace) === set) waiting.delete(workspace);
        if (waiting.size === 0 && stop) {
          const closing = stop;
          stop = null;
          void closing.then((s) => s()).catch(() => undefined);
        }
      };
    },
  };
}

const send = (stream: SSEStreamingApi, event: LiveEvent) =>
  stream.writeSSE({ event: LIVE_EVENT_NAME[event.type], id: String(event.seq), data: JSON.stringify(event) });

export function eventRoutes(kit: RouteKit, db: Db, opts: LiveOptions = {}): OpenAPIHono<Env> {
  const r = kit.router();
  const hub = createLiveHub(db);
  const heartbeatMs = opts.heartbeatMs ?? LIVE_HEARTBEAT_MS;

  kit.registerStream(r, 'events', async ({ actor }, c) => {
    const workspace = actor.workspace;
    let wake: () => void = () => undefined;
    let pending = true;
    // Listening before reading where to start: a change committed in between is not missed.
    const unsubscribe = await hub.subscribe(workspace, () => {
      pending = true;
      wake();
    });
    const resumeHeader = c.req.header(HEADERS.lastEventId);
    return streamSSE(c, async (stream) => {
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      stream.onAbort(() => {
        unsubscribe();
        clearInterval(heartbeat);
        wake();
      });
      try {
        let last = await store.latestChangeSeq(db, workspace);
        if (resumeHeader !== undefined) {
          const asked = /^\d{1,15}$/.test(resumeHeader.trim()) ? Number(resumeHeader.trim()) : null;
          if (asked !== null && (await store.canResumeFrom(db, workspace, asked))) last = asked;
          else await send(stream, { type: 'reset', seq: last, reason: 'resume-unavailable' });
        }
        // Sent at once, so the client knows it is connected before the first change.
        await stream.write(': connected\n\n');
        heartbeat = setInterval(() => {
          // Also a catch-up: a notification lost with a dropped listening connection is found here.
          pending = true;
          void stream.write(': heartbeat\n\n').catch(() => undefined);
          wake();
        }, heartbeatMs);
        while (!stream.aborted && !stream.closed) {
          if (!pending) {
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          pending = false;
          // The stream outlives the request's token check: one revoked or expired since ends it before it hears more.
          if (!(await store.tokenInForce(db, actor.tokenId))) break;
          for (;;) {
            const changes = await store.changesSince(db, workspace, last);
            for (const change of changes) {
              await send(stream, change);
              last = change.seq;
            }
            if (changes.length === 0 || stream.aborted) break;
          }
        }
      } catch {
        // The database went away (shutdown) or the client did: ending the
        // stream is the answer, and the client resumes from its last id.
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });
  return r;
}
