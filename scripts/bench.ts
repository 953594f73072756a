// Speed goals, measured outside the unit tests: `npm run bench` prints a
// table; `npm run bench -- --strict` exits non-zero when a budget is missed,
// and `--only TEXT` runs the measurements whose name contains TEXT.
// Add a measurement by appending an async function to MEASUREMENTS.
import 'fake-indexeddb/auto';
import { spawnSync } from 'node:child_process';
import { benchServer } from './bench-server';
import { measureOutboxReplay } from '../test/servers/outbox-replay-bench';
import { measureContentScript, measureInBrowser } from './bench-browser';
import { measureDashboard, measureDashboardPage, measureDashboardServer } from './bench-dashboard';
import { measureTenTabs } from './bench-tabs';
import { measureLiveUpdates } from './bench-live';
import { generateDemoPortfolio } from '../lib/demo/generate';
import { createRng } from '../lib/demo/prng';
import { LocalStore } from '../lib/data/local/store';
import type { CrmRecordRef } from '../lib/core/domain';
import { percentile, printTable, row, slicesByAccount, withoutRecords, type BenchRow, type Measurement } from './bench-lib';

// ---------------------------------------------------------------------------
// Local store at portfolio scale
// ---------------------------------------------------------------------------

const ACCOUNTS = 10_000;
const CAPTURES = 50_000; // commitments + risk flags
const LOOKUPS = 1_000;
const LOOKUP_P95_BUDGET_MS = 5;

const benchRef = (i: number): CrmRecordRef => ({
  platform: 'salesforce',
  host: 'bench.lightning.force.com',
  objectType: 'Account',
  kind: 'account',
  recordId: `001BENCH${String(i).padStart(10, '0')}`,
});

async function timeEach<T>(items: readonly T[], fn: (item: T) => Promise<boolean>): Promise<{ times: number[]; wrong: number }> {
  const times: number[] = [];
  let wrong = 0;
  for (const item of items) {
    const t0 = performance.now();
    const ok = await fn(item);
    times.push(performance.now() - t0);
    if (!ok) wrong++;
  }
  times.sort((a, b) => a - b);
  return { times, wrong };
}

async function measureLocalStore(): Promise<BenchRow[]> {
  const now = new Date('2025-06-16T12:00:00Z');
  const bundle = generateDemoPortfolio({ seed: 99, accounts: ACCOUNTS, now });
  // Every account is linked to a CRM record, as in a team that has used the panel for a while.
  bundle.accounts.forEach((a, i) => a.crmRefs.push(benchRef(i)));
  const rng = createRng(1234);
  const template = bundle.commitments.find((c) => c.accountId !== null)!;
  for (let n = 0; bundle.commitments.length + bundle.flags.length < CAPTURES; n++) {
    bundle.commitments.push({ ...template, id: `cmt_bench_${n}`, accountId: bundle.accounts[rng.int(0, ACCOUNTS - 1)]!.id });
  }

  const store = new LocalStore({ dbName: 'seamline-bench', now: () => now });
  // Loaded in chunks of accounts with everything that belongs to them: each
  // chunk is one atomic import, and twenty transactions of ~8k rows stay
  // clear of fake-indexeddb's cost growing faster than linearly with the size
  // of a single transaction (browsers do not have that problem).
  const chunks = slicesByAccount(bundle, ACCOUNTS / 20);
  const t0 = performance.now();
  await store.importAll(withoutRecords(bundle), 'replace');
  for (const chunk of chunks) await store.importAll(chunk, 'merge');
  const loadMs = performance.now() - t0;

  const sample = Array.from({ length: LOOKUPS }, () => rng.int(0, ACCOUNTS - 1));
  const byRecord = await timeEach(sample, async (i) => {
    const r = await store.resolveRecord(benchRef(i));
    return r.status === 'linked' && r.matchedBy === 'record' && r.accountId === bundle.accounts[i]!.id;
  });
  const byDomain = await timeEach(sample, async (i) => {
    const a = bundle.accounts[i]!;
    const r = await store.resolveRecord({ ...benchRef(i), recordId: 'unlinked', websiteDomain: `https://www.${a.websiteDomain}/pricing` });
    return r.status === 'linked' && r.matchedBy === 'domain' && r.accountId === a.id;
  });
  const byName = await timeEach(sample, async (i) => {
    const a = bundle.accounts[i]!;
    const r = await store.resolveRecord({ ...benchRef(i), recordId: 'unlinked', name: a.name.toUpperCase() });
    return r.status === 'linked' && r.matchedBy === 'name' && r.accountId === a.id;
  });
  const context = await timeEach(sample.slice(0, 200), async (i) => (await store.getAccountContext(bundle.accounts[i]!.id)) !== null);
  // The account picker searches as the person types.
  const search = await timeEach(sample.slice(0, 50), async (i) => {
    const page = await store.listAccounts({ search: bundle.accounts[i]!.name.slice(0, 6), limit: 20 });
    return page.items.length > 0;
  });
  await store.close();

  const rows: BenchRow[] = [
    row(
      `local: load ${ACCOUNTS} accounts, ${bundle.snapshots.length} snapshots, ${bundle.commitments.length + bundle.flags.length} captures (${chunks.length} imports)`,
      loadMs,
      'ms',
      null,
    ),
  ];
  for (const [label, r] of [
    ['record ref', byRecord],
    ['website domain', byDomain],
    ['account name', byName],
  ] as const) {
    rows.push(row(`local: resolveRecord by ${label}, median`, percentile(r.times, 50), 'ms', null));
    rows.push(row(`local: resolveRecord by ${label}, p95`, percentile(r.times, 95), 'ms', LOOKUP_P95_BUDGET_MS));
    rows.push(row(`local: resolveRecord by ${label}, wrong answers`, r.wrong, 'count', 0));
  }
  rows.push(row('local: getAccountContext, median', percentile(context.times, 50), 'ms', null));
  rows.push(row('local: getAccountContext, p95', percentile(context.times, 95), 'ms', null));
  rows.push(row('local: listAccounts search (20 of 10,000), median', percentile(search.times, 50), 'ms', null));
  rows.push(row('local: listAccounts search, wrong answers', search.wrong, 'count', 0));
  return rows;
}

