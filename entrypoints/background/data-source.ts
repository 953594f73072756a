import { createBackendPort } from '../../lib/data/backend-port';
import { HttpBackend } from '../../lib/data/http';
import { ReadCache } from '../../lib/data/http/read-cache';
import { Outbox } from '../../lib/data/outbox';
import type { DataPort } from '../../lib/core/model';
import type { ConnectionReport } from '../../lib/core/sync';

// How the background reaches the team backend: one connection per backend
// URL and token, with its outbox and read cache, and the gate that holds data
// calls until the stored data source is known.

export interface BackendConnection {
  port: DataPort;
  outbox: Outbox | null;
  dispose(): void;
}

export interface BackendConnector {
  connect(url: string, token: string): BackendConnection;
  test(url: string, token: string): Promise<ConnectionReport>;
}

export const httpConnector: BackendConnector = {
  connect(url, token) {
    const http = new HttpBackend({ baseUrl: url, token });
    // Queued writes and cached reads belong to one backend: after a URL change
    // they must never replay into, or be shown for, another one.
    const outbox = new Outbox({ target: http, scope: url });
    const cache = new ReadCache({ scope: url });
    const port = createBackendPort({ http, outbox, cache });
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
};

/**
 * The data port the background starts with. Until the settings are read it
 * holds every call, so a worker woken by a panel request in backend mode
 * never answers that request from the local store.
 */
export function createGatedPort(): { port: DataPort; open(target: DataPort): void } {
  let resolveTarget!: (p: DataPort) => void;
  const target = new Promise<DataPort>((r) => (resolveTarget = r));
  let opened: DataPort | null = null;
  const port = new Proxy({} as DataPort, {
    get(_t, prop) {
      if (prop === 'source') return opened?.source ?? 'local';
      if (prop === 'then') return undefined;
      return async (...args: unknown[]) => {
        const p = await target;
        return (p[prop as keyof DataPort] as (...a: unknown[]) => Promise<unknown>).apply(p, args);
      };
    },
  });
  return {
    port,
    open(p) {
      opened = p;
      resolveTarget(p);
    },
  };
}
