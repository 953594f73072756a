// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, addMinutes } from 'date-fns';
import { dashboardFrom, dashboardSettingsOf, dashboardView, toIsoDate } from '../lib/core/domain';
import type * as Domain from '../lib/core/domain';
import { firstDashboardFilter } from '../lib/core/domain/dashboard/periods';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { paths } from '../lib/core/http-contract';
import { generateDemoData } from '../lib/demo/generate';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { AHEAD_FOR_DAYS, DAY_TURN_DELAY_MS, IMPORT_SETTLE_MS, KeptDashboards, type Schedule } from './routes/dashboard';
import { KeptDashboardRecords } from './routes/dashboard-records';
import * as store from './store';
import { client, makeToken, recordedQueries, startServer, testDatabases, type Client } from '../test/server';

// How many times figures are computed, to tell figures at hand from records at hand.
const computed = vi.hoisted(() => ({ count: 0 }));
vi.mock('../lib/core/domain', async (importOriginal) => {
  const actual = await importOriginal<typeof Domain>();
  return {
    ...actual,
    dashboardFrom: (...args: Parameters<typeof actual.dashboardFrom>) => {
      computed.count++;
      return actual.dashboardFrom(...args);
    },
  };
});

// Work the keeper leaves for later, run by the test when it chooses.
function laterWork() {
  const tasks: { run: () => void; ms: number; live: boolean }[] = [];
  const schedule: Schedule = (run, ms) => {
    const task = { run, ms, live: true };
    tasks.push(task);
    return () => {
      task.live = false;
    };
  };
  const live = () => tasks.filter((t) => t.live);
  const runLive = () => {
    for (const task of live()) {
      task.live = false;
      task.run();
    }
  };
  return { schedule, live, runLive };
}

