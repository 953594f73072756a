// The alignment dashboard at portfolio scale: 10,000 accounts with 18 months
// of ARR history, computed the way the background does (DataService over the
// local store's port, from what the store reads for it), first open and then
// filter changes, until the page holds the parsed view: in Chromium's engine,
// where the background runs (a fresh worker for each first open, as after the
// service worker was stopped), and in Node's; then the page in the real build,
// and the team backend.
// Run alone: npx tsx scripts/bench-dashboard.ts
import 'fake-indexeddb/auto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dashboardSettingsOf, lastDays, type DashboardFilter } from '../lib/core/domain/dashboard';
import { toIsoDate } from '../lib/core/domain/dates';
import { DATA_METHODS } from '../lib/core/messages/data-methods';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { generateDemoData } from '../lib/demo/generate';
import { DataService } from '../lib/data/service';
import { LocalStore } from '../lib/data/local/store';
import { CHROMIUM, launchWithExtension, waitFor } from '../e2e/harness/browser';
import { dataCall, workerStopper } from '../e2e/harness/extension';
import { startFixtureServer } from '../e2e/harness/fixture-server';
import { CALL_OUT } from '../e2e/harness/dashboard-figures';
import { keptViews, replaceKeptViews } from '../e2e/harness/kept-views';
import { percentile, printTable, row, slicesByAccount, type BenchRow } from './bench-lib';
import { paths } from '../lib/core/http-contract';
import { CHANNEL } from '../lib/core/messages/channel';
import { emptyExportBundle } from '../lib/core/model';
import { firstDashboardFilter } from '../lib/core/domain/dashboard/periods';
import { subDays } from 'date-fns';
import { DASHBOARD_DAY_ALARM } from '../entrypoints/background/dashboard-day';
import { openPglite, openPostgres, type Db } from '../server/base/db';
import { randomBytes } from 'node:crypto';
import type { EngineRun, EngineTimes } from './bench-dashboard-engine';
import { portOverRead, receivedView } from './bench-dashboard-port';
import { DASHBOARD_DATA_MEASURE } from '../components/dashboard/data-mark';
import { client, makeToken, startServer } from '../test/server';
import { IMPORT_SETTLE_MS } from '../server/routes/dashboard';

const ACCOUNTS = 10_000;
const BUDGET_MS = 300;
const now = new Date('2026-06-16T12:00:00Z');

// The owner AEs or CSMs the accounts name, each once, in the order first named: the people a filter can choose.
function namesIn(accounts: readonly { ownerAe?: string | undefined; csm?: string | undefined }[], field: 'ownerAe' | 'csm'): string[] {
  return [...new Set(accounts.flatMap((a) => (a[field] ? [a[field]] : [])))];
}

