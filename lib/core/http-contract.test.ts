import { describe, expect, it } from 'vitest';
import {
  API_ERROR_KIND,
  API_ERROR_STATUS,
  ApiErrorCodeSchema,
  AccountListQuerySchema,
  HandoffAnswerBodySchema,
  HealthResponseSchema,
  ROUTES,
  TokenCreateSchema,
  TokenInfoSchema,
  buildPath,
  formatEtag,
  parseEtag,
  paths,
  toDataErrorInfo,
} from './http-contract';

describe('ETag helpers', () => {
  it('round-trips versions through the ETag format', () => {
    for (const v of [1, 2, 17, 123456]) expect(parseEtag(formatEtag(v))).toBe(v);
  });
  it('accepts weak and bare forms and rejects non-versions', () => {
    expect(parseEtag('W/"4"')).toBe(4);
    expect(parseEtag('9')).toBe(9);
    expect(parseEtag('"0"')).toBeNull();
    expect(parseEtag('*')).toBeNull();
    expect(parseEtag('"abc"')).toBeNull();
    expect(parseEtag(undefined)).toBeNull();
  });
});

describe('paths', () => {
  it('encodes ids so hostile values cannot escape their segment', () => {
    expect(paths.account('a/../b')).toBe('/v1/accounts/a%2F..%2Fb');
    expect(paths.handoffItem('acc-1', 'kick off')).toBe('/v1/accounts/acc-1/handoff/kick%20off');
  });
  it('adds only defined query parameters', () => {
    expect(paths.accounts({ search: 'acme & co', limit: 10 })).toBe('/v1/accounts?search=acme+%26+co&limit=10');
    expect(paths.accounts()).toBe('/v1/accounts');
    expect(paths.import('replace')).toBe('/v1/import?mode=replace');
  });
  it('refuses a template with a missing parameter', () => {
    expect(() => buildPath('/v1/accounts/{id}')).toThrow(/id/);
  });
  it('every route lives under /v1 and every template parameter is declared in its params schema', () => {
    for (const [name, r] of Object.entries(ROUTES)) {
      expect(r.path.startsWith('/v1/'), name).toBe(true);
      const names = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = 'params' in r && r.params ? Object.keys(r.params.shape) : [];
      expect(declared.sort(), name).toEqual(names.sort());
    }
  });
  it('writes to existing resources declare If-Match, creations do not require it', () => {
    for (const [name, r] of Object.entries(ROUTES)) {
      if (r.method === 'patch') expect(r.ifMatch, name).toBe('required');
      if (r.method === 'get') expect(r.ifMatch, name).toBe('none');
    }
  });
});

describe('queries', () => {
  it('coerces page sizes from the query string and caps them', () => {
    expect(AccountListQuerySchema.parse({ limit: '20' }).limit).toBe(20);
    expect(AccountListQuerySchema.parse({}).limit).toBe(50);
    expect(AccountListQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
    expect(AccountListQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });
  it('handoff answer bodies carry no ids or versions (they travel in the path and If-Match)', () => {
    const parsed = HandoffAnswerBodySchema.parse({ done: true, by: 'Ana', accountId: 'x', expectedVersion: 3 });
    expect(parsed).toEqual({ done: true, by: 'Ana' });
  });
});

describe('errors', () => {
  it('every error code has a status and a DataError kind', () => {
    for (const code of ApiErrorCodeSchema.options) {
      expect(API_ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(API_ERROR_KIND[code]).toBeTruthy();
    }
  });
  it('turns a 412 body into a conflict carrying the current record', () => {
    const current = { id: 'c1', version: 4 };
    const info = toDataErrorInfo(412, { error: { code: 'version-mismatch', message: 'stale', current } });
    expect(info).toEqual({ kind: 'conflict', message: 'stale', status: 412, current });
  });
  it('tells a write still in flight apart from a data conflict: retried later with the same key, never shown as a conflict', () => {
    expect(API_ERROR_STATUS['idempotency-in-flight']).toBe(409);
    const info = toDataErrorInfo(409, { error: { code: 'idempotency-in-flight', message: 'still being processed' } });
    expect(info).toEqual({ kind: 'server', message: 'still being processed', status: 409 });
    expect(toDataErrorInfo(409, { error: { code: 'conflict', message: 'linked elsewhere' } }).kind).toBe('conflict');
  });
  it('reports an expired token as an authentication failure', () => {
    expect(toDataErrorInfo(401, { error: { code: 'token-expired', message: 'expired' } })).toMatchObject({ kind: 'auth', status: 401 });
  });
  it('refuses unstorable text in queries and token names', () => {
    expect(AccountListQuerySchema.safeParse({ search: 'a\u0000' }).success).toBe(false);
    expect(AccountListQuerySchema.safeParse({ cursor: '\uD800' }).success).toBe(false);
    expect(TokenCreateSchema.safeParse({ name: 'bot\uDFFF', role: 'member' }).success).toBe(false);
  });
  it('keeps token expiry optional so answers from servers without it still parse', () => {
    const at = '2026-01-05T10:00:00.000Z';
    const info = { id: 'tok_1', name: 'Casey', role: 'member', createdAt: at, lastUsedAt: null, revokedAt: null };
    expect(TokenInfoSchema.parse(info)).toEqual(info);
    expect(TokenInfoSchema.parse({ ...info, expiresAt: at }).expiresAt).toBe(at);
    expect(HealthResponseSchema.parse({ status: 'ok', contractVersion: '1.0.0', tokenAccepted: true }).expiresAt).toBeUndefined();
  });
  it('keeps the field of a validation error', () => {
    const info = toDataErrorInfo(400, { error: { code: 'validation', message: 'bad', field: 'dueDate' } });
    expect(info.kind).toBe('validation');
    expect(info.field).toBe('dueDate');
  });
  it('classifies unreadable bodies by status', () => {
    expect(toDataErrorInfo(401, '<html>').kind).toBe('auth');
    expect(toDataErrorInfo(502, null).kind).toBe('server');
    expect(toDataErrorInfo(404, {}).kind).toBe('not-found');
    expect(toDataErrorInfo(418, { error: { code: 'teapot', message: 'x' } }).kind).toBe('schema');
  });
});
