import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  AccountSchema,
  ArrChangeSchema,
  arrChangeOnSave,
  normaliseAccountName,
  normaliseDomain,
  type Account,
  type ArrChange,
  type CrmLink,
} from '../../lib/core/domain';
import type { AccountCreateBodySchema, AccountPatchBodySchema } from '../../lib/core/http-contract';
import type { AccountPage } from '../../lib/core/model';
import { legacyIdentity, recordIdentity } from '../../lib/core/sites/identity';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { decodeCursor, encodeCursor, likePattern, nowIso, parseOrThrow, putRows, stale, summary, type BulkRows, type DataRow } from './shared';
import { recordChange } from './events';

/** The account that holds a record identity, if any. */
async function holderOf(q: Queryable, workspace: string, identity: string): Promise<Account | null> {
  const r = await q.query<DataRow<Account>>(
    `SELECT a.data FROM record_links l JOIN accounts a ON a.workspace_id = l.workspace_id AND a.id = l.account_id
     WHERE l.workspace_id = $1 AND l.identity = $2`,
    [workspace, identity],
  );
  return r.rows[0]?.data ?? null;
}

/** The account a CRM record is linked to: by its identity, then (for a link stored before tenants were recorded) its legacy key. */
export async function linkedAccount(
  q: Queryable,
  workspace: string,
  ref: Pick<CrmLink, 'platform' | 'host' | 'tenant' | 'recordId'>,
): Promise<Account | null> {
  for (const key of new Set([recordIdentity(ref), legacyIdentity(ref)])) {
    const holder = await holderOf(q, workspace, key);
    if (holder) return holder;
  }
  return null;
}

async function writeLinks(q: Queryable, workspace: string, account: Account): Promise<void> {
  await q.query('DELETE FROM record_links WHERE workspace_id = $1 AND account_id = $2', [workspace, account.id]);
  await insertLinks(q, workspace, account);
}

// The account's links, its old ones gone: a record another account holds is a conflict.
async function insertLinks(q: Queryable, workspace: string, account: Account): Promise<void> {
  for (const l of account.crmRefs) {
    const identity = recordIdentity(l);
    const r = await q.query('INSERT INTO record_links (workspace_id, identity, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      workspace,
      identity,
      account.id,
    ]);
    if (r.rowCount === 0) {
      const holder = await holderOf(q, workspace, identity);
      if (holder && holder.id !== account.id) {
        throw new ApiError('conflict', `${l.platform} record ${l.recordId} is already linked to another account`, { current: holder });
      }
    }
  }
}

const ACCOUNT_COLUMNS = 'accounts (workspace_id, id, name, name_key, domain_key, version, created_at, updated_at, data)';

interface AccountRow {
  account: Account;
  nameKey: string;
  domainKey: string | null;
}

const ACCOUNT_ROWS: BulkRows<AccountRow> = {
  into: ACCOUNT_COLUMNS,
  select: `$1, e->'account'->>'id', e->'account'->>'name', e->>'nameKey', e->>'domainKey', (e->'account'->>'version')::int,
    e->'account'->>'createdAt', e->'account'->>'updatedAt', e->'account'`,
  conflict: `ON CONFLICT (workspace_id, id) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key, domain_key = EXCLUDED.domain_key,
    version = EXCLUDED.version, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`,
  key: (row) => row.account.id,
};

const keysOf = (a: Account) => ({
  nameKey: normaliseAccountName(a.name),
  domainKey: a.websiteDomain ? normaliseDomain(a.websiteDomain) || null : null,
});

/**
 * Writes accounts whole, new or not, with their links: an import's, in bulk.
 * Of one id given twice the last is written, links and all.
 */
export async function putAccounts(q: Queryable, workspace: string, accounts: readonly Account[]): Promise<void> {
  if (accounts.length === 0) return;
  await q.query('DELETE FROM record_links WHERE workspace_id = $1 AND account_id = ANY($2::text[])', [workspace, accounts.map((a) => a.id)]);
  const last = new Map(accounts.map((a) => [a.id, a]));
  await putRows(
    q,
    workspace,
    [...last.values()].map((account) => ({ account, ...keysOf(account) })),
    ACCOUNT_ROWS,
  );
  for (const a of last.values()) await insertLinks(q, workspace, a);
}

/** Writes an existing account whole, with its links. */
export async function putAccountRow(q: Queryable, workspace: string, a: Account): Promise<void> {
  const { nameKey, domainKey } = keysOf(a);
  await q.query(
    `UPDATE accounts SET name = $3, name_key = $4, domain_key = $5, version = $6, created_at = $7, updated_at = $8, data = $9::jsonb
     WHERE workspace_id = $1 AND id = $2`,
    [workspace, a.id, a.name, nameKey, domainKey, a.version, a.createdAt, a.updatedAt, JSON.stringify(a)],
  );
  await writeLinks(q, workspace, a);
}