export async function measureDashboard(): Promise<BenchRow[]> {
  const { bundle, arrChanges } = generateDemoData({ seed: 5, accounts: ACCOUNTS, now });
  // The store's own read of the dashboard's inputs: of the readings only those
  // it marked as they were written, of the checklists those in the handoff
  // window, of the success plans the first-value milestones. Its time is left
  // out on purpose: fake-indexeddb is many times slower than a browser's
  // IndexedDB, so it would say nothing about either.
  const store = new LocalStore({ dbName: 'seamline-bench-dashboard', now: () => now });
  for (const [i, slice] of slicesByAccount({ ...bundle, arrChanges }, 500).entries()) await store.importAll(slice, i === 0 ? 'replace' : 'merge');
  const read = await store.dashboardDataAt(now);
  await store.close();
  // A browser's store lives on disk, not in the worker's heap: fake-indexeddb's would make every collection slower.
  await new Promise((done, failed) => {
    const request = indexedDB.deleteDatabase('seamline-bench-dashboard');
    request.onsuccess = done;
    request.onerror = () => failed(request.error);
  });
  const port = portOverRead(read);
  const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
  const owners = namesIn(bundle.accounts, 'ownerAe');
  const csms = namesIn(bundle.accounts, 'csm');
  const filters: DashboardFilter[] = [
    lastDays(now, 90),
    lastDays(now, 365),
    { ...lastDays(now, 180), segment: 'enterprise' },
    { ...lastDays(now, 180), segment: 'smb' },
    ...owners.slice(0, 8).map((ownerAe) => ({ ...lastDays(now, 365), ownerAe })),
    ...csms.slice(0, 8).map((csm) => ({ ...lastDays(now, 90), csm })),
  ];

  const first: number[] = [];
  const changes: number[] = [];
  const drills: number[] = [];
  let bytes = 0;
  for (let run = 0; run < 5; run++) {
    // A new service each run: nothing is kept from the run before.
    const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings });
    let t0 = performance.now();
    const view = receivedView(await service.getDashboard(filters[0]!));
    first.push(performance.now() - t0);
    bytes = JSON.stringify(view).length;
    // Opening the largest number: its first page of accounts.
    const list = view.alignment.funnel[0]!.accountIds;
    t0 = performance.now();
    DATA_METHODS.getDashboardRows.result.parse(
      JSON.parse(JSON.stringify(await service.getDashboardRows({ filter: filters[0]!, list: list.key, offset: 0, limit: 50 }))),
      { jitless: true },
    );
    drills.push(performance.now() - t0);
    for (const f of filters.slice(1)) {
      t0 = performance.now();
      receivedView(await service.getDashboard(f));
      changes.push(performance.now() - t0);
    }
  }
  first.sort((a, b) => a - b);
  changes.sort((a, b) => a - b);
  drills.sort((a, b) => a - b);
  // This process's collector would otherwise work on its large heap on the machine's other core while the browser's
  // worker computes: it collects now, before the browser starts.
  collectGarbage();
  const engine = await measureInChromium({ read: JSON.stringify(read), now: now.toISOString(), filters }, bytes);
  const n = ACCOUNTS.toLocaleString('en');
  return [
    row(
      `dashboard: ${n} accounts, ${read.data.snapshots.length} of ${bundle.snapshots.length} readings (those marked for it), ${arrChanges.length} ARR changes — in Chromium, each first open in a fresh worker: median`,
      percentile(engine.first, 50),
      'ms',
      null,
    ),
    ...tailRows('dashboard in Chromium: first open', engine.first, BUDGET_MS),
    row(`dashboard in Chromium: filter change (${engine.changes.length}), p95`, percentile(engine.changes, 95), 'ms', BUDGET_MS),
    row(`dashboard in Node ${process.versions.node} (V8 ${process.versions.v8}), one process: first open, median`, percentile(first, 50), 'ms', null),
    row('… first open (the first of them with no code compiled yet), p95', percentile(first, 95), 'ms', null),
    row(`… filter change (${changes.length}), median`, percentile(changes, 50), 'ms', null),
    row('… filter change, p95', percentile(changes, 95), 'ms', null),
    row('dashboard: view the page receives', Math.round(bytes / 1024), 'KiB', null),
    row('dashboard: first page of a drill-down (50 accounts), p95', percentile(drills, 95), 'ms', null),
  ];
}

/**
 * The rows a budget holds `times` to, named with how many they are of: their
 * p95, the slowest beside it, from 20 on; below 20 the nearest-rank p95 is the
 * slowest, and is named so.
 */
function tailRows(name: string, times: readonly number[], budget: number | null): BenchRow[] {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.length >= 20
    ? [row(`${name}, p95 of ${sorted.length}`, percentile(sorted, 95), 'ms', budget), row('… the slowest of them', sorted.at(-1)!, 'ms', null)]
    : [row(`${name}, the slowest of ${sorted.length}`, percentile(sorted, 95), 'ms', budget)];
}

// Fresh workers in Chromium, one first open each: every one starts with no code compiled, as the background does
// after Chrome stopped its idle service worker. With 20 the p95 is the second slowest (of 10 it was the slowest).
const ENGINE_WORKERS = 20;

/**
 * The same computation in the engine the background runs on (Node's
 * figures come from an older V8): the background's code bundled as a
 * dedicated worker's script (scripts/bench-dashboard-engine.ts), each worker
 * given the store's read and the same filters.
 */
