import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  dashboardFrom,
  dashboardListIds,
  dashboardRows,
  dashboardView,
  toIsoDate,
  type Dashboard,
  type DashboardFilter,
  type DashboardSettings,
} from '../../lib/core/domain';
import { ApiError } from '../base/errors';
import type { Env } from '../base/env';
import type { Queryable } from '../base/db';
import * as store from '../store';
import { KeptDashboardRecords } from './dashboard-records';
import type { RouteKit } from './define';

// SQL reduces the workspace to what the figures can depend on
// (store/dashboard.ts: the accounts and their records, the readings marked as
// they were written), kept current from the change log
// (dashboard-records.ts); the figures are then computed by the same pure
// functions the extension runs on its local store, so a team sees the numbers
// a person would see on the same data (server/conformance.test.ts).

// The last dashboards computed, per workspace. A page asks for the view, then
// rows and the agenda under the same filter; each of those reuses the
// computation as long as nothing was written to the workspace since (its
// change sequence, which every write advances) and it is the same day. Kept
// per app, since an app is bound to one database.
const KEPT_WORKSPACES = 4;
type Kept = Map<string, { key: string; dashboard: Dashboard }>;

async function dashboardFor(
  kept: Kept,
  records: KeptDashboardRecords,
  q: Queryable,
  workspace: string,
  settings: DashboardSettings,
  filter: DashboardFilter,
): Promise<Dashboard> {
  const now = new Date();
  // Read before the data: a write landing in between only makes the kept figures newer than their key.
  const seq = await store.latestChangeSeq(q, workspace);
  const key = JSON.stringify([seq, toIsoDate(now), settings, filter]);
  const hit = kept.get(workspace);
  if (hit?.key === key) return hit.dashboard;
  const dashboard = dashboardFrom(await records.prepared(q, workspace, seq, settings, now), settings, filter, now);
  kept.delete(workspace);
  kept.set(workspace, { key, dashboard });
  if (kept.size > KEPT_WORKSPACES) kept.delete(kept.keys().next().value!);
  return dashboard;
}

export function dashboardRoutes(kit: RouteKit): OpenAPIHono<Env> {
  const r = kit.router();
  const kept: Kept = new Map();
  const records = new KeptDashboardRecords();
  kit.register(r, 'dashboard', async ({ db, body, actor }) => {
    return { body: dashboardView(await dashboardFor(kept, records, db, actor.workspace, body.settings, body.filter)) };
  });
  kit.register(r, 'dashboardRows', async ({ db, body, actor }) => {
    const dashboard = await dashboardFor(kept, records, db, actor.workspace, body.settings, body.filter);
    const ids = dashboardListIds(dashboard, body.list) ?? [];
    const page = await store.accountsByIds(db, actor.workspace, ids.slice(body.offset, body.offset + body.limit));
    const rows = dashboardRows(dashboard, page, body);
    if (!rows) throw new ApiError('not-found', `the dashboard has no list of accounts named ${JSON.stringify(body.list)}`);
    return { body: rows };
  });
  kit.register(r, 'dashboardAgenda', async ({ db, body, actor }) => {
    return { body: (await dashboardFor(kept, records, db, actor.workspace, body.settings, body.filter)).agenda };
  });
  return r;
}
