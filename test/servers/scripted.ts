import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server on 127.0.0.1 whose answers each test scripts: bad JSON,
// wrong shapes, errors, stalls. It records every request it receives.

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedReply {
  status?: number;
  /** Sent as JSON unless `raw` is given. */
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Waits this long before sending headers. */
  delayMs?: number;
  /** Sends headers, then stalls this long before the body. */
  stallBodyMs?: number;
  /** Drops the connection without answering. */
  destroy?: boolean;
}

export type Script = (req: RecordedRequest, n: number) => ScriptedReply;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  script(fn: Script): void;
  close(): Promise<void>;
}

export async function startScriptedServer(initial: Script = () => ({ status: 404, json: {} })): Promise<ScriptedServer> {
  let script = initial;
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rec: RecordedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        requests.push(rec);
        const reply = script(rec, requests.length);
        if (reply.delayMs) await wait(reply.delayMs);
        if (reply.destroy) {
          req.socket.destroy();
          return;
        }
        if (res.destroyed) return;
        const body = reply.raw ?? JSON.stringify(reply.json ?? null);
        res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers });
        if (reply.stallBodyMs) {
          res.flushHeaders();
          await wait(reply.stallBodyMs);
        }
        if (!res.destroyed) res.end(body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(fn) {
      script = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
