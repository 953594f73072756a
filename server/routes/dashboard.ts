import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  dashboardFrom,
  dayNumber,
  isoFromDayNumber,
  dashboardListIds,
  dashboardRows,
  dashboardView,
  toIsoDate,
  type Dashboard,
  type DashboardFilter,
  type DashboardSettings,
} from '../../lib/core/domain';
import { filterCarriedTo } from '../../lib/core/domain/dashboard/periods';
import { ApiError } from '../base/errors';
import type { Env } from '../base/env';
import type { Queryable } from '../base/db';
import * as store from '../store';
import { KEPT_RECORD_WORKSPACES, KeptDashboardRecords } from './dashboard-records';
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
// change sequence, which every write advances) and it is the same day.
const KEPT_WORKSPACES = 4;
// Imports come in slices (a CRM sync, a large file): the figures are computed again once none has come for this long.
export const IMPORT_SETTLE_MS = 10_000;
// After midnight (UTC, the server's day), so that the clock has surely turned.
export const DAY_TURN_DELAY_MS = 60_000;
// A workspace whose dashboard no one asked for in this many days is no longer computed ahead of the day.
export const AHEAD_FOR_DAYS = 7;

/** Runs `run` after `ms`, without keeping the process alive for it; the returned function cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;

const scheduleTimer: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface KeptDashboardsOptions {
  /** What figures computed ahead of a request read from (requests read from their own). */
  db: Queryable;
  log: (line: string) => void;
  now?: () => Date;
  schedule?: Schedule;
}

/**
 * The team's dashboards, per workspace, kept per app (an app is bound to one
 * database). A large workspace's first dashboard after a replacing import, and
 * the first of each day, read and compute it whole (seconds at 100,000
 * accounts): for the workspaces whose records are held, the choice last asked
 * is computed ahead then — once the imports have settled, and just after
 * midnight for the new day (the same period and people, `filterCarriedTo`) —
 * so the first person to ask gets it at once.
 */
export class KeptDashboards {
  readonly #kept = new Map<string, { key: string; dashboard: Dashboard }>();
  readonly #records = new KeptDashboardRecords();
  // The choice last asked per workspace, for as many workspaces as have their records held.
  readonly #asked = new Map<string, { settings: DashboardSettings; filter: DashboardFilter; on: string }>();
  readonly #settling = new Map<string, () => void>();
  #cancelDay: (() => void) | null = null;
  #ahead: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #db: Queryable;
  readonly #log: (line: string) => void;
  readonly #now: () => Date;
  readonly #schedule: Schedule;

  constructor(opts: KeptDashboardsOptions) {
    this.#db = opts.db;
    this.#log = opts.log;
    this.#now = opts.now ?? (() => new Date());
    this.#schedule = opts.schedule ?? scheduleTimer;
  }