// ---------------------------------------------------------------------------

async function measureServer(): Promise<BenchRow[]> {
  const results = await benchServer();
  // A rate's budget is a floor; the server bench already judged pass/fail.
  return results.map((r) => ({ ...r, floor: r.unit.endsWith('/s') }));
}

async function measureOutbox(): Promise<BenchRow[]> {
  const f = await measureOutboxReplay(1000);
  return [
    row('outbox: queue 1,000 offline writes', f.enqueueMs, 'ms', null),
    row('outbox: replay 1,000 writes over HTTP, per write', f.replayPerWriteMs, 'ms', null),
    row('outbox: every write applied exactly once, in order', f.appliedOnce ? 0 : 1, 'failures', 0),
  ];
}

export const MEASUREMENTS: { name: string; run: Measurement }[] = [
  { name: 'content script', run: measureContentScript },
  { name: 'real browser (navigation, cross-page change)', run: measureInBrowser },
  { name: 'ten CRM tabs (memory, panel open, page script)', run: measureTenTabs },
  { name: 'local store', run: measureLocalStore },
  { name: 'alignment dashboard', run: measureDashboard },
  { name: 'alignment dashboard page', run: measureDashboardPage },
  // The goal is 100,000 accounts in ≤ 1 s p95; loading that many through the API takes far longer than a
  // bench run, so the run measures 10,000 (printed without the budget) and scripts/bench-dashboard.ts takes --server-accounts.
  { name: 'alignment dashboard on the team backend (10,000 accounts)', run: () => measureDashboardServer(10_000) },
  { name: 'team backend server', run: measureServer },
  { name: 'outbox replay', run: measureOutbox },
  { name: 'live updates (two profiles, one server)', run: measureLiveUpdates },
];

async function main(): Promise<void> {
  const strict = process.argv.includes('--strict');
  // The browser figures are taken on a fresh production build, and on a fresh
  // test build where a tab must say it is not shown (bench-tabs.ts).
  for (const script of ['build', 'build:e2e']) {
    const build = spawnSync('npm', ['run', script, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error(`npm run ${script} failed`);
  }
  // --only TEXT runs the measurements whose name contains TEXT (repeatable).
  const only = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--only' ? [a] : []));
  const rows: BenchRow[] = [];
  for (const m of MEASUREMENTS.filter((m) => only.length === 0 || only.some((t) => m.name.includes(t)))) {
    process.stderr.write(`measuring ${m.name}…\n`);
    rows.push(...(await m.run()));
  }
  printTable(rows);
  const failed = rows.filter((r) => !r.pass);
  if (failed.length > 0) {
    console.log(`\n${failed.length} measurement(s) over budget.`);
    if (strict) process.exitCode = 1;
  }
}

await main();