export async function getAccount(q: Queryable, workspace: string, id: string, lock = false): Promise<Account | null> {
  const r = await q.query<DataRow<Account>>(`SELECT data FROM accounts WHERE workspace_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [
    workspace,
    id,
  ]);
  return r.rows[0]?.data ?? null;
}

export async function requireAccount(q: Queryable, workspace: string, id: string, lock = false): Promise<Account> {
  const a = await getAccount(q, workspace, id, lock);
  if (!a) throw new ApiError('not-found', `account ${id} not found`);
  return a;
}

export async function listAccounts(
  q: Queryable,
  workspace: string,
  query: { search?: string; limit: number; cursor?: string },
): Promise<AccountPage> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [workspace];
  const search = query.search?.trim();
  if (search) {
    params.push(likePattern(search.toLowerCase()));
    const ors = [`lower(name) LIKE $${params.length}`, `domain_key LIKE $${params.length}`];
    // Punctuation-only searches normalise to nothing, which would match every name.
    const key = normaliseAccountName(search);
    if (key) {
      params.push(likePattern(key));
      ors.push(`name_key LIKE $${params.length}`);
    }
    where.push(`(${ors.join(' OR ')})`);
  }
  const total = Number(
    (await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM accounts WHERE ${where.join(' AND ')}`, params)).rows[0]?.n ?? 0,
  );
  const after = decodeCursor(query.cursor, 2);
  const pageParams = [...params];
  const pageWhere = [...where];
  if (after) {
    pageParams.push(after[0], after[1]);
    pageWhere.push(`(name_key, id) > ($${pageParams.length - 1}, $${pageParams.length})`);
  }
  pageParams.push(query.limit + 1);
  const r = await q.query<{ data: Account; name_key: string; id: string }>(
    `SELECT data, name_key, id FROM accounts WHERE ${pageWhere.join(' AND ')} ORDER BY name_key, id LIMIT $${pageParams.length}`,
    pageParams,
  );
  const rows = r.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((row) => summary(row.data)),
    nextCursor: r.rows.length > query.limit && last ? encodeCursor([last.name_key, last.id]) : null,
    total,
  };
}

export async function createAccount(db: Db, workspace: string, draft: z.infer<typeof AccountCreateBodySchema>): Promise<Account> {
  const at = nowIso();
  const account = parseOrThrow(AccountSchema, { ...draft, id: randomUUID(), version: 1, createdAt: at, updatedAt: at }, 'account');
  await db.transaction(async (tx) => {
    await putAccounts(tx, workspace, [account]);
    await recordArrChange(tx, workspace, null, account, at);
    await recordChange(tx, workspace, { kind: 'account', entityId: account.id, accountId: account.id });
  });
  return account;
}

// In the account's own transaction, by the rule the local store applies, so
// both keep the same history: an ARR edit and its entry land together.
async function recordArrChange(q: Queryable, workspace: string, before: Account | null, after: Account, at: string): Promise<void> {
  const change = arrChangeOnSave(before, after, at.slice(0, 10));
  if (!change) return;
  const row = parseOrThrow(ArrChangeSchema, { ...change, id: `arr_${randomUUID()}`, accountId: after.id }, 'ARR change');
  await putArrChanges(q, workspace, [row]);
}

// In the order given: the sequence numbers they get are the order they were made in.
const ARR_CHANGE_ROWS: BulkRows<ArrChange> = {
  into: 'arr_changes (workspace_id, id, account_id, data)',
  select: "$1, e->>'id', e->>'accountId', e",
  conflict: 'ON CONFLICT (workspace_id, id) DO UPDATE SET account_id = EXCLUDED.account_id, data = EXCLUDED.data',
  key: (c) => c.id,
};

export function putArrChanges(q: Queryable, workspace: string, changes: readonly ArrChange[]): Promise<void> {
  return putRows(q, workspace, changes, ARR_CHANGE_ROWS);
}

export async function patchAccount(
  db: Db,
  workspace: string,
  id: string,
  patch: z.infer<typeof AccountPatchBodySchema>,
  expected: number,
): Promise<Account> {
  return db.transaction(async (tx) => {
    const current = await requireAccount(tx, workspace, id, true);
    if (current.version !== expected) throw stale(current);
    const at = nowIso();
    const next = parseOrThrow(AccountSchema, { ...current, ...patch, version: current.version + 1, updatedAt: at }, 'account');
    await putAccountRow(tx, workspace, next);
    await recordArrChange(tx, workspace, current, next, at);
    await recordChange(tx, workspace, { kind: 'account', entityId: id, accountId: id });
    return next;
  });
}