async function measureInChromium(run: EngineRun, bytes: number): Promise<{ first: number[]; changes: number[] }> {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./bench-dashboard-engine.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    minify: true,
    platform: 'browser',
    write: false,
    logLevel: 'warning',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new'] });
  const first: number[] = [];
  const changes: number[] = [];
  try {
    const page = await browser.newPage();
    // Handed over once: the page keeps the read and the script for every worker.
    await page.evaluate(([script, message]) => Object.assign(globalThis, { benchScript: script, benchRun: message }), [
      bundled.outputFiles[0]!.text,
      run,
    ] as const);
    for (let i = 0; i < ENGINE_WORKERS; i++) {
      const times = await page.evaluate(
        () =>
          new Promise<EngineTimes>((resolve, reject) => {
            const { benchScript, benchRun } = globalThis as unknown as { benchScript: string; benchRun: EngineRun };
            const worker = new Worker(URL.createObjectURL(new Blob([benchScript], { type: 'text/javascript' })));
            worker.onmessage = ({ data }: MessageEvent<EngineTimes>) => {
              worker.terminate();
              resolve(data);
            };
            worker.onerror = (event) => reject(new Error(event.message));
            worker.postMessage(benchRun);
          }),
      );
      if (times.bytes !== bytes) throw new Error(`the view computed in Chromium is ${times.bytes} bytes, in Node ${bytes}`);
      first.push(times.first);
      changes.push(...times.changes);
    }
  } finally {
    await browser.close();
  }
  return { first: first.sort((a, b) => a - b), changes: changes.sort((a, b) => a - b) };
}

const PAINT_BUDGET_MS = 500;
interface Open {
  // The first figures painted: the current ones, or those kept earlier, marked as such, while the current ones are computed.
  painted: number;
  // The current figures painted.
  current: number;
  answered: number;
  // Whether the first figures painted were those kept earlier.
  earlier: boolean;
}
// Each open's figures are timed 20 times where an open costs a few seconds, so that a row's p95 is the second slowest
// (the slowest is printed beside it); with 5 it was the slowest, which this machine's two cores move by up to 150 ms
// from run to run. An open that waits for the worker to go idle (30 s) is timed 5 times, and its row holds the slowest
// of them to the budget.
const PAGE_OPENS = 20;
const IDLE_OPENS = 5;
// A filter changed is timed as often, for the same reason.
const CHANGE_OPENS = 20;
// Chrome stops an extension's service worker after 30 s without an event, never sooner.
const WORKER_IDLE_MS = 30_000;
// How long a person looks at the first figures before changing a filter: the background's read ahead of the whole
// store (READ_AHEAD_AFTER_MS after its answer, some 0.8 s of work in a worker just started) is under way by then.
const READING_PAUSE_MS = 1_000;

/**
 * The dashboard page in the real build over the same 10,000 accounts, loaded
 * into the extension's local store: from navigation to the first figures
 * painted (the funnel's call-out), on the page's own clock.
 */
