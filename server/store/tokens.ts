import { createHash, randomBytes } from 'node:crypto';
import type { Role, TokenInfo } from '../../lib/core/http-contract';
import type { Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { nowIso, type Actor } from './shared';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export async function ensureWorkspace(q: Queryable, id: string): Promise<void> {
  await q.query('INSERT INTO workspaces (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, nowIso()]);
}

interface TokenRow {
  id: string;
  workspace_id: string;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
}

function tokenInfo(r: TokenRow): TokenInfo {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    expiresAt: r.expires_at,
  };
}

export async function issueToken(
  q: Queryable,
  workspace: string,
  name: string,
  role: Role,
  expiresAt: string | null = null,
): Promise<{ token: TokenInfo; secret: string }> {
  const secret = `sl_${randomBytes(32).toString('base64url')}`;
  const id = `tok_${randomBytes(9)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')}`;
  const r = await q.query<TokenRow>(
    `INSERT INTO tokens (id, workspace_id, name, role, hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [id, workspace, name, role, hashToken(secret), nowIso(), expiresAt],
  );
  return { token: tokenInfo(r.rows[0]!), secret };
}

/** The unrevoked token with this secret, expired or not (callers compare expiresAt with the time). */
export async function findActiveToken(q: Queryable, secret: string): Promise<Actor | null> {
  const r = await q.query<TokenRow>('SELECT * FROM tokens WHERE hash = $1 AND revoked_at IS NULL', [hashToken(secret)]);
  const row = r.rows[0];
  return row ? { tokenId: row.id, name: row.name, workspace: row.workspace_id, role: row.role, expiresAt: row.expires_at } : null;
}

/**
 * Whether a token still admits its holder, read from the database itself and
 * not through the auth cache: a long-lived stream asks this as it goes, so a
 * revoked or expired token stops receiving at once.
 */
export async function tokenInForce(q: Queryable, tokenId: string, now = Date.now()): Promise<boolean> {
  const r = await q.query<Pick<TokenRow, 'revoked_at' | 'expires_at'>>('SELECT revoked_at, expires_at FROM tokens WHERE id = $1', [tokenId]);
  const row = r.rows[0];
  if (!row || row.revoked_at !== null) return false;
  return row.expires_at === null || Date.parse(row.expires_at) > now;
}

export async function touchToken(q: Queryable, tokenId: string): Promise<void> {
  await q.query('UPDATE tokens SET last_used_at = $2 WHERE id = $1', [tokenId, nowIso()]);
}

export async function listTokens(q: Queryable, workspace: string): Promise<TokenInfo[]> {
  const r = await q.query<TokenRow>('SELECT * FROM tokens WHERE workspace_id = $1 ORDER BY created_at, id', [workspace]);
  return r.rows.map(tokenInfo);
}

export async function revokeToken(q: Queryable, workspace: string, id: string): Promise<TokenInfo> {
  const r = await q.query<TokenRow>('UPDATE tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE workspace_id = $1 AND id = $2 RETURNING *', [
    workspace,
    id,
    nowIso(),
  ]);
  if (!r.rows[0]) throw new ApiError('not-found', `token ${id} not found`);
  return tokenInfo(r.rows[0]);
}

/**
 * Issues a successor to the calling token: same workspace, name and role, and
 * the same lifetime from now if it had one. The old token keeps working for
 * `graceSeconds` (or until its own expiry, if sooner).
 */
export async function rotateToken(q: Queryable, actor: Actor, graceSeconds: number, now = Date.now()): Promise<{ token: TokenInfo; secret: string }> {
  const r = await q.query<TokenRow>('SELECT * FROM tokens WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL FOR UPDATE', [
    actor.tokenId,
    actor.workspace,
  ]);
  const old = r.rows[0];
  if (!old) throw new ApiError('unauthenticated', 'the token is unknown or revoked');
  const lifetime = old.expires_at ? Date.parse(old.expires_at) - Date.parse(old.created_at) : null;
  const expiresAt = lifetime !== null ? new Date(now + lifetime).toISOString() : null;
  const grace = now + graceSeconds * 1000;
  const oldUntil = old.expires_at ? Math.min(Date.parse(old.expires_at), grace) : grace;
  await q.query('UPDATE tokens SET expires_at = $2 WHERE id = $1', [old.id, new Date(oldUntil).toISOString()]);
  return issueToken(q, actor.workspace, old.name, old.role, expiresAt);
}