describe.each(testDatabases())('the team dashboard computed ahead on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let admin: Client;
  const workspace = 'ahead';
  // Mid-afternoon UTC: the server's day turns at midnight UTC.
  let clock = new Date('2026-11-30T15:00:00Z');
  const now = () => clock;
  const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
  const { queryable: recorded, clear, readsAnyRecord } = recordedQueries(() => db);
  // A request answered from figures at hand: it read no record and computed nothing.
  const expectAtHand = async <T>(request: () => Promise<T>): Promise<T> => {
    clear();
    computed.count = 0;
    const answer = await request();
    expect(readsAnyRecord()).toBe(false);
    expect(computed.count).toBe(0);
    return answer;
  };
  // The figures a request would compute with nothing kept.
  const fromScratch = async (at: Date) => {
    const seq = await store.latestChangeSeq(db, workspace);
    const prepared = await new KeptDashboardRecords().prepared(db, workspace, seq, settings, at);
    return dashboardView(dashboardFrom(prepared, settings, firstDashboardFilter(at), at));
  };
  const load = async (seed: number) => {
    const { bundle, arrChanges } = generateDemoData({ seed, accounts: 24, now: clock });
    expect((await admin.post(paths.import('replace'), { ...bundle, arrChanges })).status).toBe(200);
  };

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY });
    admin = client(server.url, await makeToken(db, workspace, 'admin'));
    await load(12);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('computes the period last asked for the new day just after midnight, so the first request of the day reads nothing', async () => {
    clock = new Date('2026-11-30T15:00:00Z');
    const later = laterWork();
    const kept = new KeptDashboards({ db: recorded, log: () => {}, now, schedule: later.schedule });
    await kept.dashboard(recorded, workspace, settings, firstDashboardFilter(clock));
    const [turn] = later.live();
    expect(turn?.ms).toBe(9 * 60 * 60 * 1000 + DAY_TURN_DELAY_MS);

    clock = new Date('2026-12-01T00:01:00Z');
    later.runLive();
    await kept.settled();
    const view = dashboardView(await expectAtHand(() => kept.dashboard(recorded, workspace, settings, firstDashboardFilter(clock))));
    expect(view.asOf).toBe('2026-12-01');
    expect(view).toEqual(await fromScratch(clock));
    // And armed for the next midnight.
    expect(later.live().map((t) => t.ms)).toEqual([(24 * 60 - 1) * 60 * 1000 + DAY_TURN_DELAY_MS]);
    kept.close();
    expect(later.live()).toEqual([]);
  });

  it('computes the figures once imports have settled, with what they brought', async () => {
    clock = new Date('2026-12-01T10:00:00Z');
    const later = laterWork();
    const kept = new KeptDashboards({ db: recorded, log: () => {}, now, schedule: later.schedule });
    const before = dashboardView(await kept.dashboard(recorded, workspace, settings, firstDashboardFilter(clock)));
    await load(13);
    kept.imported(workspace);
    await load(14);
    kept.imported(workspace);
    // One computation for the two imports, after the last; besides it, only the day's turn waits.
    const imports = later.live().filter((t) => t.ms === IMPORT_SETTLE_MS);
    expect(imports).toHaveLength(1);
    imports[0]!.live = false;
    imports[0]!.run();
    await kept.settled();
    const after = dashboardView(await expectAtHand(() => kept.dashboard(recorded, workspace, settings, firstDashboardFilter(clock))));
    expect(after).toEqual(await fromScratch(clock));
    expect(after).not.toEqual(before);
    kept.close();
  });

  it('keeps to the asker’s day, which need not be the server’s: after an import the same period, on the new day the next', async () => {
    // Early morning UTC: the evening before for a person in California, whose page asks for a period ending that day.
    clock = new Date('2026-12-01T03:00:00Z');
    // (The page takes its day from the person's clock; here a date on that day stands for it.)
    const theirs = firstDashboardFilter(new Date('2026-11-30T12:00:00Z'));
    expect(theirs.to).toBe('2026-11-30');
    const later = laterWork();
    const kept = new KeptDashboards({ db: recorded, log: () => {}, now, schedule: later.schedule });
    await kept.dashboard(recorded, workspace, settings, theirs);
    await load(16);
    kept.imported(workspace);
    const settle = later.live().find((t) => t.ms === IMPORT_SETTLE_MS)!;
    settle.live = false;
    settle.run();
    await kept.settled();
    await expectAtHand(() => kept.dashboard(recorded, workspace, settings, theirs));

    // The next midnight UTC: their next day's period is ready for them.
    clock = new Date('2026-12-02T00:01:00Z');
    later.runLive();
    await kept.settled();
    const next = firstDashboardFilter(new Date('2026-12-01T12:00:00Z'));
    expect(next.to).toBe('2026-12-01');
    await expectAtHand(() => kept.dashboard(recorded, workspace, settings, next));
    kept.close();
  });

  it('leaves alone a workspace whose dashboard no one asked for in a week, and workspaces never asked for', async () => {
    clock = new Date('2026-12-01T10:00:00Z');
    const later = laterWork();
    const kept = new KeptDashboards({ db: recorded, log: () => {}, now, schedule: later.schedule });
    kept.imported(workspace);
    expect(later.live()).toEqual([]);
    await kept.dashboard(recorded, workspace, settings, firstDashboardFilter(clock));
    clock = addMinutes(addDays(new Date('2026-12-01T00:00:00Z'), AHEAD_FOR_DAYS + 1), 1);
    await expectAtHand(async () => {
      later.runLive();
      await kept.settled();
    });
    expect(later.live()).toEqual([]);
    kept.close();
  });

  it('is wired to the server: a dashboard asked arms the day’s turn, imports wait to settle, closing cancels both', async () => {
    clock = new Date('2026-12-01T18:30:00Z');
    const later = laterWork();
    const other = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY, now, schedule: later.schedule });
    try {
      const reader = client(other.url, await makeToken(db, workspace, 'read-only'));
      const own = client(other.url, await makeToken(db, workspace, 'admin'));
      const reply = await reader.post(paths.dashboard(), { filter: firstDashboardFilter(clock), settings });
      expect(reply.status).toBe(200);
      expect(reply.body.asOf).toBe(toIsoDate(clock));
      expect(later.live().map((t) => t.ms)).toEqual([(5 * 60 + 30) * 60 * 1000 + DAY_TURN_DELAY_MS]);
      const { bundle } = generateDemoData({ seed: 15, accounts: 6, now: clock });
      for (const mode of ['replace', 'merge'] as const) expect((await own.post(paths.import(mode), bundle)).status).toBe(200);
      expect(
        later
          .live()
          .map((t) => t.ms)
          .sort((a, b) => a - b),
      ).toEqual([IMPORT_SETTLE_MS, (5 * 60 + 30) * 60 * 1000 + DAY_TURN_DELAY_MS]);
    } finally {
      await other.close();
    }
    expect(later.live()).toEqual([]);
  });
});