export async function measureDashboardPage(): Promise<BenchRow[]> {
  const { bundle, arrChanges } = generateDemoData({ seed: 5, accounts: ACCOUNTS, now: new Date() });
  const server = await startFixtureServer();
  const browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  // Each open's first figures painted (from navigation) and its data ready (from the page's first request to its reply).
  const paints: Open[] = [];
  const restarted: Open[] = [];
  const afterWrite: Open[] = [];
  const stoppedAtOnce: Open[] = [];
  const newDayNoAlarm: Open[] = [];
  const newDay: Open[] = [];
  const afterOtherFilters: Open[] = [];
  // Filter changes made in the page, timed there: right after it opened from a stopped worker, and the ones after.
  const firstChanges: number[] = [];
  const laterChanges: number[] = [];
  // A filter changed after a person has read the first figures for a moment.
  const pausedChanges: number[] = [];
  // `inPage` runs once the current figures are painted, before the page closes.
  const openOnce = async (inPage?: (page: Page) => Promise<void>): Promise<Open> => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    // Timed in the page, each frame: the first figures (the call-out on screen), whether they were the earlier ones,
    // and the current figures.
    const seen = await page.waitForFunction(
      (text) => {
        const at = globalThis as unknown as { firstFigures?: [number, boolean] };
        if (!at.firstFigures && document.body.innerText.includes(text)) {
          at.firstFigures = [performance.now(), document.querySelector('[data-figures="earlier"]') !== null];
        }
        return at.firstFigures && document.querySelector('[data-figures="current"]') ? ([...at.firstFigures, performance.now()] as const) : false;
      },
      CALL_OUT,
      { timeout: 60_000, polling: 'raf' },
    );
    const [painted, earlier, current] = (await seen.jsonValue()) as readonly [number, boolean, number];
    const [answered] = await page.evaluate(
      (measure) => performance.getEntriesByName(measure, 'measure').map((m) => m.duration),
      DASHBOARD_DATA_MEASURE,
    );
    if (answered === undefined) throw new Error('the page painted figures but its first request was not measured');
    await inPage?.(page);
    await page.close();
    // A worker that answered from the kept figures reads the store meanwhile,
    // for the drill-downs and filters that follow, on its only thread: the
    // next open would wait behind that read (and a worker stopped mid-read
    // would leave it queued). Waiting for the agenda waits for the read.
    await dataCall(browser, 'getDashboardAgenda', firstDashboardFilter(new Date()));
    return { painted, current, answered, earlier };
  };
  try {
    // Loaded in slices of accounts with everything that belongs to them: one message each.
    const SLICE = 500;
    for (const [i, slice] of slicesByAccount({ ...bundle, arrChanges }, SLICE).entries()) {
      await dataCall(browser, 'importAll', slice, i === 0 ? 'replace' : 'merge');
    }
    const blank = await browser.context.newPage();
    const worker = await workerStopper(browser, blank);
    // As a person opens it after loading a portfolio: the background computes
    // the view the page opens on once the import's writes are over, and Chrome
    // stops the worker WORKER_IDLE_MS after its last event. Opened before the
    // background's figures, the page waits for the store's read: the row "…
    // the worker stopped right after the write" below.
    await new Promise((r) => setTimeout(r, WORKER_IDLE_MS));
    await worker.stop();
    for (let run = 0; run < PAGE_OPENS; run++) paints.push(await openOnce());
    // As after a while away: the browser stopped the idle worker, and with it
    // every figure it held in memory. Nothing was written since.
    for (let run = 0; run < PAGE_OPENS; run++) {
      await worker.stop();
      restarted.push(await openOnce());
    }
    // As in a review: filters changed as soon as the page opened from a
    // stopped worker (the first reads the inputs the store kept packed, which
    // answering from the kept figures put off, and unpacks the accounts it
    // selects; so does the CSM's, which picks others), then more; the page
    // opened again once the worker stopped. No run's choices are kept: the
    // runs go round 6 owners and 6 CSMs, so the figures kept before the runs
    // are put back before each (a choice whose figures are kept is answered
    // without a computation).
    const owners = namesIn(bundle.accounts, 'ownerAe');
    const csms = namesIn(bundle.accounts, 'csm');
    const tool = await browser.context.newPage();
    await tool.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const keptBefore = await keptViews(tool);
    const freshChoices = async () => {
      await replaceKeptViews(tool, keptBefore);
      await worker.stop();
    };
    const changeFilter = (page: Page, filter: DashboardFilter) =>
      page.evaluate(
        async (message) => {
          const t0 = performance.now();
          const reply = (await chrome.runtime.sendMessage(message)) as { ok?: boolean } | undefined;
          if (!reply?.ok) throw new Error('the dashboard of another filter was not given');
          return performance.now() - t0;
        },
        { channel: CHANNEL, type: 'data', method: 'getDashboard', args: [filter] },
      );
    for (let run = 0; run < CHANGE_OPENS; run++) {
      const today = new Date();
      const choices: DashboardFilter[] = [
        { ...lastDays(today, 365), ownerAe: owners[run % owners.length]! },
        { ...lastDays(today, 180), ownerAe: owners[run % owners.length]! },
        { ...lastDays(today, 90), csm: csms[run % csms.length]! },
        { ...lastDays(today, 180), segment: 'enterprise', csm: csms[run % csms.length]! },
      ];
      await freshChoices();
      await openOnce(async (page) => {
        for (const [i, filter] of choices.entries()) (i === 0 ? firstChanges : laterChanges).push(await changeFilter(page, filter));
      });
      await worker.stop();
      afterOtherFilters.push(await openOnce());
    }
    // As a person who reads the first figures before changing a filter: the
    // change comes as the background reads the whole store ahead of the calls
    // (READ_AHEAD_AFTER_MS after its answer), which lets it in between steps.
    for (let run = 0; run < CHANGE_OPENS; run++) {
      await freshChoices();
      await openOnce(async (page) => {
        await new Promise((r) => setTimeout(r, READING_PAUSE_MS));
        pausedChanges.push(await changeFilter(page, { ...lastDays(new Date(), 365), ownerAe: owners[(run + 1) % owners.length]! }));
      });
    }
    // A reading logged in a panel on another account each time, then the
    // dashboard opened once the worker has stopped `idleMs` after it.
    let logged = 0;
    const afterReading = async (idleMs: number, into: Open[], opens: number) => {
      for (let run = 0; run < opens; run++, logged++) {
        const account = bundle.accounts[logged]!;
        await dataCall(browser, 'addHealthSnapshot', { accountId: account.id, date: toIsoDate(new Date()), adoptionPct: 40 + logged });
        if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
        await worker.stop();
        into.push(await openOnce());
      }
    };
    // As in a working day: Chrome stops a worker only after WORKER_IDLE_MS
    // without an event; by then the background has computed the kept figures
    // again with the reading in them.
    await afterReading(WORKER_IDLE_MS, afterWrite, IDLE_OPENS);
    // The same with the worker stopped right after the write, which no idle
    // worker is: the kept figures no longer hold, and the page waits for the
    // store's read.
    await afterReading(0, stoppedAtOnce, PAGE_OPENS);
    // A new day. Figures are kept for their day only, and the browser's clock
    // cannot be moved: the figures kept today are made yesterday's in the
    // store (the view the page opened on, for the period ending yesterday),
    // as a person who opened the dashboard yesterday leaves them. The page is
    // then opened with the worker stopped, as in the morning: without the
    // alarm, then after the alarm set yesterday (fired here at once) computed
    // the day's figures.
    // The figures kept of the view the page opens on (the other filters looked at above are kept too) made those of
    // the period ending yesterday, kept yesterday, and the only ones kept.
    const keptYesterday = async () => {
      const yesterday = subDays(new Date(), 1);
      const opening = (await keptViews(tool)).find((v) => v.opensOn);
      if (!opening) throw new Error('the figures of the view the page opens on are not kept');
      const [, settings] = JSON.parse(opening.key) as [unknown, unknown];
      const filter = firstDashboardFilter(yesterday);
      const key = JSON.stringify([filter, settings]);
      await replaceKeptViews(tool, [{ ...opening, key, view: { ...opening.view, filter, asOf: toIsoDate(yesterday) } }]);
    };
    for (let run = 0; run < PAGE_OPENS; run++) {
      await keptYesterday();
      await worker.stop();
      newDayNoAlarm.push(await openOnce());
      await keptYesterday();
      await worker.stop();
      await tool.evaluate((name) => chrome.alarms.create(name, { when: Date.now() }), DASHBOARD_DAY_ALARM);
      await waitFor(async () => (await keptViews(tool))[0]?.view.asOf === toIsoDate(new Date()), {
        timeout: 60_000,
        what: 'the new day’s figures',
      });
      await worker.stop();
      newDay.push(await openOnce());
    }
    await tool.close();
    await blank.close();
  } finally {
    await browser.close();
    await server.close();
  }
  const afterImport = paints[0]!;
  type Timed = Exclude<keyof Open, 'earlier'>;
  const ascending = (times: number[]) => [...times].sort((a, b) => a - b);
  const sorted = (opens: Open[], of: Timed) => ascending(opens.map((o) => o[of]));
  const tail = (name: string, opens: Open[], of: Timed, budget: number | null) =>
    tailRows(
      name,
      opens.map((o) => o[of]),
      budget,
    );
  const median = (opens: Open[], of: Timed) => percentile(sorted(opens, of), 50);
  const shownEarlier = (opens: Open[]) => `${opens.filter((o) => o.earlier).length} of ${opens.length} opens showed them`;
  return [
    row(
      `dashboard page over ${ACCOUNTS.toLocaleString('en')} local accounts, first open after the import (worker stopped when idle): first figures painted`,
      afterImport.current,
      'ms',
      null,
    ),
    row("… its data ready (from the page's first request to the reply in the page)", afterImport.answered, 'ms', null),
    // The first open woke the worker; it was still running for the others, opened one after another.
    row(`dashboard page, that open and the next ones (the worker running): first figures painted, median`, median(paints, 'current'), 'ms', null),
    ...tail('dashboard page, that open and the next ones (the worker running): first figures painted', paints, 'current', PAINT_BUDGET_MS),
    ...tail('… data ready', paints, 'answered', BUDGET_MS),
    ...tail('dashboard page after the worker stopped, nothing written since: first figures painted', restarted, 'current', PAINT_BUDGET_MS),
    ...tail('… data ready', restarted, 'answered', BUDGET_MS),
    ...tailRows(
      'dashboard page: a filter changed as soon as the page opened from a stopped worker (it reads the inputs kept packed, and unpacks the accounts it selects): data ready',
      firstChanges,
      BUDGET_MS,
    ),
    row(`… the filters changed after it, p95 of ${laterChanges.length}`, percentile(ascending(laterChanges), 95), 'ms', BUDGET_MS),
    ...tailRows(
      `dashboard page: a filter changed ${READING_PAUSE_MS / 1000} s after the page opened from a stopped worker painted its figures (as the background reads the whole store ahead): data ready`,
      pausedChanges,
      BUDGET_MS,
    ),
    ...tail(
      'dashboard page after four other filters were looked at and the worker stopped: first figures painted',
      afterOtherFilters,
      'current',
      PAINT_BUDGET_MS,
    ),
    ...tail('… data ready', afterOtherFilters, 'answered', BUDGET_MS),
    row('dashboard page after a reading was logged and the worker stopped: first figures painted, median', median(afterWrite, 'current'), 'ms', null),
    ...tail('dashboard page after a reading was logged and the worker stopped: first figures painted', afterWrite, 'current', PAINT_BUDGET_MS),
    ...tail('… data ready', afterWrite, 'answered', BUDGET_MS),
    ...tail(
      `… the worker stopped right after the write, before it computed the kept figures again (no idle worker stops so soon; as a page opened within seconds of an import): the figures kept before the write painted, marked as earlier (${shownEarlier(stoppedAtOnce)})`,
      stoppedAtOnce,
      'painted',
      PAINT_BUDGET_MS,
    ),
    row('… the same, current figures painted, median', median(stoppedAtOnce, 'current'), 'ms', null),
    ...tail('… the same, current figures painted', stoppedAtOnce, 'current', null),
    ...tail('… the same, data ready', stoppedAtOnce, 'answered', null),
    ...tail(
      `dashboard page on a new day (figures kept yesterday), the worker stopped, no alarm: yesterday’s figures painted, marked as such (${shownEarlier(newDayNoAlarm)})`,
      newDayNoAlarm,
      'painted',
      PAINT_BUDGET_MS,
    ),
    row('… today’s figures painted, median', median(newDayNoAlarm, 'current'), 'ms', null),
    ...tail('dashboard page on a new day, after the day’s alarm computed its figures: first figures painted', newDay, 'current', PAINT_BUDGET_MS),
    ...tail('… data ready', newDay, 'answered', BUDGET_MS),
  ];
}

