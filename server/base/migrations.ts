import { Umzug, type UmzugStorage } from 'umzug';
import type { CrmPlatform } from '../../lib/core/domain';
import { recordIdentity } from '../../lib/core/sites/identity';
import { groupByKey } from '../../lib/core/domain/dashboard/common';
import { markDashboardReadings } from './dashboard-marks';
import type { Db, Queryable } from './db';

// Migrations are plain SQL, applied in order by umzug on both drivers. Each
// runs inside the same transaction as its bookkeeping row, and on PostgreSQL
// an advisory lock keeps two starting servers from migrating at once.

interface Migration {
  name: string;
  sql: string;
  /** Row rewrites SQL cannot express (a rule from lib/core), run after the SQL in the same transaction. */
  run?: (q: Queryable) => Promise<void>;
}

const MIGRATIONS: Migration[] = [
  {
    name: '0001-initial',
    sql: `
CREATE TABLE workspaces (
  id text PRIMARY KEY,
  created_at text NOT NULL
);

CREATE TABLE tokens (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'member', 'read-only')),
  hash text NOT NULL UNIQUE,
  created_at text NOT NULL,
  last_used_at text,
  revoked_at text
);
CREATE INDEX tokens_workspace ON tokens (workspace_id);

CREATE TABLE accounts (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  id text NOT NULL,
  name text NOT NULL,
  name_key text NOT NULL,
  domain_key text,
  version integer NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX accounts_name_key ON accounts (workspace_id, name_key, id);
CREATE INDEX accounts_domain_key ON accounts (workspace_id, domain_key);

-- A CRM record belongs to at most one account per workspace.
CREATE TABLE account_links (
  workspace_id text NOT NULL,
  platform text NOT NULL,
  host text NOT NULL,
  object_type text NOT NULL,
  record_id text NOT NULL,
  account_id text NOT NULL,
  PRIMARY KEY (workspace_id, platform, host, object_type, record_id),
  FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE snapshots (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  id text NOT NULL,
  account_id text NOT NULL,
  date text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX snapshots_account ON snapshots (workspace_id, account_id, date);

CREATE TABLE commitments (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  id text NOT NULL,
  account_id text,
  status text NOT NULL,
  version integer NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX commitments_account ON commitments (workspace_id, account_id, created_at, id);

CREATE TABLE flags (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  id text NOT NULL,
  account_id text,
  severity text NOT NULL,
  resolved boolean NOT NULL,
  version integer NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX flags_account ON flags (workspace_id, account_id, created_at, id);

CREATE TABLE handoff_answers (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  account_id text NOT NULL,
  item_id text NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, account_id, item_id)
);

CREATE TABLE approvals (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  account_id text NOT NULL,
  status text NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, account_id)
);

-- status NULL marks a request still being processed under that key.
CREATE TABLE idempotency_keys (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  headers jsonb,
  body text,
  created_at text NOT NULL,
  PRIMARY KEY (workspace_id, key)
);

CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  at text NOT NULL,
  token_id text NOT NULL,
  actor_name text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  account_id text,
  action text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_entity ON audit_log (workspace_id, entity, entity_id, seq);
`,
  },
  {
    name: '0002-idempotency-sweep',
    sql: `CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);`,
  },
  {
    // Each attempt at a key claims it under its own id, so a retry that takes
    // over an abandoned claim and the original attempt can never both commit.
    name: '0003-idempotency-claims',
    sql: `
ALTER TABLE idempotency_keys ADD COLUMN claim text;
ALTER TABLE idempotency_keys ADD COLUMN claimed_at text;
`,
  },
  {
    name: '0004-token-expiry',
    sql: `ALTER TABLE tokens ADD COLUMN expires_at text;`,
  },
  {
    // Token buckets shared by every server process on the database.
    name: '0005-rate-limits',
    sql: `
CREATE TABLE rate_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at double precision NOT NULL,
  allowed boolean NOT NULL
);
`,
  },
  {
    // A CRM record is identified by platform, tenant and normalised id
    // (recordIdentity, shared with the extension's local store), not by host
    // and object type: one Salesforce org answers on several hosts. The links
    // are rebuilt from every account's stored CRM references, which stay as
    // they are; where two accounts held the same record, the older link wins.
    name: '0006-record-identity',
    sql: `
CREATE TABLE record_links (
  workspace_id text NOT NULL,
  identity text NOT NULL,
  account_id text NOT NULL,
  PRIMARY KEY (workspace_id, identity),
  FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX record_links_account ON record_links (workspace_id, account_id);
`,
    run: async (q) => {
      const rows = await q.query<{ workspace_id: string; account_id: string; platform: string; host: string; record_id: string }>(
        'SELECT workspace_id, account_id, platform, host, record_id FROM account_links ORDER BY workspace_id, account_id',
      );
      for (const r of rows.rows) {
        await q.query('INSERT INTO record_links (workspace_id, identity, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          r.workspace_id,
          recordIdentity({ platform: r.platform as CrmPlatform, host: r.host, recordId: r.record_id }),
          r.account_id,
        ]);
      }
      await q.query('DROP TABLE account_links');
    },
  },
  {
    // Every change to an account's ARR with its date and reason, as the local
    // store keeps it: net and gross revenue retention are computed from it.
    name: '0007-arr-history',
    sql: `
CREATE TABLE arr_changes (
  -- Same-day changes replay in the order they were made (or imported).
  seq bigserial NOT NULL,
  workspace_id text NOT NULL,
  id text NOT NULL,
  account_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
);
`,
  },
  {
    // Success plans: a milestone keeps its template's id, unique only within
    // its account. Stage changes record who moved an account and when.
    name: '0008-success-plans',
    sql: `
CREATE TABLE milestones (
  workspace_id text NOT NULL,
  account_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  due_date text,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, account_id, id),
  FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
);
CREATE TABLE stage_changes (
  workspace_id text NOT NULL,
  id text NOT NULL,
  account_id text NOT NULL,
  at text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, account_id) REFERENCES accounts(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX stage_changes_account ON stage_changes (workspace_id, account_id, at);
`,
  },
  {
    // The live feed: one row per committed change, numbered per workspace in
    // commit order (the counter row is locked until the writer commits), kept
    // for clients resuming with Last-Event-ID.
    name: '0009-change-events',
    sql: `
CREATE TABLE change_seq (
  workspace_id text PRIMARY KEY,
  seq bigint NOT NULL
);

CREATE TABLE change_events (
  workspace_id text NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL,
  entity_id text,
  account_id text,
  at text NOT NULL,
  PRIMARY KEY (workspace_id, seq)
);
`,
  },
  {
    // The ICP profile, checklist template and health weights an admin
    // publishes for the whole workspace; one row per workspace, replaced whole.
    name: '0010-team-settings',
    sql: `
CREATE TABLE team_settings (
  workspace_id text PRIMARY KEY,
  data jsonb NOT NULL,
  updated_at text NOT NULL,
  updated_by text NOT NULL
);
`,
  },
  {
    // The health readings the dashboard reads, marked as they are written by
    // the rule the extension's local store keeps (dashboardReadings): most of
    // a workspace's rows are readings no figure can depend on. A reading is
    // read until marked otherwise; dashboard_marks holds the latest day marks
    // were made in a workspace, since they hold on that day and every later one.
    name: '0011-dashboard-marks',
    sql: `
ALTER TABLE snapshots ADD COLUMN for_dashboard boolean NOT NULL DEFAULT true;
CREATE TABLE dashboard_marks (
  workspace_id text PRIMARY KEY,
  marked_on text NOT NULL
);
`,
    run: async (q) => {
      const r = await q.query<{ workspace_id: string; account_id: string }>('SELECT DISTINCT workspace_id, account_id FROM snapshots');
      const byWorkspace = groupByKey(r.rows, (row) => row.workspace_id);
      const now = new Date();
      // In slices of accounts, so a large workspace's history is never held at once.
      const SLICE = 2_000;
      for (const [workspace, rows] of byWorkspace) {
        for (let i = 0; i < rows.length; i += SLICE) {
          await markDashboardReadings(
            q,
            workspace,
            rows.slice(i, i + SLICE).map((row) => row.account_id),
            now,
          );
        }
      }
    },
  },
  {
    // The accounts a merging import touched, on its change: the dashboard's
    // kept rows (routes/dashboard-records.ts) read those again rather than the
    // whole workspace. Null for every other change, and for a replacing import.
    name: '0012-change-accounts',
    sql: `
ALTER TABLE change_events ADD COLUMN account_ids text[];
`,
  },
];

