import { TeamSettingsSchema, type TeamSettings, type TeamSettingsReply } from '../../lib/core/http-contract';
import { safeParseOf } from '../../lib/core/parse';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { recordChange } from './events';
import { nowIso, type Actor } from './shared';

interface TeamSettingsRow {
  data: unknown;
  updated_at: string;
  updated_by: string;
}

const NONE: TeamSettingsReply = { settings: null, updatedAt: null, updatedBy: null };

/** The workspace's published team settings, or none until an admin publishes. */
export async function getTeamSettings(q: Queryable, workspace: string): Promise<TeamSettingsReply> {
  const r = await q.query<TeamSettingsRow>('SELECT data, updated_at, updated_by FROM team_settings WHERE workspace_id = $1', [workspace]);
  const row = r.rows[0];
  if (!row) return NONE;
  // Rows are written only after the contract's schema accepted them; one that
  // no longer parses (a later schema change) is an error, never sent half-read.
  const parsed = safeParseOf(TeamSettingsSchema, typeof row.data === 'string' ? JSON.parse(row.data) : row.data);
  if (!parsed.success) throw new ApiError('internal', 'the stored team settings no longer match the contract');
  return { settings: parsed.data, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/** Replaces the workspace's team settings whole; members hear of it on the live feed. */
export async function putTeamSettings(db: Db, actor: Actor, settings: TeamSettings): Promise<TeamSettingsReply> {
  const at = nowIso();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO team_settings (workspace_id, data, updated_at, updated_by) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (workspace_id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [actor.workspace, JSON.stringify(settings), at, actor.name],
    );
    await recordChange(tx, actor.workspace, { kind: 'settings', entityId: null, accountId: null });
  });
  return { settings, updatedAt: at, updatedBy: actor.name };
}
