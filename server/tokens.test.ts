// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBodySchema, HealthResponseSchema, TOKEN_ROTATION_GRACE_SECONDS, paths } from '../lib/core/http-contract';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { PG_SKIP_MESSAGE, client, hasPostgres, makeToken, startServer, testDatabases, type Client } from '../test/server';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('token expiry and rotation on PostgreSQL', () => {}));

const DAY = 86_400_000;

describe.each(testDatabases())('token expiry and rotation on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let admin: Client;

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db);
    admin = client(server.url, await makeToken(db, 'tok', 'admin'));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('issues tokens that expire, reports the expiry to the connection test, and refuses them after it with token-expired', async () => {
    const issued = await admin.post(paths.tokens(), { name: 'Quarterly', role: 'member', expiresInDays: 90 });
    expect(issued.status).toBe(201);
    const days = (Date.parse(issued.body.token.expiresAt) - Date.now()) / DAY;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const user = client(server.url, issued.body.secret);
    const health = HealthResponseSchema.parse((await user.get(paths.health())).body);
    expect(health).toMatchObject({ tokenAccepted: true, expiresAt: issued.body.token.expiresAt });
    expect((await user.get(paths.accounts())).status).toBe(200);
    const listed = (await admin.get(paths.tokens())).body.items.find((t: { id: string }) => t.id === issued.body.token.id);
    expect(listed.expiresAt).toBe(issued.body.token.expiresAt);

    // A token past its expiry, seen for the first time by this server.
    const lapsed = await makeToken(db, 'tok', 'member');
    const past = new Date(Date.now() - 1000).toISOString();
    await db.query("UPDATE tokens SET expires_at = $1 WHERE name = 'member of tok' AND expires_at IS NULL", [past]);
    const refused = await client(server.url, lapsed).get(paths.accounts());
    expect(refused.status).toBe(401);
    expect(ApiErrorBodySchema.parse(refused.body).error).toMatchObject({ code: 'token-expired', message: expect.stringContaining(past) });
    expect((await client(server.url, lapsed).get(paths.health())).body).toEqual({
      status: 'ok',
      contractVersion: '1.0.0',
      tokenAccepted: false,
      expiresAt: past,
    });
    // Tokens without an expiry say so, and unknown ones reveal nothing.
    expect((await admin.get(paths.health())).body.expiresAt).toBeNull();
    expect((await client(server.url, 'sl_unknown').get(paths.health())).body.expiresAt).toBeUndefined();
  });

  it('rotates the calling token: the new secret once, same role and lifetime, the old one only for the grace period', async () => {
    const issued = await admin.post(paths.tokens(), { name: 'Laptop', role: 'member', expiresInDays: 30 });
    const old = client(server.url, issued.body.secret);
    const key = `rotate-${Date.now()}`;
    const rotated = await old.post(paths.rotateToken(), undefined, { idempotencyKey: key });
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).toMatch(/^sl_/);
    expect(rotated.body.secret).not.toBe(issued.body.secret);
    expect(rotated.body.token).toMatchObject({ name: 'Laptop', role: 'member' });
    expect(rotated.body.token.id).not.toBe(issued.body.token.id);
    const lifetime = (Date.parse(rotated.body.token.expiresAt) - Date.now()) / DAY;
    expect(lifetime).toBeGreaterThan(29.9);
    expect(lifetime).toBeLessThanOrEqual(30);
    // A retry of the same rotation answers the same token without its secret, and rotates nothing more.
    const replay = await old.post(paths.rotateToken(), undefined, { idempotencyKey: key });
    expect(replay.body.token.id).toBe(rotated.body.token.id);
    expect(replay.body.secret).toBeNull();

    const fresh = client(server.url, rotated.body.secret);
    expect((await fresh.get(paths.health())).body).toMatchObject({ tokenAccepted: true, role: 'member' });
    const tokens = (await admin.get(paths.tokens())).body.items as Array<{ id: string; expiresAt: string | null }>;
    expect(tokens.filter((t) => t.id === rotated.body.token.id)).toHaveLength(1);
    const graceEnds = Date.parse(tokens.find((t) => t.id === issued.body.token.id)!.expiresAt!);
    expect(graceEnds).toBeLessThanOrEqual(Date.now() + TOKEN_ROTATION_GRACE_SECONDS * 1000);
    expect(graceEnds).toBeGreaterThan(Date.now());

    // Read-only tokens may rotate themselves too; a token never rotates another.
    const reader = client(server.url, await makeToken(db, 'tok', 'read-only'));
    const r2 = await reader.post(paths.rotateToken());
    expect(r2.status).toBe(201);
    expect(r2.body.token.role).toBe('read-only');
    expect(r2.body.token.expiresAt).toBeNull();
  });
});
