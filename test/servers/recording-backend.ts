import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import {
  CommitmentCreateBodySchema,
  CommitmentPatchBodySchema,
  CONTRACT_VERSION,
  HEADERS,
  parseEtag,
  type ApiErrorCode,
} from '../../lib/core/http-contract';
import type { Commitment } from '../../lib/core/domain';

// A small stand-in for the team backend that speaks the commitment part of the
// REST contract, honours Idempotency-Key and If-Match, and can be taken down
// and brought back on the same port. It keeps every write it applied, in the
// order applied, so tests can check nothing landed twice or out of order.

export interface AppliedWrite {
  key: string;
  method: string;
  commitmentId: string;
  text: string;
}

export interface RecordingBackend {
  url: string;
  applied: AppliedWrite[];
  commitments: Map<string, Commitment>;
  /** Stops listening (connections refused) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** The next write applied when the count reaches n is committed, then its connection dropped unanswered. */
  loseResponseAt(n: number): void;
  close(): Promise<void>;
}

const TOKEN = 'test-token';
export const RECORDING_BACKEND_TOKEN = TOKEN;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
function fail(res: ServerResponse, code: ApiErrorCode, status: number, message: string, extra: { field?: string; current?: unknown } = {}) {
  send(res, status, { error: { code, message, ...extra } });
}

export async function startRecordingBackend(): Promise<RecordingBackend> {
  const applied: AppliedWrite[] = [];
  const commitments = new Map<string, Commitment>();
  const byKey = new Map<string, { status: number; body: unknown }>();
  let loseAt: number | null = null;
  let nextId = 1;
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/v1/health') {
      const accepted = req.headers.authorization === `Bearer ${TOKEN}`;
      return send(res, 200, {
        status: 'ok',
        contractVersion: CONTRACT_VERSION,
        tokenAccepted: accepted,
        ...(accepted ? { workspace: 'test', role: 'member' } : {}),
      });
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return fail(res, 'unauthenticated', 401, 'token not accepted');

    const key = req.headers[HEADERS.idempotencyKey.toLowerCase()];
    if (req.method !== 'GET' && typeof key === 'string') {
      const seen = byKey.get(key);
      if (seen) return send(res, seen.status, seen.body, { [HEADERS.idempotentReplay]: 'true' });
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return fail(res, 'malformed-json', 400, 'body is not JSON');
    }
    const now = new Date().toISOString();

    const commit = (status: number, record: Commitment, method: string) => {
      commitments.set(record.id, record);
      if (typeof key === 'string') byKey.set(key, { status, body: record });
      applied.push({ key: String(key), method, commitmentId: record.id, text: record.text });
      if (loseAt !== null && applied.length === loseAt) {
        loseAt = null;
        req.socket.destroy();
        return;
      }
      send(res, status, record);
    };

    if (req.method === 'POST' && url.pathname === '/v1/commitments') {
      const parsed = CommitmentCreateBodySchema.safeParse(body);
      if (!parsed.success) return fail(res, 'validation', 400, parsed.error.issues[0]!.message, { field: parsed.error.issues[0]!.path.join('.') });
      return commit(201, { ...parsed.data, id: `cm-${nextId++}`, version: 1, createdAt: now, updatedAt: now }, 'create');
    }
    const m = /^\/v1\/commitments\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && m) {
      const current = commitments.get(decodeURIComponent(m[1]!));
      if (!current) return fail(res, 'not-found', 404, 'no such commitment');
      const expected = parseEtag(req.headers['if-match']);
      if (expected === null) return fail(res, 'precondition-required', 428, 'If-Match is required');
      if (expected !== current.version) return fail(res, 'version-mismatch', 412, 'the commitment changed', { current });
      const parsed = CommitmentPatchBodySchema.safeParse(body);
      if (!parsed.success) return fail(res, 'validation', 400, parsed.error.issues[0]!.message);
      return commit(200, { ...current, ...parsed.data, version: current.version + 1, updatedAt: now } as Commitment, 'update');
    }
    return fail(res, 'not-found', 404, `no route ${req.method} ${url.pathname}`);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let listening = true;

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    applied,
    commitments,
    down: stop,
    up: () =>
      new Promise<void>((resolve, reject) => {
        if (listening) return resolve();
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          listening = true;
          server.off('error', reject);
          resolve();
        });
      }),
    loseResponseAt(n) {
      loseAt = n;
    },
    close: stop,
  };
}
