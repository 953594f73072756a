// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { paths } from '../lib/core/http-contract';
import { openPglite } from './db';
import { client, startServer } from './testing';

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

  it('refuses a bad role or workspace with usage help', async () => {
    const err = await run(TSX, ['server/main.ts', 'create-token', '--workspace', 'Bad Name', '--role', 'owner'], { env: process.env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/usage: npm run server -- create-token/);
  }, 30_000);
});
