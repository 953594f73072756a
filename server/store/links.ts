import { AccountSchema, normaliseAccountName, normaliseDomain, type Account, type CrmLink, type CrmRecordRef } from '../../lib/core/domain';
import type { AccountContext, ResolveResult } from '../../lib/core/model';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { legacyIdentity, recordIdentity } from '../../lib/core/sites/identity';
import { linkedAccount, putAccountRow, requireAccount } from './accounts';
import { recordChange } from './events';
import { nowIso, parseOrThrow, summary, type DataRow } from './shared';

export async function linkRecord(db: Db, workspace: string, id: string, link: CrmLink): Promise<Account> {
  return db.transaction(async (tx) => {
    const current = await requireAccount(tx, workspace, id, true);
    const norm = { ...link, host: link.host.toLowerCase() };
    const key = recordIdentity(norm);
    const owner = await linkedAccount(tx, workspace, norm);
    const at = nowIso();
    // Linking is the person's explicit choice, so the record moves here from
    // the account it was linked to (as in the local store); otherwise the
    // next visit would find the old account.
    if (owner && owner.id !== id) {
      const from = await requireAccount(tx, workspace, owner.id, true);
      const moved = parseOrThrow(
        AccountSchema,
        {
          ...from,
          crmRefs: from.crmRefs.filter((r) => ![key, legacyIdentity(norm)].includes(recordIdentity(r))),
          version: from.version + 1,
          updatedAt: at,
        },
        'account',
      );
      await putAccountRow(tx, workspace, moved);
      await recordChange(tx, workspace, { kind: 'link', entityId: key, accountId: from.id });
    }
    const same = (r: CrmLink) => recordIdentity(r) === key && r.host === norm.host && r.objectType === norm.objectType && r.kind === norm.kind;
    if (current.crmRefs.some(same)) return current;
    const next = parseOrThrow(
      AccountSchema,
      { ...current, crmRefs: [...current.crmRefs, norm], version: current.version + 1, updatedAt: at },
      'account',
    );
    await putAccountRow(tx, workspace, next);
    await recordChange(tx, workspace, { kind: 'link', entityId: key, accountId: id });
    return next;
  });
}

export async function resolve(q: Queryable, workspace: string, ref: CrmRecordRef): Promise<ResolveResult> {
  const exact = await linkedAccount(q, workspace, ref);
  if (exact) return { status: 'linked', accountId: exact.id, matchedBy: 'record' };

  const candidatesBy = async (column: 'domain_key' | 'name_key', key: string) =>
    (
      await q.query<DataRow<Account>>(`SELECT data FROM accounts WHERE workspace_id = $1 AND ${column} = $2 ORDER BY name_key, id LIMIT 20`, [
        workspace,
        key,
      ])
    ).rows.map((r) => r.data);

  const domain = ref.websiteDomain ? normaliseDomain(ref.websiteDomain) : '';
  if (domain) {
    const found = await candidatesBy('domain_key', domain);
    if (found.length === 1) return { status: 'linked', accountId: found[0]!.id, matchedBy: 'domain' };
    if (found.length > 1) return { status: 'not-linked', reason: 'ambiguous', candidates: found.map(summary) };
  }
  const name = ref.name ? normaliseAccountName(ref.name) : '';
  if (name) {
    const found = await candidatesBy('name_key', name);
    if (found.length === 1) return { status: 'linked', accountId: found[0]!.id, matchedBy: 'name' };
    if (found.length > 1) return { status: 'not-linked', reason: 'ambiguous', candidates: found.map(summary) };
  }
  return { status: 'not-linked', reason: 'unknown', candidates: [] };
}

// One round trip returning one JSON text: the side panel asks for this on
// every CRM page view, and parsing one string is cheaper than decoding rows.
export async function accountContext(q: Queryable, workspace: string, id: string): Promise<AccountContext> {
  const r = await q.query<{ ctx: string }>(
    `SELECT jsonb_build_object(
       'account', a.data,
       'snapshots', COALESCE((SELECT jsonb_agg(s.data ORDER BY s.date, s.id) FROM snapshots s WHERE s.workspace_id = $1 AND s.account_id = $2), '[]'::jsonb),
       'commitments', COALESCE((SELECT jsonb_agg(c.data ORDER BY c.created_at, c.id) FROM commitments c WHERE c.workspace_id = $1 AND c.account_id = $2), '[]'::jsonb),
       'flags', COALESCE((SELECT jsonb_agg(f.data ORDER BY f.created_at, f.id) FROM flags f WHERE f.workspace_id = $1 AND f.account_id = $2), '[]'::jsonb),
       'handoff', jsonb_build_object('accountId', $2::text, 'answers',
         COALESCE((SELECT jsonb_object_agg(h.item_id, h.data) FROM handoff_answers h WHERE h.workspace_id = $1 AND h.account_id = $2), '{}'::jsonb)),
       'approval', (SELECT p.data FROM approvals p WHERE p.workspace_id = $1 AND p.account_id = $2),
       'milestones', COALESCE((SELECT jsonb_agg(m.data ORDER BY m.due_date NULLS LAST, m.id) FROM milestones m WHERE m.workspace_id = $1 AND m.account_id = $2), '[]'::jsonb),
       'stageChanges', COALESCE((SELECT jsonb_agg(g.data ORDER BY g.at, g.id) FROM stage_changes g WHERE g.workspace_id = $1 AND g.account_id = $2), '[]'::jsonb)
     )::text AS ctx
     FROM accounts a WHERE a.workspace_id = $1 AND a.id = $2`,
    [workspace, id],
  );
  const row = r.rows[0];
  if (!row) throw new ApiError('not-found', `account ${id} not found`);
  return JSON.parse(row.ctx) as AccountContext;
}