const LOCK_KEY = 7_310_455_122;

function tableStorage(tx: Queryable): UmzugStorage<Queryable> {
  return {
    async executed() {
      const r = await tx.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      return r.rows.map((row) => row.name);
    },
    async logMigration({ name }) {
      await tx.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [name, new Date().toISOString()]);
    },
    async unlogMigration({ name }) {
      await tx.query('DELETE FROM schema_migrations WHERE name = $1', [name]);
    },
  };
}

/** Applies pending migrations (up to and including `opts.to`, for tests of a later step); returns the names applied. */
export async function migrate(db: Db, opts: { to?: string } = {}): Promise<string[]> {
  return db.transaction(async (tx) => {
    if (db.driver === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at text NOT NULL)');
    const umzug = new Umzug<Queryable>({
      migrations: MIGRATIONS.map((m) => ({
        name: m.name,
        up: async ({ context }) => {
          await runStatements(context, m.sql);
          await m.run?.(context);
        },
      })),
      context: tx,
      storage: tableStorage(tx),
      logger: undefined,
    });
    const applied = await umzug.up(opts.to ? { to: opts.to } : {});
    return applied.map((m) => m.name);
  });
}

// Parameterless multi-statement SQL: split on statement ends so both drivers
// run it through the same single-statement query call.
async function runStatements(q: Queryable, sql: string): Promise<void> {
  const statements = sql
    .split(/;\s*\n/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
  for (const s of statements) await q.query(s);
}
