// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { TeamSettingsReplySchema, paths, type TeamSettings } from '../lib/core/http-contract';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { PG_SKIP_MESSAGE, client, hasPostgres, makeToken, startServer, testDatabases, type Client } from '../test/server';
import { expectError } from '../test/api-errors';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('team settings on PostgreSQL', () => {}));

const TEAM: TeamSettings = {
  icpProfile: { ...DEFAULT_SETTINGS.icpProfile, name: 'Acme ICP' },
  handoffTemplate: { ...DEFAULT_SETTINGS.handoffTemplate, name: 'Acme handoff' },
  healthWeights: { ...DEFAULT_SETTINGS.healthWeights, sponsor: 30 },
};

describe.each(testDatabases())('team settings route on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let admin: Client;
  let member: Client;
  let reader: Client;
  let otherAdmin: Client;

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db);
    admin = client(server.url, await makeToken(db, 'acme', 'admin', 'Ada Admin'));
    member = client(server.url, await makeToken(db, 'acme', 'member', 'Mo Member'));
    reader = client(server.url, await makeToken(db, 'acme', 'read-only', 'Rita Reader'));
    otherAdmin = client(server.url, await makeToken(db, 'globex', 'admin', 'Gil Admin'));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('has nothing to give until an admin publishes', async () => {
    const r = await member.get(paths.teamSettings());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ settings: null, updatedAt: null, updatedBy: null });
  });

  it('only an admin publishes', async () => {
    expectError(await member.put(paths.teamSettings(), TEAM), 403, 'forbidden');
    expectError(await reader.put(paths.teamSettings(), TEAM), 403, 'forbidden');
    expect((await member.get(paths.teamSettings())).body.settings).toBeNull();
  });

  it('every member receives what the admin published, with who and when', async () => {
    const put = await admin.put(paths.teamSettings(), TEAM);
    expect(put.status).toBe(200);
    for (const who of [member, reader, admin]) {
      const r = await who.get(paths.teamSettings());
      expect(r.status).toBe(200);
      const body = TeamSettingsReplySchema.parse(r.body);
      expect(body.settings).toEqual(TEAM);
      expect(body.updatedBy).toBe('Ada Admin');
    }
    // Another workspace sees none of it.
    expect((await otherAdmin.get(paths.teamSettings())).body.settings).toBeNull();
  });

  it('a second publish replaces the first whole', async () => {
    const next = { ...TEAM, healthWeights: { ...TEAM.healthWeights, sponsor: 5 } };
    expect((await admin.put(paths.teamSettings(), next)).status).toBe(200);
    expect((await member.get(paths.teamSettings())).body.settings).toEqual(next);
  });

  it('refuses an invalid value naming the field, and keeps what was published', async () => {
    const before = (await member.get(paths.teamSettings())).body.settings;
    const zero = Object.fromEntries(Object.keys(TEAM.healthWeights).map((k) => [k, 0]));
    const bad = expectError(await admin.put(paths.teamSettings(), { ...TEAM, healthWeights: zero }), 400, 'validation');
    expect(bad.field).toBe('healthWeights');
    const badThreshold = expectError(
      await admin.put(paths.teamSettings(), { ...TEAM, icpProfile: { ...TEAM.icpProfile, fringeThreshold: 99, fitThreshold: 10 } }),
      400,
      'validation',
    );
    expect(badThreshold.field).toBe('icpProfile.fringeThreshold');
    const missing = expectError(await admin.put(paths.teamSettings(), { icpProfile: TEAM.icpProfile }), 400, 'validation');
    expect(missing.field).toMatch(/^(handoffTemplate|healthWeights)$/);
    expect((await member.get(paths.teamSettings())).body.settings).toEqual(before);
  });

  it('asks for a token', async () => {
    expectError(await client(server.url, null).get(paths.teamSettings()), 401, 'unauthenticated');
  });
});
