// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../../test/servers/scripted';
import { CONTRACT_VERSION, paths } from '../../core/http-contract';
import { DataError } from '../../core/errors';
import { HttpBackend } from './backend';

const NOW = '2026-03-01T10:00:00.000Z';
const commitment = (over: Record<string, unknown> = {}) => ({
  id: 'cm-1',
  accountId: 'acc-1',
  text: 'SSO by kickoff',
  kind: 'feature',
  status: 'open',
  roadmapStatus: 'on-roadmap',
  createdBy: 'Ana',
  version: 3,
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});
const draft = { accountId: 'acc-1', text: 'SSO by kickoff', kind: 'feature', status: 'open', roadmapStatus: 'on-roadmap', createdBy: 'Ana' } as const;

async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataError) return e;
    throw new Error(`expected a DataError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the call to reject');
}

let server: ScriptedServer;
let backend: HttpBackend;

beforeEach(async () => {
  server = await startScriptedServer();
  backend = new HttpBackend({ baseUrl: server.url, token: 'secret-token', timeoutMs: 5000, retries: 2, retryBaseMs: 5, retryMaxMs: 20 });
});
afterEach(async () => {
  await server.close();
});

describe('HttpBackend requests', () => {
  it('sends the bearer token, If-Match with the expected version and an Idempotency-Key on writes', async () => {
    server.script(() => ({ json: commitment({ version: 4, text: 'SSO by go-live' }) }));
    const updated = await backend.updateCommitment('cm-1', { text: 'SSO by go-live' }, 3);
    expect(updated.version).toBe(4);
    const [req] = server.requests;
    expect(req?.method).toBe('PATCH');
    expect(req?.url).toBe(paths.commitment('cm-1'));
    expect(req?.headers.authorization).toBe('Bearer secret-token');
    expect(req?.headers['if-match']).toBe('"3"');
    expect(req?.headers['idempotency-key']).toMatch(/^[\x21-\x7e]{8,}$/);
    expect(JSON.parse(req!.body)).toEqual({ text: 'SSO by go-live' });
  });

  it('uses the caller-supplied idempotency key and a fresh one per plain call', async () => {
    server.script(() => ({ status: 201, json: commitment({ version: 1 }) }));
    await backend.createCommitment(draft, 'fixed-key-123');
    await backend.createCommitment(draft);
    await backend.createCommitment(draft);
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe('fixed-key-123');
    expect(keys[1]).not.toBe(keys[2]);
    expect(server.requests.every((r) => r.headers['if-match'] === undefined)).toBe(true);
  });

  it('puts the handoff answer under its account and item, with If-Match only once the answer exists', async () => {
    server.script(() => ({ json: { accountId: 'acc-1', answers: { 'kickoff-date': { done: true, at: NOW, version: 1 } } } }));
    await backend.setHandoffAnswer({ accountId: 'acc-1', itemId: 'kickoff-date', done: true, by: 'Ana', expectedVersion: null });
    await backend.setHandoffAnswer({ accountId: 'acc-1', itemId: 'kickoff-date', done: false, by: 'Ana', expectedVersion: 1 });
    expect(server.requests.map((r) => [r.method, r.url, r.headers['if-match']])).toEqual([
      ['PUT', paths.handoffItem('acc-1', 'kickoff-date'), undefined],
      ['PUT', paths.handoffItem('acc-1', 'kickoff-date'), '"1"'],
    ]);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ done: true, by: 'Ana' });
  });

  it('rejects an invalid write before sending it, naming the field', async () => {
    const err = await rejection(backend.createCommitment({ ...draft, dueDate: '31/12/2026' }));
    expect(err.kind).toBe('validation');
    expect(err.info.field).toBe('dueDate');
    expect(server.requests).toHaveLength(0);
  });

  it('returns null for an account the backend does not know', async () => {
    server.script(() => ({ status: 404, json: { error: { code: 'not-found', message: 'no such account' } } }));
    expect(await backend.getAccountContext('acc-x')).toBeNull();
    // A 404 that is not the contract's (a proxy, a wrong base URL) is not "no such account".
    server.script(() => ({ status: 404, raw: '<html>Not Found</html>' }));
    expect((await rejection(backend.getAccountContext('acc-x'))).kind).toBe('not-found');
    server.script(() => ({ status: 404, json: { error: { code: 'not-found', message: 'no such commitment' } } }));
    const err = await rejection(backend.updateCommitment('cm-x', { text: 'x' }, 1));
    expect(err.kind).toBe('not-found');
  });
});

describe('HttpBackend misbehaving servers', () => {
  it('turns malformed JSON into a schema error instead of crashing', async () => {
    server.script(() => ({ raw: '{"items": [ {"id": "acc-1",' }));
    const err = await rejection(backend.listUnassigned());
    expect(err.kind).toBe('schema');
    expect(err.message).toMatch(/malformed JSON/);
  });

  it('names the field when the response has the wrong shape', async () => {
    server.script(() => ({ json: { commitments: [commitment(), commitment({ id: 'cm-2', dueDate: 'next week' })], flags: [] } }));
    const err = await rejection(backend.listUnassigned());
    expect(err.kind).toBe('schema');
    expect(err.info.field).toBe('commitments[1].dueDate');
    expect(err.message).toContain('commitments[1].dueDate');
  });

  it('retries a read after a 500 and succeeds', async () => {
    server.script((_req, n) =>
      n < 3 ? { status: 500, json: { error: { code: 'internal', message: 'db restarting' } } } : { json: { commitments: [], flags: [] } },
    );
    expect(await backend.listUnassigned()).toEqual({ commitments: [], flags: [] });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on a read after the configured retries', async () => {
    server.script(() => ({ status: 503, raw: 'upstream down' }));
    const err = await rejection(backend.listUnassigned());
    expect(err.kind).toBe('server');
    expect(err.info.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it('never retries a write after a 500', async () => {
    server.script(() => ({ status: 500, json: { error: { code: 'internal', message: 'boom' } } }));
    const err = await rejection(backend.createCommitment(draft));
    expect(err.kind).toBe('server');
    expect(server.requests).toHaveLength(1);
  });

  it('honours Retry-After on a 429 read', async () => {
    server.script((_req, n) =>
      n === 1
        ? { status: 429, headers: { 'Retry-After': '0' }, json: { error: { code: 'rate-limited', message: 'slow down' } } }
        : { json: { commitments: [], flags: [] } },
    );
    await backend.listUnassigned();
    expect(server.requests).toHaveLength(2);
  });

  it('times out a very slow answer, and a body that stalls after the headers', async () => {
    const once = new HttpBackend({ baseUrl: server.url, token: 't', timeoutMs: 100, retries: 0 });
    server.script(() => ({ delayMs: 2000, json: { commitments: [], flags: [] } }));
    const slow = await rejection(once.listUnassigned());
    expect(slow.kind).toBe('timeout');
    server.script(() => ({ stallBodyMs: 2000, json: { commitments: [], flags: [] } }));
    const stalled = await rejection(once.listUnassigned());
    expect(stalled.kind).toBe('timeout');
  });

  it('reports a dropped connection and a closed port as network errors', async () => {
    server.script(() => ({ destroy: true }));
    expect((await rejection(backend.createCommitment(draft))).kind).toBe('network');
    const url = server.url;
    await server.close();
    const gone = new HttpBackend({ baseUrl: url, token: 't', retries: 0 });
    expect((await rejection(gone.listUnassigned())).kind).toBe('network');
    server = await startScriptedServer();
  });

  it('maps 401 and 403 to auth errors', async () => {
    server.script(() => ({ status: 401, json: { error: { code: 'unauthenticated', message: 'token revoked' } } }));
    const e401 = await rejection(backend.listUnassigned());
    expect(e401.kind).toBe('auth');
    expect(e401.message).toBe('token revoked');
    server.script(() => ({ status: 403, raw: '<html>forbidden</html>' }));
    const e403 = await rejection(backend.createCommitment(draft));
    expect(e403.kind).toBe('auth');
    expect(e403.info.status).toBe(403);
  });

  it('carries the server current record on 412 and 409 conflicts', async () => {
    const current = commitment({ version: 7, text: 'changed by Bo' });
    server.script(() => ({ status: 412, json: { error: { code: 'version-mismatch', message: 'changed', current } } }));
    const e412 = await rejection(backend.updateCommitment('cm-1', { status: 'delivered' }, 3));
    expect(e412.kind).toBe('conflict');
    expect(e412.info.current).toEqual(current);
    server.script(() => ({ status: 409, json: { error: { code: 'conflict', message: 'already requested', current: { status: 'requested' } } } }));
    const e409 = await rejection(
      backend.requestApproval({ accountId: 'acc-1', requestedBy: 'Ana', reason: 'strategic logo', tradeOffs: 'custom SSO' }),
    );
    expect(e409.kind).toBe('conflict');
    expect(e409.info.current).toEqual({ status: 'requested' });
  });

  it('treats a 428 that carries the current record as a conflict, and a bare 428 as a validation error', async () => {
    const current = { accountId: 'acc-1', answers: { 'kickoff-date': { done: false, at: NOW, version: 1 } } };
    server.script(() => ({ status: 428, json: { error: { code: 'precondition-required', message: 'already answered', current } } }));
    const withCurrent = await rejection(
      backend.setHandoffAnswer({ accountId: 'acc-1', itemId: 'kickoff-date', done: true, by: 'Ana', expectedVersion: null }),
    );
    expect(withCurrent.kind).toBe('conflict');
    expect(withCurrent.info.current).toEqual(current);
    server.script(() => ({ status: 428, json: { error: { code: 'precondition-required', message: 'send If-Match' } } }));
    expect(
      (await rejection(backend.setHandoffAnswer({ accountId: 'acc-1', itemId: 'kickoff-date', done: true, by: 'Ana', expectedVersion: null }))).kind,
    ).toBe('validation');
  });

  it('maps 400 and 422 to validation errors with the field', async () => {
    server.script(() => ({ status: 422, json: { error: { code: 'idempotency-mismatch', message: 'key reused with another body' } } }));
    expect((await rejection(backend.createCommitment(draft))).kind).toBe('validation');
    server.script(() => ({ status: 400, json: { error: { code: 'validation', message: 'too long', field: 'text' } } }));
    const e400 = await rejection(backend.createCommitment(draft));
    expect(e400.kind).toBe('validation');
    expect(e400.info.field).toBe('text');
  });
});

describe('HttpBackend.testConnection', () => {
  it('reports contract version, token acceptance, workspace and role', async () => {
    server.script((req) => ({
      json:
        req.headers.authorization === 'Bearer secret-token'
          ? { status: 'ok', contractVersion: CONTRACT_VERSION, tokenAccepted: true, workspace: 'acme', role: 'member' }
          : { status: 'ok', contractVersion: CONTRACT_VERSION, tokenAccepted: false },
    }));
    expect(await backend.testConnection()).toEqual({
      reachable: true,
      contractVersion: CONTRACT_VERSION,
      compatible: true,
      tokenAccepted: true,
      workspace: 'acme',
      role: 'member',
    });
    const wrong = new HttpBackend({ baseUrl: server.url, token: 'nope' });
    expect(await wrong.testConnection()).toEqual({ reachable: true, contractVersion: CONTRACT_VERSION, compatible: true, tokenAccepted: false });
    expect(server.requests.every((r) => r.url === paths.health())).toBe(true);
  });

  it('reports a reachable server that does not speak the contract', async () => {
    server.script(() => ({ json: { status: 'ok', version: 3 } }));
    const report = await backend.testConnection();
    expect(report).toMatchObject({ reachable: true, compatible: false, tokenAccepted: false, error: { kind: 'schema', field: 'contractVersion' } });
  });

  it('flags an incompatible contract and an unreachable backend', async () => {
    server.script(() => ({ json: { status: 'ok', contractVersion: '2.0.0', tokenAccepted: true } }));
    expect((await backend.testConnection()).compatible).toBe(false);
    const url = server.url;
    await server.close();
    const report = await new HttpBackend({ baseUrl: url, token: 't', retries: 0 }).testConnection();
    expect(report).toMatchObject({ reachable: false, tokenAccepted: false, error: { kind: 'network' } });
    server = await startScriptedServer();
  });
});