  /** The workspace's dashboard for `filter` today, and the choice remembered for computing ahead. */
  dashboard(q: Queryable, workspace: string, settings: DashboardSettings, filter: DashboardFilter): Promise<Dashboard> {
    this.#asked.delete(workspace);
    this.#asked.set(workspace, { settings, filter, on: toIsoDate(this.#now()) });
    if (this.#asked.size > KEPT_RECORD_WORKSPACES) this.#asked.delete(this.#asked.keys().next().value!);
    this.#armDayTurn();
    return this.#compute(q, workspace, settings, filter);
  }

  /** An import landed in `workspace`: its figures are computed again once the imports have settled. */
  imported(workspace: string): void {
    if (this.#closed || !this.#asked.has(workspace)) return;
    this.#settling.get(workspace)?.();
    this.#settling.set(
      workspace,
      this.#schedule(() => {
        this.#settling.delete(workspace);
        this.#ahead = this.#ahead.then(() => this.#computeAhead(workspace));
      }, IMPORT_SETTLE_MS),
    );
  }

  /** Resolves once the figures being computed ahead, if any, are kept. */
  settled(): Promise<void> {
    return this.#ahead;
  }

  close(): void {
    this.#closed = true;
    this.#cancelDay?.();
    this.#cancelDay = null;
    for (const cancel of this.#settling.values()) cancel();
    this.#settling.clear();
  }

  async #compute(q: Queryable, workspace: string, settings: DashboardSettings, filter: DashboardFilter): Promise<Dashboard> {
    const now = this.#now();
    // Read before the data: a write landing in between only makes the kept figures newer than their key.
    const seq = await store.latestChangeSeq(q, workspace);
    const key = JSON.stringify([seq, toIsoDate(now), settings, filter]);
    const hit = this.#kept.get(workspace);
    if (hit?.key === key) return hit.dashboard;
    const dashboard = dashboardFrom(await this.#records.prepared(q, workspace, seq, settings, now), settings, filter, now);
    this.#kept.delete(workspace);
    this.#kept.set(workspace, { key, dashboard });
    if (this.#kept.size > KEPT_WORKSPACES) this.#kept.delete(this.#kept.keys().next().value!);
    return dashboard;
  }

  // A failure here is no one's request: it is logged, and the next request computes the figures itself.
  async #computeAhead(workspace: string): Promise<void> {
    const asked = this.#asked.get(workspace);
    if (this.#closed || !asked) return;
    // A choice of one of the page's periods moves on by the days gone by since it was asked (none after an import
    // that day); its end is the asker's day, which need not be the server's. A range set by hand stays as it is.
    const filter = filterCarriedTo(asked.filter, isoFromDayNumber(dayNumber(asked.filter.to) + this.#daysSince(asked.on))) ?? asked.filter;
    try {
      await this.#compute(this.#db, workspace, asked.settings, filter);
    } catch (e) {
      this.#log(`dashboard of workspace ${workspace} not computed ahead: ${e instanceof Error ? e.message : 'unknown error'}`);
    }
  }

  // Whole days from `day` (an ISO date) to the server's today.
  #daysSince(day: string): number {
    return dayNumber(toIsoDate(this.#now())) - dayNumber(day);
  }

  #armDayTurn(): void {
    if (this.#closed || this.#cancelDay) return;
    const now = this.#now();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    this.#cancelDay = this.#schedule(
      () => {
        this.#cancelDay = null;
        for (const [workspace, asked] of [...this.#asked]) {
          if (this.#daysSince(asked.on) > AHEAD_FOR_DAYS) this.#asked.delete(workspace);
          else this.#ahead = this.#ahead.then(() => this.#computeAhead(workspace));
        }
        // Armed again by the next request once no workspace is left.
        if (this.#asked.size > 0) this.#armDayTurn();
      },
      midnight - now.getTime() + DAY_TURN_DELAY_MS,
    );
  }
}

export function dashboardRoutes(kit: RouteKit, kept: KeptDashboards): OpenAPIHono<Env> {
  const r = kit.router();
  kit.register(r, 'dashboard', async ({ db, body, actor }) => {
    return { body: dashboardView(await kept.dashboard(db, actor.workspace, body.settings, body.filter)) };
  });
  kit.register(r, 'dashboardRows', async ({ db, body, actor }) => {
    const dashboard = await kept.dashboard(db, actor.workspace, body.settings, body.filter);
    const ids = dashboardListIds(dashboard, body.list) ?? [];
    const page = await store.accountsByIds(db, actor.workspace, ids.slice(body.offset, body.offset + body.limit));
    const rows = dashboardRows(dashboard, page, body);
    if (!rows) throw new ApiError('not-found', `the dashboard has no list of accounts named ${JSON.stringify(body.list)}`);
    return { body: rows };
  });
  kit.register(r, 'dashboardAgenda', async ({ db, body, actor }) => {
    return { body: (await kept.dashboard(db, actor.workspace, body.settings, body.filter)).agenda };
  });
  return r;
}
