import { createBackendPort, type BackendPort } from '../../lib/data/backend-port';
import { HttpBackend } from '../../lib/data/http';
import { ReadCache } from '../../lib/data/http/read-cache';
import { Outbox } from '../../lib/data/outbox';
import { DataError } from '../../lib/core/errors';
import type { IssuedToken } from '../../lib/core/http-contract';
import { DATA_METHOD_NAMES } from '../../lib/core/messages/data-methods';
import type { DataPort } from '../../lib/core/model';
import type { BackendScope, ConnectionReport } from '../../lib/core/sync';

// How the background reaches the team backend: one connection per backend
// URL, workspace and token, with its outbox and read cache, and the gate that
// holds data calls until the stored data source is known.

export interface BackendConnection {
  port: DataPort;
  outbox: Outbox | null;
  dispose(): void;
}

/** A queue of writes for a backend scope that is not (or no longer) the one in use: counted, exported, discarded, never sent. */
export interface ParkedQueue {
  outbox: Outbox;
  dispose(): void;
}

export interface BackendConnector {
  /** `scope` names the queue and cache: the backend's canonical URL and workspace. */
  connect(url: string, token: string, scope: BackendScope): BackendConnection;
  test(url: string, token: string): Promise<ConnectionReport>;
  /** Replaces the token with a new secret (the backend's rotate endpoint). */
  rotate?(url: string, token: string): Promise<IssuedToken>;
  /** Opens another scope's queue without any way to send it. */
  park?(scope: BackendScope): ParkedQueue;
}

export const outboxDbName = (scope: BackendScope) => `seamline-outbox:${scope.key}`;

const refuseToSend = {
  send: () => Promise.reject(new DataError({ kind: 'validation', message: 'this queue belongs to another backend or workspace and is not sent' })),
};

export const httpConnector: BackendConnector = {
  connect(url, token, scope) {
    const http = new HttpBackend({ baseUrl: url, token });
    let port: BackendPort | null = null;
    // Queued writes and cached reads belong to one backend and workspace:
    // after a switch they must never replay into, or be shown for, another.
    // The replay's answers (or silence) also tell whether the backend is there.
    const outbox = new Outbox({
      dbName: outboxDbName(scope),
      target: {
        send: async (method, args, key) => {
          try {
            const r = await http.send(method, args, key);
            port?.observe(null);
            return r;
          } catch (e) {
            port?.observe(e);
            throw e;
          }
        },
      },
    });
    const cache = new ReadCache({ scope: scope.key });
    port = createBackendPort({ http, outbox, cache });
    // Writes queued before the worker stopped are sent now rather than at the next write.
    void outbox.flush().catch(() => undefined);
    return {
      port,
      outbox,
      dispose: () => {
        outbox.dispose();
        cache.close();
      },
    };
  },
  test: (url, token) => new HttpBackend({ baseUrl: url, token, retries: 0, timeoutMs: 8_000 }).testConnection(),
  rotate: (url, token) => new HttpBackend({ baseUrl: url, token, retries: 0, timeoutMs: 8_000 }).rotateToken(),
  park(scope) {
    const outbox = new Outbox({ dbName: outboxDbName(scope), target: refuseToSend, autoRetry: false });
    return { outbox, dispose: () => outbox.dispose() };
  },
};

// Only the data calls wait at the gate; nothing else exists on it until it opens.
const GATED = new Set<string>(DATA_METHOD_NAMES);

/**
 * The data port the background starts with. Until the settings are read it
 * holds every call, so a worker woken by a panel request in backend mode
 * never answers that request from the local store.
 */
export function createGatedPort(): { port: DataPort; open(target: DataPort): void; opened: Promise<DataPort> } {
  let resolveTarget!: (p: DataPort) => void;
  const target = new Promise<DataPort>((r) => (resolveTarget = r));
  let opened: DataPort | null = null;
  const port = new Proxy({} as DataPort, {
    get(_t, prop) {
      if (prop === 'source') return opened?.source ?? 'local';
      if (prop === 'then') return undefined;
      // Once open, the gate is the port itself, synchronous parts included
      // (a backend's connection state), so no one mistakes it for another kind.
      if (opened) {
        const v = (opened as unknown as Record<PropertyKey, unknown>)[prop];
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(opened) : v;
      }
      if (typeof prop !== 'string' || !GATED.has(prop)) return undefined;
      return async (...args: unknown[]) => {
        const p = await target;
        return (p[prop as keyof DataPort] as (...a: unknown[]) => Promise<unknown>).apply(p, args);
      };
    },
  });
  return {
    port,
    opened: target,
    open(p) {
      opened = p;
      resolveTarget(p);
    },
  };
}