const SERVER_ACCOUNTS = 100_000;
const SERVER_BUDGET_MS = 1_000;
// Of each kind of write: a health reading, and an account's ARR edited (with the ARR change it records).
const SERVER_WRITES = 10;
// A CRM sync: a merging import that moves this many accounts to another CSM, done this many times.
const SYNC_ACCOUNTS = 500;
const SYNCS = 3;

// A full collection now (the flag lets this process ask for one).
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

// The heap after a full collection.
function heapAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** The database the team backend's dashboard is measured on. */
export interface BenchDatabase {
  name: string;
  open(): Promise<Db>;
  close(db: Db): Promise<void>;
}

const pgliteDatabase: BenchDatabase = { name: 'PGlite', open: () => openPglite(), close: (db) => db.close() };

/**
 * A real PostgreSQL (the one a team runs the backend on): the workspace in a
 * schema of its own, dropped after, as the server suite does.
 */
function postgresDatabase(connectionString: string): BenchDatabase {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  return {
    name: 'PostgreSQL',
    open: () => openPostgres({ connectionString, schema }),
    close: async (db) => {
      try {
        await db.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

/**
 * The team backend's dashboard on PGlite (or PostgreSQL): a workspace of `accounts` demo
 * accounts with 18 months of history, imported in slices, then the view for
 * a year's period asked once, then twenty times over HTTP, each after a write
 * (a reading or an ARR edit, in turn; and once more with none); then after
 * merging imports (a CRM sync), asked at once and, for the last, once the
 * server computed it ahead; then under each of nine filters in turn, as a
 * person changing the page's; and the heap the server holds for it meanwhile
 * (the workspace's kept rows, their prepared portfolio and figures).
 */
export async function measureDashboardServer(accounts = SERVER_ACCOUNTS, database: BenchDatabase = pgliteDatabase): Promise<BenchRow[]> {
  const db = await database.open();
  const server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY, maxImportBytes: 200 * 1024 * 1024 });
  const times: number[] = [];
  const afterReading: number[] = [];
  const afterArrEdit: number[] = [];
  // The same call again with nothing written since (a page's follow-up calls).
  const repeats: number[] = [];
  const afterSync: number[] = [];
  let settledWait: number;
  let afterSettled: number;
  const syncs: number[] = [];
  const filterChanges: number[] = [];
  let cold: number;
  let held: number;
  try {
    const admin = client(server.url, await makeToken(db, 'bench', 'admin'));
    // The generated portfolio is the client's: let go once imported, so the
    // server under measurement does not collect garbage among gigabytes it
    // would never hold.
    const { accountIds, synced, filters } = await (async () => {
      const { bundle, arrChanges } = generateDemoData({ seed: 5, accounts, now });
      const SLICE = 5_000;
      for (const [i, slice] of slicesByAccount({ ...bundle, arrChanges }, SLICE).entries()) {
        const reply = await admin.post(paths.import(i === 0 ? 'replace' : 'merge'), slice);
        if (reply.status !== 200) throw new Error(`import failed with ${reply.status}`);
      }
      const csms = namesIn(bundle.accounts, 'csm');
      // Accounts away from those the writes below edit, each moved to the next CSM.
      // One more than SYNCS: the last is asked for once the server computed it ahead.
      const synced = Array.from({ length: SYNCS + 1 }, (_, k) =>
        bundle.accounts.slice(accounts - (k + 1) * SYNC_ACCOUNTS, accounts - k * SYNC_ACCOUNTS).map((a, i) => ({
          ...a,
          csm: csms[(csms.indexOf(a.csm ?? '') + 1 + i) % csms.length],
          version: a.version + 1,
        })),
      );
      const owners = namesIn(bundle.accounts, 'ownerAe');
      // A person changing the page's filters, in turn: the period the page opens on, then a segment, owner AEs and CSMs.
      const filters: DashboardFilter[] = [
        firstDashboardFilter(now),
        lastDays(now, 180),
        { ...lastDays(now, 180), segment: 'enterprise' },
        ...owners.slice(0, 3).map((ownerAe) => ({ ...lastDays(now, 365), ownerAe })),
        ...csms.slice(0, 3).map((csm) => ({ ...lastDays(now, 90), csm })),
      ];
      return { accountIds: bundle.accounts.slice(0, SERVER_WRITES + 1).map((a) => a.id), synced, filters };
    })();
    const accountId = accountIds[0]!;
    const reader = client(server.url, await makeToken(db, 'bench', 'read-only'));
    const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
    const ask = async (filter: DashboardFilter = lastDays(now, 365)) => {
      const t0 = performance.now();
      const reply = await reader.post(paths.dashboard(), { filter, settings });
      if (reply.status !== 200) throw new Error(`dashboard failed with ${reply.status}`);
      return performance.now() - t0;
    };
    // The first dashboard after the import reads the whole workspace; later
    // ones read again only the accounts written since.
    const heapBefore = heapAfterGc();
    cold = await ask();
    for (let run = 0; run < SERVER_WRITES; run++) {
      // A reading recorded before each call: the server keeps its last dashboard
      // until the workspace changes, and this measures the computation itself.
      const reading = await admin.post(paths.accountSnapshots(accountId), { date: now.toISOString().slice(0, 10), adoptionPct: 50 + run });
      if (reading.status !== 201) throw new Error(`snapshot failed with ${reading.status}`);
      afterReading.push(await ask());
      repeats.push(await ask());
      // An account's ARR edited: the accounts and the ARR history change, so every figure that reads ARR does.
      const edited = paths.account(accountIds[run + 1]!);
      const account = await admin.get(edited);
      const patched = await admin.patch(edited, { arr: account.body.arr + 1_000 }, { ifMatch: account.body.version });
      if (patched.status !== 200) throw new Error(`account edit failed with ${patched.status}`);
      afterArrEdit.push(await ask());
    }
    times.push(...afterReading, ...afterArrEdit);
    // A merging import names the accounts it touched: the dashboard after it reads only those again.
    const sync = async (slice: (typeof synced)[number]) => {
      const t0 = performance.now();
      const reply = await admin.post(paths.import('merge'), { ...emptyExportBundle(new Date().toISOString()), accounts: slice });
      if (reply.status !== 200) throw new Error(`sync import failed with ${reply.status}`);
      return performance.now() - t0;
    };
    for (const slice of synced.slice(0, SYNCS)) {
      syncs.push(await sync(slice));
      afterSync.push(await ask());
    }
    // The server computes the last choice asked IMPORT_SETTLE_MS after the last import, as long as the figures took.
    await sync(synced[SYNCS]!);
    settledWait = IMPORT_SETTLE_MS + 2 * Math.max(...afterSync);
    await new Promise((r) => setTimeout(r, settledWait));
    afterSettled = await ask();
    // Nothing written meanwhile: each filter's figures are computed from the records and health already at hand.
    for (const filter of filters) filterChanges.push(await ask(filter));
    held = heapAfterGc() - heapBefore;
  } finally {
    await server.close();
    await database.close(db);
  }
  for (const list of [times, repeats, afterReading, afterArrEdit, syncs, filterChanges]) list.sort((a, b) => a - b);
  const n = accounts.toLocaleString('en');
  // The budget is for the portfolio the issue names; a smaller run (a quick check) prints its figures without one.
  const budget = accounts >= SERVER_ACCOUNTS ? SERVER_BUDGET_MS : null;
  return [
    row(`dashboard on the team backend (${database.name}), ${n} accounts, first after an import (reads the workspace)`, cold, 'ms', null),
    row(
      `dashboard on the team backend, after a write (${SERVER_WRITES} readings, ${SERVER_WRITES} ARR edits): median`,
      percentile(times, 50),
      'ms',
      null,
    ),
    row('dashboard on the team backend, after a write: p95', percentile(times, 95), 'ms', budget),
    // Each kind of write on its own as well: among all twenty, one kind's slowest can hide behind the other's fast ones.
    row('dashboard on the team backend, after a reading: p95', percentile(afterReading, 95), 'ms', budget),
    row('dashboard on the team backend, after an ARR edit: p95', percentile(afterArrEdit, 95), 'ms', budget),
    row('dashboard on the team backend, asked again with no write since: p95', percentile(repeats, 95), 'ms', budget),
    row(`dashboard on the team backend: filter change (${filterChanges.length}), median`, percentile(filterChanges, 50), 'ms', null),
    row('dashboard on the team backend: filter change, p95', percentile(filterChanges, 95), 'ms', budget),
    row(`team backend: a merging import of ${SYNC_ACCOUNTS} accounts (a CRM sync), median of ${SYNCS}`, percentile(syncs, 50), 'ms', null),
    row('dashboard on the team backend after that import (reads those accounts again): slowest', Math.max(...afterSync), 'ms', null),
    row(
      `… the same import, the dashboard asked ${(settledWait / 1000).toFixed(0)} s after it (computed ahead once imports settle)`,
      afterSettled,
      'ms',
      null,
    ),
    row(
      'dashboard on the team backend: heap held for the workspace (kept rows, prepared portfolio, figures)',
      Math.round(held / 2 ** 20),
      'MiB',
      null,
    ),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  console.log(`load average ${one} ${five} ${fifteen} on ${cpus().length} CPUs`);
  // --no-local leaves out the local computation's rows (measureDashboard), for a run of the team backend's alone.
  const rows = process.argv.includes('--no-local') ? [] : [...(await measureDashboard())];
  if (!process.argv.includes('--no-page')) rows.push(...(await measureDashboardPage()));
  // --server-accounts N measures the team backend on a smaller workspace (no budget then).
  const at = process.argv.indexOf('--server-accounts');
  // --postgres measures it on the PostgreSQL of TEST_DATABASE_URL (server/scripts/start-test-postgres.sh prints one) instead of PGlite.
  const postgres = process.argv.includes('--postgres');
  if (postgres && !process.env.TEST_DATABASE_URL) throw new Error('--postgres needs TEST_DATABASE_URL');
  const database = postgres ? postgresDatabase(process.env.TEST_DATABASE_URL!) : pgliteDatabase;
  if (!process.argv.includes('--no-server')) {
    rows.push(...(await measureDashboardServer(at > 0 ? Number(process.argv[at + 1]) : SERVER_ACCOUNTS, database)));
  }
  printTable(rows);
  const [after] = loadavg().map((l) => l.toFixed(2));
  console.log(`load average after: ${after}`);
}
