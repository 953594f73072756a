// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { paths } from '../lib/core/http-contract';
import { openPglite } from './base/db';
import { client, startServer } from '../test/server';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

describe('npm run server -- create-token', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('creates the workspace and prints a working token for the PGlite data directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seamline-cli-'));
    dirs.push(dir);
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '' };
    const { stdout, stderr } = await run(TSX, ['server/main.ts', 'create-token', '--workspace', 'acme', '--role', 'member', '--name', 'Casey'], {
      env,
    });
    const secret = stdout.trim();
    expect(secret).toMatch(/^sl_[A-Za-z0-9_-]{40,}$/);
    expect(stderr).toContain('acme');
    expect(stderr).not.toContain(secret);

    const db = await openPglite(dir);
    const server = await startServer(db);
    try {
      const health = await client(server.url, secret).get(paths.health());
      expect(health.body).toMatchObject({ tokenAccepted: true, workspace: 'acme', role: 'member' });
      const stored = await db.query<{ hash: string }>('SELECT hash FROM tokens');
      expect(JSON.stringify(stored.rows)).not.toContain(secret);
    } finally {
      await server.close();
      await db.close();
    }
  }, 60_000);

  it('refuses a data directory a running server holds, then issues a token that expires when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seamline-cli-'));
    dirs.push(dir);
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '' };
    const args = ['server/main.ts', 'create-token', '--workspace', 'acme', '--role', 'member', '--expires-in', '90d'];
    const running = await openPglite(dir);
    try {
      const refused = await run(TSX, args, { env }).catch((e: { code: number; stdout: string; stderr: string }) => e);
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect((refused as { stderr: string }).stderr).toContain(`in use by process ${process.pid}`);
    } finally {
      await running.close();
    }

    const { stdout, stderr } = await run(TSX, args, { env });
    expect(stderr).toMatch(/expires \d{4}-/);
    const db = await openPglite(dir);
    const server = await startServer(db);
    try {
      const health = await client(server.url, stdout.trim()).get(paths.health());
      expect(health.body).toMatchObject({ tokenAccepted: true, workspace: 'acme' });
      const days = (Date.parse(health.body.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(89.9);
      expect(days).toBeLessThanOrEqual(90);
    } finally {
      await server.close();
      await db.close();
    }
  }, 60_000);

  it('refuses a bad role or workspace with usage help', async () => {
    const err = await run(TSX, ['server/main.ts', 'create-token', '--workspace', 'Bad Name', '--role', 'owner'], { env: process.env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/usage: npm run server -- create-token/);
    const badLifetime = await run(TSX, ['server/main.ts', 'create-token', '--workspace', 'acme', '--role', 'member', '--expires-in', 'soon'], {
      env: process.env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(badLifetime).toMatchObject({ code: 2 });
    expect((badLifetime as { stderr: string }).stderr).toContain('--expires-in');
  }, 30_000);
});
