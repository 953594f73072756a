import { describe, expect, it, vi } from 'vitest';
import {
  computeDashboard,
  dashboardOfExport,
  dashboardSettingsOf,
  dashboardView,
  lastDays,
  rowsOfKind,
  type Dashboard,
  type DashboardFilter,
} from '../core/domain/dashboard';
import { DEFAULT_SETTINGS } from '../core/domain/defaults';
import { DATA_METHODS } from '../core/messages/data-methods';
import { generateDemoData } from '../demo/generate';
import { accountDraft, commitmentDraft, flagDraft, freshStore } from '../../test/factories';
import { toIsoDate } from '../core/domain/dates';
import { dispatchData } from './rpc';
import { LocalStore } from './local/store';
import { DataService, dashboardViewKey } from './service';
import { dashboardFilterOf, firstDashboardFilter } from '../core/domain/dashboard/periods';

const now = new Date('2025-06-16T12:00:00Z');
const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
// For tests that count the store's reads after a write: the refresh of the kept figures, which reads it too, is tested on its own.
const NO_REFRESH = { keptRefreshAfterMs: 3_600_000 };

async function seeded() {
  const { bundle, arrChanges } = generateDemoData({ seed: 11, accounts: 80, now });
  const dbName = `seamline-test-${crypto.randomUUID()}`;
  const port = new LocalStore({ dbName, now: () => now });
  await port.importAll({ ...bundle, arrChanges }, 'replace');
  const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings });
  return { service, port, dbName, bundle, arrChanges };
}

describe('DataService.getDashboard on the local store', () => {
  it('computes the dashboard from the stored portfolio and its ARR history', async () => {
    const { service, port, bundle, arrChanges } = await seeded();
    const filter = lastDays(now, 365);
    const dashboard = await service.getDashboard(filter);
    const stored = await port.exportAll();
    const full = dashboardOfExport(stored, settings, filter, now);
    expect(dashboard).toEqual(dashboardView(full));
    // The store lists rows in its own order; the figures are those of the portfolio as generated.
    const generated = computeDashboard({ ...bundle, arrChanges }, settings, filter, now);
    const figures = (d: Dashboard | typeof dashboard) => ({
      misaligned: d.alignment.newClients.misalignedCount,
      funnel: d.alignment.funnel.map((s) => s.count),
      retention: d.retention.byCurrency.map((c) => [c.currency, c.nrrPercent, c.grrPercent, c.startArr, c.endArr]),
    });
    expect(figures(dashboard)).toEqual(figures(generated));
    // The demo's history makes retention real, not empty.
    expect(dashboard.retention.byCurrency.length).toBeGreaterThan(0);
  });

  it('pages through the accounts behind a number, with each row and its CRM address', async () => {
    const { service, port } = await seeded();
    const filter = lastDays(now, 365);
    const view = await service.getDashboard(filter);
    const stored = await port.exportAll();
    const full = dashboardOfExport(stored, settings, filter, now);
    const list = view.retention.byCurrency[0]!.cohortAccountIds;
    const ids = full.retention.byCurrency[0]!.cohortAccountIds;
    expect(list.count).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(5);
    const firstPage = await service.getDashboardRows({ filter, list: list.key, offset: 0, limit: 5 });
    const first = rowsOfKind(firstPage, 'accounts');
    const rest = rowsOfKind(await service.getDashboardRows({ filter, list: list.key, offset: 5, limit: 1000 }), 'accounts');
    expect(firstPage.total).toBe(ids.length);
    expect([...first, ...rest].map((r) => r.accountId)).toEqual(ids);
    const rowOf = new Map(full.alignment.accounts.map((a) => [a.accountId, a]));
    expect(first.map((r) => r.account)).toEqual(ids.slice(0, 5).map((id) => rowOf.get(id) ?? null));
    // The demo's accounts linked to CRM fixture records open there.
    const sf = stored.accounts.find((a) => a.crmRefs.some((r) => r.host === 'acme.lightning.force.com' && r.kind === 'account'))!;
    const one = rowsOfKind(await service.getDashboardRows({ filter, list: `account:${sf.id}`, offset: 0, limit: 1 }), 'accounts');
    expect(one[0]!.crmUrl).toMatch(/^https:\/\/acme\.lightning\.force\.com\/lightning\/r\/Account\/\w+\/view$/);
    await expect(service.getDashboardRows({ filter, list: 'retention.startArr', offset: 0, limit: 5 })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(service.getDashboardRows({ filter, list: 'constructor.accountIds', offset: 0, limit: 5 })).rejects.toMatchObject({
      kind: 'not-found',
    });
  });

  it('gives the whole agenda on request, of which the view carries the first items', async () => {
    const { service } = await seeded();
    const filter = lastDays(now, 365);
    const view = await service.getDashboard(filter);
    const agenda = await service.getDashboardAgenda(filter);
    expect(view.agendaTotals.atRisk).toBe(agenda.atRisk.length);
    expect(view.agenda.atRisk.map((a) => a.accountId)).toEqual(agenda.atRisk.slice(0, view.agenda.atRisk.length).map((a) => a.accountId));
  });

  it('applies the filter it is given', async () => {
    const { service, bundle } = await seeded();
    const owner = bundle.accounts.find((a) => a.ownerAe)!.ownerAe!;
    const all = await service.getDashboard(lastDays(now, 365));
    const one = await service.getDashboard({ ...lastDays(now, 365), ownerAe: owner });
    expect(one.filter.ownerAe).toBe(owner);
    expect(one.capacity.quarterEnd.total.deals).toBeLessThanOrEqual(all.capacity.quarterEnd.total.deals);
    expect(JSON.stringify(one)).not.toEqual(JSON.stringify(all));
  });

  it('sees ARR edits made through the service at once', async () => {
    const port = freshStore({ now: () => now });
    const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings });
    const a = await service.createAccount(accountDraft({ arr: 100_000, closedWonDate: '2025-01-10' }));
    const period = { from: '2025-01-01', to: '2025-06-16' };
    const before = await service.getDashboard(period);
    await service.updateAccount(a.id, { arr: 150_000 }, a.version);
    const after = await service.getDashboard(period);
    expect(JSON.stringify(after.retention)).not.toEqual(JSON.stringify(before.retention));
  });

  it('reads the local portfolio once across filter changes, and again after a write, on another day or with other weights', async () => {
    const { port, bundle } = await seeded();
    let clock = now;
    let current = settings;
    const service = new DataService({ port, now: () => clock, dashboardSettings: async () => current, ...NO_REFRESH });
    const reads = vi.spyOn(port, 'dashboardDataAt');
    const owner = bundle.accounts.find((a) => a.ownerAe)!.ownerAe!;
    const first = await service.getDashboard(lastDays(now, 365));
    await service.getDashboard({ ...lastDays(now, 365), ownerAe: owner });
    await service.getDashboard(lastDays(now, 90));
    expect(reads).toHaveBeenCalledTimes(1);
    // Served from what was kept, the figures are the ones a fresh read gives.
    const again = await service.getDashboard(lastDays(now, 365));
    const stored = await port.exportAll();
    reads.mockClear();
    expect(again).toEqual(dashboardView(dashboardOfExport(stored, settings, lastDays(now, 365), now)));
    expect(again).toEqual(first);

    const account = bundle.accounts[0]!;
    const fresh = (await port.getAccountContext(account.id))!.account;
    await service.updateAccount(account.id, { arr: fresh.arr + 1 }, fresh.version);
    await service.getDashboard(lastDays(now, 365));
    expect(reads).toHaveBeenCalledTimes(1);

    current = { ...settings, healthWeights: { ...settings.healthWeights, adoption: settings.healthWeights.adoption + 1 } };
    await service.getDashboard(lastDays(now, 365));
    expect(reads).toHaveBeenCalledTimes(2);

    clock = new Date(now.getTime() + 86_400_000);
    await service.getDashboard(lastDays(clock, 365));
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it('takes a logged reading, commitment or flag into the kept portfolio, with the figures a fresh read gives', async () => {
    const { port, bundle } = await seeded();
    const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings, ...NO_REFRESH });
    const reads = vi.spyOn(port, 'dashboardDataAt');
    await service.getDashboard(lastDays(now, 365));
    expect(reads).toHaveBeenCalledTimes(1);

    // A reading on a date the account already has a reading for: of the two, the store's order decides.
    const stored = await port.exportAll();
    reads.mockClear();
    const read = stored.snapshots.find((s) => s.date <= toIsoDate(now))!;
    const account = bundle.accounts.find((a) => a.id === read.accountId)!;
    await service.addHealthSnapshot({ accountId: account.id, date: read.date, adoptionPct: 3, escalations: 4, sponsorEngagement: 'none' });
    await service.addHealthSnapshot({ accountId: account.id, date: toIsoDate(now), adoptionPct: 1, openTickets: 9 });
    const made = await service.createCommitment(commitmentDraft(account.id, { madeOn: toIsoDate(now) }));
    await service.updateCommitment(made.id, { status: 'broken' }, made.version);
    const raised = await service.createFlag(flagDraft(account.id, { category: 'overpromise' }));
    await service.updateFlag(raised.id, { resolved: true }, raised.version);
    await service.createFlag(flagDraft(null));

    const filters = [lastDays(now, 365), lastDays(now, 14), { ...lastDays(now, 548), ownerAe: account.ownerAe! }];
    for (const filter of filters) {
      const kept = await service.getDashboard(filter);
      expect(reads).toHaveBeenCalledTimes(0);
      const fresh = await port.exportAll();
      reads.mockClear();
      expect(kept).toEqual(dashboardView(dashboardOfExport(fresh, settings, filter, now)));
    }
    const agenda = await service.getDashboardAgenda(filters[0]!);
    expect(agenda.atRisk.some((a) => a.accountId === account.id)).toBe(true);
    expect(reads).toHaveBeenCalledTimes(0);

    // Any other write reads the store again.
    const fresh = (await port.getAccountContext(account.id))!.account;
    reads.mockClear();
    await service.updateAccount(account.id, { arr: fresh.arr + 1 }, fresh.version);
    await service.getDashboard(filters[0]!);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('takes in a reading that makes an older, unmarked one count, with the figures a fresh read gives', async () => {
    const port = freshStore({ now: () => now });
    const account = await port.createAccount(accountDraft({ closedWonDate: '2025-01-10' }));
    // Three adoption readings; the store marks the latest two for the dashboard.
    const reading = (id: string, date: string, adoptionPct: number) => ({ id, accountId: account.id, date, adoptionPct });
    const stored = [reading('snp_0', '2025-04-01', 85), reading('snp_0q', '2025-03-01', 90), reading('snp_0l', '2025-05-01', 30)];
    await port.importAll({ ...(await port.exportAll()), snapshots: stored }, 'merge');
    expect((await port.dashboardDataAt(now)).data.snapshots.map((s) => s.id)).toEqual(['snp_0', 'snp_0l']);
    // Only adoption weighs: a reading of support alone scores nothing.
    const weighted = {
      ...settings,
      healthWeights: { ...settings.healthWeights, activeUsers: 0, logins: 0, support: 0, sentiment: 0, sponsor: 0, timeToValue: 0 },
    };
    const service = new DataService({ port, now: () => now, dashboardSettings: async () => weighted, ...NO_REFRESH });
    const filter = lastDays(now, 365);
    await service.getDashboard(filter);
    const reads = vi.spyOn(port, 'dashboardDataAt');
    // Stored after the reading of 1 April, it stands for that date; the reading before the latest that counts is then March's.
    await service.addHealthSnapshot({ accountId: account.id, date: '2025-04-01', escalations: 2 });
    const agenda = await service.getDashboardAgenda(filter);
    expect(reads).not.toHaveBeenCalled();
    const fresh = dashboardOfExport(await port.exportAll(), weighted, filter, now);
    expect(agenda).toEqual(fresh.agenda);
    expect(agenda.atRisk.find((a) => a.accountId === account.id)).toMatchObject({ previousScore: expect.any(Number) });
  });

  it('asks the team backend for its figures every time: colleagues change its data', async () => {
    const { port } = await seeded();
    const backendLike = new Proxy(port, { get: (t, k) => (k === 'source' ? 'backend' : Reflect.get(t, k)) });
    const reads = vi.spyOn(port, 'dashboardData');
    const service = new DataService({ port: backendLike, now: () => now, dashboardSettings: async () => settings });
    await service.getDashboard(lastDays(now, 365));
    await service.getDashboard(lastDays(now, 90));
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('answers over the data RPC with a reply that parses, and refuses a bad filter naming the field', async () => {
    const { service } = await seeded();
    const reply = await dispatchData(service, { channel: 'seamline', type: 'data', method: 'getDashboard', args: [lastDays(now, 90)] });
    expect(reply.ok).toBe(true);
    if (reply.ok) expect(DATA_METHODS.getDashboard.result.safeParse(reply.value).success).toBe(true);
    const bad = await dispatchData(service, {
      channel: 'seamline',
      type: 'data',
      method: 'getDashboard',
      args: [{ from: '2025-06-01', to: '2025-01-01' }],
    });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation', field: 'args[0].to' } });
  });
});

describe('the dashboard figures kept for the next worker', () => {
  // A worker started later: a new service on a new connection to the same database.
  function nextWorker(dbName: string, readAheadAfterMs = 0, earlierPaintMs = 0, aheadSliceMs?: number, rehearsalSliceMs?: number) {
    const store = new LocalStore({ dbName, now: () => now });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const read = store.dashboardDataAt.bind(store);
    // The whole-store read begins at once and hands its rows over only when released.
    const reads = vi.spyOn(store, 'dashboardDataAt').mockImplementation(async () => {
      const rows = read();
      await released;
      return rows;
    });
    const service = new DataService({
      port: store,
      now: () => now,
      dashboardSettings: async () => settings,
      readAheadAfterMs,
      earlierPaintMs,
      aheadSliceMs,
      rehearsalSliceMs,
      // A few of the portfolio's 80 accounts, as the background's rehearsal takes a few of a large one's.
      rehearsalAccounts: 20,
    });
    return { store, service, reads, release };
  }
  // The store's inputs kept packed at its count of writes, as the refresh keeps them; the export they are read from.
  async function keepInputs(port: LocalStore) {
    const read = await port.dashboardDataAt(now);
    expect(await port.keepDashboardRead(read.data, read.revision, toIsoDate(now))).toBe(true);
    return port.exportAll();
  }
  // Of a worker's kept inputs: its reads of their record, which of them it unpacked (a filter, or undefined for all of
  // them in steps) and after how many steps of the whole read each filter's were, the steps that read took and whether
  // it ended, how often the work ahead of the unpacking was done, how many accounts each rehearsal of the figures
  // unpacked, in how many steps and whether to their end; `gate`, once given, holds each read of their record until it is settled.
  function watchKeptReads(store: LocalStore, gate?: Promise<void>) {
    const keptRead = store.keptDashboardReadAt.bind(store);
    const watched = {
      reads: vi.spyOn(store, 'keptDashboardReadAt'),
      unpacked: [] as (DashboardFilter | undefined)[],
      unpackedAt: [] as number[],
      steps: 0,
      wholeDone: false,
      readAheads: 0,
      rehearsals: [] as number[],
      rehearsalSteps: 0,
      rehearsalDone: false,
      onRehearsalStep: undefined as (() => void) | undefined,
      readAheadDone: false,
      onReadAheadStep: undefined as (() => void) | undefined,
    };
    watched.reads.mockImplementation(async (at) => {
      const kept = await keptRead(at);
      await gate;
      return (
        kept && {
          ...kept,
          inputs: (filter?: DashboardFilter) => {
            watched.unpacked.push(filter);
            watched.unpackedAt.push(watched.steps);
            return kept.inputs(filter);
          },
          readAheadInSteps: () => {
            watched.readAheads++;
            return counted(
              kept.readAheadInSteps(),
              () => watched.onReadAheadStep?.(),
              () => (watched.readAheadDone = true),
            );
          },
          firstInputsInSteps: (accounts: number) => {
            watched.rehearsals.push(accounts);
            return counted(
              kept.firstInputsInSteps(accounts),
              () => {
                watched.rehearsalSteps++;
                watched.onRehearsalStep?.();
              },
              () => (watched.rehearsalDone = true),
            );
          },
          inputsInSteps: () => {
            watched.unpacked.push(undefined);
            return counted(
              kept.inputsInSteps(),
              () => watched.steps++,
              () => (watched.wholeDone = true),
            );
          },
        }
      );
    });
    return watched;
  }
  // `inner`'s steps, `onStep` told of each and `onDone` of their end.
  function* counted<T>(inner: Generator<void, T, void>, onStep: () => void, onDone: () => void): Generator<void, T, void> {
    for (;;) {
      const step = inner.next();
      if (step.done) {
        onDone();
        return step.value;
      }
      onStep();
      yield;
    }
  }
  const keptFor = (port: LocalStore, filter: DashboardFilter) => port.keptDashboardView(dashboardViewKey(filter, settings), toIsoDate(now));
  // A store whose dashboard was opened once, with its figures and inputs kept: the view it opened on, the export the
  // inputs are read from, and the year of one owner's accounts.
  async function openedOnce() {
    const { service, port, dbName, bundle } = await seeded();
    const opening = lastDays(now, 90);
    await service.getDashboard(opening);
    await vi.waitFor(async () => expect(await keptFor(port, opening)).not.toBeNull());
    const whole = await keepInputs(port);
    const owner: DashboardFilter = { ...lastDays(now, 365), ownerAe: bundle.accounts.find((a) => a.ownerAe)!.ownerAe! };
    return { dbName, bundle, opening, whole, owner };
  }

  it('answers a new worker before its read of the store finishes, with the figures a fresh computation gives', async () => {
    const { service, port, dbName } = await seeded();
    const filter = lastDays(now, 90);
    const first = await service.getDashboard(filter);
    await vi.waitFor(async () => expect(await keptFor(port, filter)).toEqual(first));

    const next = nextWorker(dbName);
    const answer = await next.service.getDashboard(filter);
    expect(answer).toEqual(dashboardView(dashboardOfExport(await port.exportAll(), settings, filter, now)));
    // The read for what the page asks next begins, and serves it once released.
    await vi.waitFor(() => expect(next.reads).toHaveBeenCalledTimes(1));
    next.release();
    const rows = await next.service.getDashboardRows({ filter, list: answer.alignment.funnel[0]!.accountIds.key, offset: 0, limit: 10 });
    expect(rows.total).toBe(answer.alignment.funnel[0]!.accountIds.count);
    expect(next.reads).toHaveBeenCalledTimes(1);
    // Other figures than the ones kept wait for the read.
    await next.service.getDashboard(lastDays(now, 365));
    expect(next.reads).toHaveBeenCalledTimes(1);
  });

  it('answers a new worker from the figures kept for the view the page opens on after more other filters were looked at than are kept', async () => {
    const { service, port, dbName } = await seeded();
    const opensOn = firstDashboardFilter(now);
    const first = await service.getDashboard(opensOn);
    const others = [30, 60, 90, 180].map((days) => lastDays(now, days));
    for (const filter of [...others, { ...lastDays(now, 90), segment: 'smb' as const }]) await service.getDashboard(filter);
    await vi.waitFor(async () => expect(await keptFor(port, others[3]!)).not.toBeNull());

    const next = nextWorker(dbName);
    // Answered while the read is held back: from the figures kept.
    expect(await next.service.getDashboard(opensOn)).toEqual(first);
    // The filter looked at longest ago is the one no longer kept.
    expect(await keptFor(port, others[0]!)).toBeNull();
    next.release();
  });

  it('reads the store only once the page has had time to paint, or at once for a call that needs it', async () => {
    const { service, port, dbName } = await seeded();
    const filter = lastDays(now, 90);
    const first = await service.getDashboard(filter);
    await vi.waitFor(async () => expect(await keptFor(port, filter)).toEqual(first));

    const idle = nextWorker(dbName, 200);
    idle.release();
    await idle.service.getDashboard(filter);
    await new Promise((r) => setTimeout(r, 50));
    expect(idle.reads).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(idle.reads).toHaveBeenCalledTimes(1), { timeout: 2_000 });

    const asked = nextWorker(dbName, 60_000);
    asked.release();
    const answer = await asked.service.getDashboard(filter);
    expect(asked.reads).not.toHaveBeenCalled();
    const rows = await asked.service.getDashboardRows({ filter, list: answer.alignment.funnel[0]!.accountIds.key, offset: 0, limit: 10 });
    expect(rows.total).toBe(answer.alignment.funnel[0]!.accountIds.count);
    expect(asked.reads).toHaveBeenCalledTimes(1);
  });

  it('forgets them with any write, so the next worker waits for its read and shows the write', async () => {
    const { service, port, dbName, bundle } = await seeded();
    const filter = lastDays(now, 90);
    const account = bundle.accounts[0]!;
    const writes: Array<() => Promise<unknown>> = [
      () => port.addHealthSnapshot({ accountId: account.id, date: toIsoDate(now), adoptionPct: 2 }),
      () => port.createCommitment(commitmentDraft(account.id, { madeOn: toIsoDate(now) })),
      () => port.createAccount(accountDraft({ name: 'Late Arrival', arr: 90_000, closedWonDate: toIsoDate(now) })),
    ];
    for (const write of writes) {
      await service.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(port, filter)).not.toBeNull());
      await write();
      service.releaseCaches();
      expect(await keptFor(port, filter)).toBeNull();

      const next = nextWorker(dbName);
      let answered = false;
      const answer = next.service.getDashboard(filter).then((v) => ((answered = true), v));
      await vi.waitFor(() => expect(next.reads).toHaveBeenCalled());
      await new Promise((r) => setTimeout(r, 20));
      expect(answered).toBe(false);
      next.release();
      expect(await answer).toEqual(dashboardView(dashboardOfExport(await port.exportAll(), settings, filter, now)));
    }
  });

  it('keeps no figures computed from a read that a write overtook', async () => {
    const { port, dbName } = await seeded();
    const filter = lastDays(now, 90);
    const racing = nextWorker(dbName);
    const answer = racing.service.getDashboard(filter);
    await vi.waitFor(() => expect(racing.reads).toHaveBeenCalled());
    // Written after the read began: the figures computed from that read do not have it.
    await port.createAccount(accountDraft({ name: 'Late Arrival', arr: 90_000, closedWonDate: toIsoDate(now) }));
    racing.release();
    const stale = await answer;
    await new Promise((r) => setTimeout(r, 20));
    expect(await keptFor(port, filter)).toBeNull();

    const next = nextWorker(dbName);
    next.release();
    const fresh = await next.service.getDashboard(filter);
    expect(fresh).not.toEqual(stale);
    expect(fresh).toEqual(dashboardView(dashboardOfExport(await port.exportAll(), settings, filter, now)));
  });

  it('keeps them per filter, settings and day', async () => {
    const { service, port } = await seeded();
    const filter = lastDays(now, 90);
    const view = await service.getDashboard(filter);
    await vi.waitFor(async () => expect(await keptFor(port, filter)).toEqual(view));
    expect(await keptFor(port, lastDays(now, 365))).toBeNull();
    const heavier = { ...settings, healthWeights: { ...settings.healthWeights, adoption: settings.healthWeights.adoption + 1 } };
    expect(await port.keptDashboardView(dashboardViewKey(filter, heavier), toIsoDate(now))).toBeNull();
    expect(await port.keptDashboardView(dashboardViewKey(filter, settings), '2025-06-17')).toBeNull();
  });

  describe('shown earlier, while a worker computes the current ones', () => {
    // Figures kept for a filter, then a write after them that moves them: an account closed today.
    async function keptThenWritten() {
      const seed = await seeded();
      const filter = lastDays(now, 90);
      const before = await seed.service.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(seed.port, filter)).toEqual(before));
      await seed.port.createAccount(accountDraft({ name: 'Late Arrival', arr: 90_000, closedWonDate: toIsoDate(now), segment: 'smb' }));
      return { ...seed, filter, before };
    }

    it('after a write: the figures kept before it, until the worker has read the store', async () => {
      const { port, dbName, bundle, filter, before } = await keptThenWritten();
      await port.addHealthSnapshot({ accountId: bundle.accounts[0]!.id, date: toIsoDate(now), adoptionPct: 2 });

      const next = nextWorker(dbName);
      const lookups = vi.spyOn(next.store, 'keptDashboardViewWhere');
      const current = next.service.getDashboard(filter);
      await vi.waitFor(() => expect(next.reads).toHaveBeenCalled());
      // Answered while the read is still held, from the lookup the first call made.
      expect(await next.service.getEarlierDashboard(filter)).toEqual({ view: before, behind: 'writes' });
      expect(lookups).toHaveBeenCalledTimes(1);
      // Nothing was kept for another filter.
      expect(await next.service.getEarlierDashboard(lastDays(now, 365))).toBeNull();
      next.release();
      const fresh = await current;
      expect(fresh).not.toEqual(before);
      expect(fresh).toEqual(dashboardView(dashboardOfExport(await port.exportAll(), settings, filter, now)));
      // With the store read, the current figures are at hand.
      expect(await next.service.getEarlierDashboard(filter)).toBeNull();
    });

    it('leaves the store unread while the page paints them, until a call needs the read', async () => {
      const { port, dbName, filter, before } = await keptThenWritten();

      const next = nextWorker(dbName, 0, 60_000);
      next.release();
      const current = next.service.getDashboard(filter);
      expect(await next.service.getEarlierDashboard(filter)).toEqual({ view: before, behind: 'writes' });
      await new Promise((r) => setTimeout(r, 50));
      expect(next.reads).not.toHaveBeenCalled();
      // A drill-down or the agenda asked meanwhile reads at once, and the first call takes its read.
      const agenda = await next.service.getDashboardAgenda(filter);
      const fresh = await current;
      expect(next.reads).toHaveBeenCalledTimes(1);
      const expected = dashboardOfExport(await port.exportAll(), settings, filter, now);
      expect(fresh).toEqual(dashboardView(expected));
      expect(agenda).toEqual(expected.agenda);
    });

    it.each([
      ['still under way as the first call looks the kept figures up', 50],
      ['over before the first call has looked them up', 0],
    ])('does not wait for a read of the store begun before it: %s', async (_, heldMs) => {
      const { dbName, filter } = await keptThenWritten();

      const next = nextWorker(dbName, 0, 60_000);
      const agenda = next.service.getDashboardAgenda(filter);
      await vi.waitFor(() => expect(next.reads).toHaveBeenCalled());
      const current = next.service.getDashboard(filter);
      await new Promise((r) => setTimeout(r, heldMs));
      next.release();
      await Promise.all([agenda, current]);
      expect(next.reads).toHaveBeenCalledTimes(1);
    });

    it('reads the store once the page has had time to paint them, with no other call', async () => {
      const { dbName, filter } = await keptThenWritten();

      const next = nextWorker(dbName, 0, 100);
      next.release();
      const current = next.service.getDashboard(filter);
      await next.service.getEarlierDashboard(filter);
      expect(next.reads).not.toHaveBeenCalled();
      await current;
      expect(next.reads).toHaveBeenCalledTimes(1);
    });

    it('answers the page’s first two calls, made together, once the source is restored, from one read of the settings and one lookup', async () => {
      const { dbName, filter, before } = await keptThenWritten();

      const store = new LocalStore({ dbName, now: () => now });
      const lookups = vi.spyOn(store, 'keptDashboardViewWhere');
      // As in the background: the port says it is the local store only once the settings (which wait for the data
      // source to be restored) are read.
      let restored = false;
      const gated = new Proxy(store, { get: (t, k) => (k === 'dashboardDataAt' && !restored ? undefined : Reflect.get(t, k)) });
      const loads = vi.fn(async () => {
        await new Promise((r) => setTimeout(r, 20));
        restored = true;
        return settings;
      });
      const next = new DataService({ port: gated, now: () => now, dashboardSettings: loads, readAheadAfterMs: 60_000 });
      const current = next.getDashboard(filter);
      expect(await next.getEarlierDashboard(filter)).toEqual({ view: before, behind: 'writes' });
      await current;
      expect(loads).toHaveBeenCalledTimes(1);
      expect(lookups).toHaveBeenCalledTimes(1);
      // A call made later reads the settings again.
      await next.getDashboardAgenda(filter);
      expect(loads).toHaveBeenCalledTimes(2);
    });

    it('looks the kept figures up again once they are computed anew', async () => {
      const { port, dbName, filter } = await keptThenWritten();

      const next = nextWorker(dbName, 60_000);
      next.release();
      expect(await next.service.getEarlierDashboard(filter)).toMatchObject({ behind: 'writes' });
      await next.service.refreshKeptDashboards();
      expect(next.reads).toHaveBeenCalledTimes(1);
      // The refresh let its read go again; the figures it kept answer without another.
      const answer = await next.service.getDashboard(filter);
      expect(next.reads).toHaveBeenCalledTimes(1);
      expect(answer).toEqual(dashboardView(dashboardOfExport(await port.exportAll(), settings, filter, now)));
      expect(await next.service.getEarlierDashboard(filter)).toBeNull();
    });

    it('none when the figures kept are current, are of other settings, or come from the team backend', async () => {
      const { service, port, dbName } = await seeded();
      const filter = lastDays(now, 90);
      await service.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(port, filter)).not.toBeNull());
      // getDashboard answers with those at once.
      expect(await nextWorker(dbName).service.getEarlierDashboard(filter)).toBeNull();

      await port.createAccount(accountDraft({ name: 'Late Arrival', arr: 90_000, closedWonDate: toIsoDate(now) }));
      const heavier = { ...settings, healthWeights: { ...settings.healthWeights, adoption: settings.healthWeights.adoption + 1 } };
      const reweighed = new DataService({ port: new LocalStore({ dbName, now: () => now }), now: () => now, dashboardSettings: async () => heavier });
      expect(await reweighed.getEarlierDashboard(filter)).toBeNull();

      const backendLike = new Proxy(port, { get: (t, k) => (k === 'source' ? 'backend' : Reflect.get(t, k)) });
      const kept = vi.spyOn(port, 'keptDashboardViewWhere');
      const backend = new DataService({ port: backendLike, now: () => now, dashboardSettings: async () => settings });
      expect(await backend.getEarlierDashboard(filter)).toBeNull();
      expect(kept).not.toHaveBeenCalled();
    });

    it('on a new day: the figures of the same choice kept on the last day the dashboard was used', async () => {
      const { service, port, dbName } = await seeded();
      const smbQuarter = dashboardFilterOf(toIsoDate(now), '90', { segment: 'smb' });
      const custom = { from: '2025-01-01', to: toIsoDate(now) };
      const yesterdays = await service.getDashboard(smbQuarter);
      await service.getDashboard(custom);
      await vi.waitFor(async () => expect(await port.keptDashboardKeys(toIsoDate(now))).toHaveLength(2));

      const nextDay = new Date('2025-06-17T12:00:00Z');
      const day = toIsoDate(nextDay);
      const next = new DataService({
        port: new LocalStore({ dbName, now: () => nextDay }),
        now: () => nextDay,
        dashboardSettings: async () => settings,
      });
      expect(await next.getEarlierDashboard(dashboardFilterOf(day, '90', { segment: 'smb' }))).toEqual({ view: yesterdays, behind: 'day' });
      expect(yesterdays.asOf).toBe(toIsoDate(now));
      // Another choice than those looked at, and a period that is none of the page's choices, have none.
      expect(await next.getEarlierDashboard(dashboardFilterOf(day, '90'))).toBeNull();
      expect(await next.getEarlierDashboard(dashboardFilterOf(day, '90', { segment: 'enterprise' }))).toBeNull();
      expect(await next.getEarlierDashboard({ from: '2025-01-01', to: day })).toBeNull();
    });
  });

  describe('computed again after writes, for the next worker', () => {
    const fresh = async (port: LocalStore, filter: DashboardFilter) =>
      dashboardView(dashboardOfExport(await port.exportAll(), settings, filter, now));

    it('keeps the figures of each filter looked at today with the writes in them, and a new worker answers with them at once', async () => {
      const { port, dbName, bundle } = await seeded();
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings, keptRefreshAfterMs: 0 });
      const year = lastDays(now, 365);
      const quarter = lastDays(now, 90);
      await service.getDashboard(year);
      await service.getDashboard(quarter);
      await vi.waitFor(async () => expect(await keptFor(port, year)).not.toBeNull());
      await vi.waitFor(async () => expect(await keptFor(port, quarter)).not.toBeNull());

      const account = bundle.accounts[0]!;
      await service.addHealthSnapshot({ accountId: account.id, date: toIsoDate(now), adoptionPct: 2 });
      await service.createAccount(accountDraft({ name: 'Late Arrival', arr: 90_000, closedWonDate: toIsoDate(now) }));
      await vi.waitFor(async () => expect(await keptFor(port, quarter)).toEqual(await fresh(port, quarter)));
      await vi.waitFor(async () => expect(await keptFor(port, year)).toEqual(await fresh(port, year)));
      expect((await keptFor(port, quarter))!.alignment.newClients.count).toBeGreaterThan(0);
      // The filter looked at last is still the first kept.
      expect(await port.keptDashboardKeys(toIsoDate(now))).toEqual([
        { key: dashboardViewKey(quarter, settings), current: true },
        { key: dashboardViewKey(year, settings), current: true },
      ]);

      // Its read of the store never hands its rows over: the answer is the kept one.
      const next = nextWorker(dbName);
      expect(await next.service.getDashboard(quarter)).toEqual(await fresh(port, quarter));
    });

    it('reads the store once for a burst of writes', async () => {
      const { port, bundle } = await seeded();
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings, keptRefreshAfterMs: 500 });
      const filter = lastDays(now, 90);
      await service.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(port, filter)).not.toBeNull());
      const reads = vi.spyOn(port, 'dashboardDataAt');
      for (const [i, account] of bundle.accounts.slice(0, 4).entries()) {
        await service.addHealthSnapshot({ accountId: account.id, date: toIsoDate(now), adoptionPct: 10 + i });
        // Each well within the delay of the one before, which a read of this portfolio is not.
        await new Promise((r) => setTimeout(r, 100));
      }
      await vi.waitFor(async () => expect(await keptFor(port, filter)).toEqual(await fresh(port, filter)));
      await new Promise((r) => setTimeout(r, 600));
      expect(reads).toHaveBeenCalledTimes(1);
    });

    it('keeps the store’s inputs packed, also when a page computed the figures itself after the write, and a worker started later reads those rather than every row', async () => {
      const { port, dbName, bundle } = await seeded();
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings, ...NO_REFRESH });
      const filter = lastDays(now, 90);
      await service.getDashboard(filter);
      const account = bundle.accounts[0]!;
      await service.updateAccount(account.id, { arr: account.arr + 2_000 }, account.version);
      // Asked before the refresh: computed from a read of its own and kept, so the refresh has no figures to compute.
      const view = await service.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(port, filter)).toEqual(view));
      expect(await port.dashboardReadKept(toIsoDate(now))).toBe(false);
      await service.refreshKeptDashboards();
      expect(await port.dashboardReadKept(toIsoDate(now))).toBe(true);

      const next = nextWorker(dbName, 60_000);
      const other: DashboardFilter = { ...lastDays(now, 180), segment: 'smb' };
      expect(await next.service.getDashboard(other)).toEqual(dashboardView(dashboardOfExport(await port.exportAll(), settings, other, now)));
      expect(next.reads).not.toHaveBeenCalled();
      next.release();
    });

    it('answers a filter that selects accounts from those accounts of the inputs kept, and prepares the whole portfolio once the person pauses', async () => {
      const { port, dbName, bundle } = await seeded();
      const whole = await keepInputs(port);
      const expected = (filter: DashboardFilter) => dashboardOfExport(whole, settings, filter, now);

      // A worker started later: which of the kept inputs it unpacks, each time.
      const next = nextWorker(dbName, 300);
      const { unpacked, reads: keptReads } = watchKeptReads(next.store);
      const [owner, otherOwner] = [...new Set(bundle.accounts.flatMap((a) => a.ownerAe ?? []))];
      const year: DashboardFilter = { ...lastDays(now, 365), ownerAe: owner! };
      expect(await next.service.getDashboard(year)).toEqual(dashboardView(expected(year)));
      expect(unpacked).toEqual([year]);
      // The same accounts over another period, and the accounts behind a number, from the same unpacking.
      const quarter: DashboardFilter = { ...lastDays(now, 90), ownerAe: owner! };
      expect(await next.service.getDashboard(quarter)).toEqual(dashboardView(expected(quarter)));
      const list = `retention.byCurrency.0.cohortAccountIds`;
      const rows = await next.service.getDashboardRows({ filter: quarter, list, offset: 0, limit: 1000 });
      expect(rowsOfKind(rows, 'accounts').map((r) => r.accountId)).toEqual(expected(quarter).retention.byCurrency[0]!.cohortAccountIds);
      expect(rows.total).toBeGreaterThan(0);
      // Fewer of those accounts: from the same unpacking too.
      const theirEnterprise: DashboardFilter = { ...quarter, segment: 'enterprise' };
      expect(await next.service.getDashboard(theirEnterprise)).toEqual(dashboardView(expected(theirEnterprise)));
      expect(unpacked).toEqual([year]);
      const other: DashboardFilter = { ...lastDays(now, 90), ownerAe: otherOwner!, segment: 'smb' };
      expect(await next.service.getDashboard(other)).toEqual(dashboardView(expected(other)));
      expect(unpacked).toEqual([year, other]);
      expect(keptReads).toHaveBeenCalledTimes(1);
      // Once the person pauses, the whole portfolio, from the record already read; every filter then comes from it.
      await vi.waitFor(() => expect(unpacked).toEqual([year, other, undefined]));
      const period = lastDays(now, 180);
      expect(await next.service.getDashboard(period)).toEqual(dashboardView(expected(period)));
      expect(await next.service.getDashboard({ ...period, csm: bundle.accounts[0]!.csm! })).toEqual(
        dashboardView(expected({ ...period, csm: bundle.accounts[0]!.csm! })),
      );
      expect(unpacked).toHaveLength(3);
      expect(keptReads).toHaveBeenCalledTimes(1);
      expect(next.reads).not.toHaveBeenCalled();
      next.release();

      // A period alone reads every account: the whole portfolio at once.
      const third = nextWorker(dbName, 60_000);
      const wholeOnly = vi.spyOn(third.store, 'keptDashboardReadAt');
      const month = lastDays(now, 30);
      expect(await third.service.getDashboard(month)).toEqual(dashboardView(expected(month)));
      expect(wholeOnly).toHaveBeenCalledTimes(1);
      expect(third.reads).not.toHaveBeenCalled();
      third.release();
    });

    it('answers a filter changed while the whole portfolio is read ahead from its accounts, between the steps of that read', async () => {
      const { port, dbName, bundle } = await seeded();
      const whole = await keepInputs(port);
      const expected = (filter: DashboardFilter) => dashboardView(dashboardOfExport(whole, settings, filter, now));
      const [owner, otherOwner] = [...new Set(bundle.accounts.flatMap((a) => a.ownerAe ?? []))];

      // The whole portfolio is read as soon as a filter was answered, letting calls in after each step.
      const next = nextWorker(dbName, 0, 0, 0);
      const watched = watchKeptReads(next.store);
      const year: DashboardFilter = { ...lastDays(now, 365), ownerAe: owner! };
      expect(await next.service.getDashboard(year)).toEqual(expected(year));
      await vi.waitFor(() => expect(watched.steps).toBeGreaterThan(0));
      const other: DashboardFilter = { ...lastDays(now, 90), ownerAe: otherOwner! };
      expect(await next.service.getDashboard(other)).toEqual(expected(other));
      // Each owner's accounts unpacked alone, the second while the whole read had steps left.
      expect(watched.unpackedAt).toHaveLength(2);
      expect(watched.unpackedAt[1]).toBeGreaterThan(0);
      expect(watched.wholeDone).toBe(false);
      // A period alone waits for the whole portfolio, which then answers every filter.
      const period = lastDays(now, 180);
      expect(await next.service.getDashboard(period)).toEqual(expected(period));
      expect(watched.wholeDone).toBe(true);
      expect(watched.unpackedAt[1]).toBeLessThan(watched.steps);
      const csm: DashboardFilter = { ...period, csm: bundle.accounts[0]!.csm! };
      expect(await next.service.getDashboard(csm)).toEqual(expected(csm));
      expect(watched.unpackedAt).toHaveLength(2);
      expect(watched.reads).toHaveBeenCalledTimes(1);
      expect(next.reads).not.toHaveBeenCalled();
      next.release();
    });

    it('keeps nothing of a read ahead its caches were let go during, and begins none once they were', async () => {
      const { port, dbName, bundle } = await seeded();
      const whole = await keepInputs(port);
      const owner: DashboardFilter = { ...lastDays(now, 365), ownerAe: bundle.accounts.find((a) => a.ownerAe)!.ownerAe! };
      const period = lastDays(now, 180);

      const next = nextWorker(dbName, 0, 0, 0);
      const watched = watchKeptReads(next.store);
      await next.service.getDashboard(owner);
      await vi.waitFor(() => expect(watched.steps).toBeGreaterThan(0));
      next.service.releaseCaches();
      await vi.waitFor(() => expect(watched.wholeDone).toBe(true));
      // The next figures read the kept inputs again, as after any release.
      expect(await next.service.getDashboard(period)).toEqual(dashboardView(dashboardOfExport(whole, settings, period, now)));
      expect(watched.reads).toHaveBeenCalledTimes(2);
      next.release();

      // The read ahead is due 100 ms after the answer; the caches are let go before.
      const later = nextWorker(dbName, 100, 0, 0);
      const laterWatched = watchKeptReads(later.store);
      await later.service.getDashboard(owner);
      later.service.releaseCaches();
      await new Promise((r) => setTimeout(r, 300));
      expect(laterWatched.steps).toBe(0);
      later.release();
    });

    it('reads the kept inputs at once when it has answered from the kept figures, unpacks ahead and rehearses the figures as soon as they are read, and answers the filter changed next from them; no rehearsal after a filter changed', async () => {
      const { dbName, bundle, opening, whole, owner } = await openedOnce();

      // A worker started later, which would read the whole portfolio only a minute after its last answer, and whose
      // page is given a minute to paint earlier figures: the work ahead of the unpacking does not wait for that.
      const next = nextWorker(dbName, 60_000, 60_000);
      const watched = watchKeptReads(next.store);
      expect(await next.service.getDashboard(opening)).toEqual(dashboardView(dashboardOfExport(whole, settings, opening, now)));
      expect(watched.reads).toHaveBeenCalledTimes(1);
      await vi.waitFor(() => expect(watched.readAheads).toBe(1));
      // Then the figures of a few of its accounts, let go: nothing of them stands in for those the filter selects.
      await vi.waitFor(() => expect(watched.rehearsals.length).toBeGreaterThan(1));
      for (const accounts of watched.rehearsals) {
        expect(accounts).toBeGreaterThan(0);
        expect(accounts).toBeLessThan(bundle.accounts.length);
      }
      expect(await next.service.getDashboard(owner)).toEqual(dashboardView(dashboardOfExport(whole, settings, owner, now)));
      expect(watched.reads).toHaveBeenCalledTimes(1);
      expect(watched.readAheads).toBe(1);
      expect(next.reads).not.toHaveBeenCalled();
      next.release();

      // The record is read only after a filter changed came (one whose figures were not kept by the worker before):
      // that call's code runs first, and the rehearsal is not made.
      let open!: () => void;
      const later = nextWorker(dbName, 60_000, 60_000);
      const laterWatched = watchKeptReads(later.store, new Promise<void>((r) => (open = r)));
      await later.service.getDashboard(opening);
      const another = { ...owner, ...lastDays(now, 180) };
      const changed = later.service.getDashboard(another);
      await vi.waitFor(() => expect(laterWatched.reads).toHaveBeenCalledTimes(1));
      await new Promise((r) => setTimeout(r, 20));
      open();
      expect(await changed).toEqual(dashboardView(dashboardOfExport(whole, settings, another, now)));
      expect(laterWatched.unpacked).toEqual([another]);
      await vi.waitFor(() => expect(laterWatched.readAheads).toBe(1));
      await new Promise((r) => setTimeout(r, 50));
      expect(laterWatched.rehearsals).toEqual([]);
      later.release();
    });

    it('stops the rehearsal at the end of its unpacking slice once a filter is changed, and answers that filter first', async () => {
      const { dbName, opening, whole, owner } = await openedOnce();

      // A slice of no time: the rehearsal lets calls in after each of its steps.
      const next = nextWorker(dbName, 60_000, 60_000, undefined, 0);
      const watched = watchKeptReads(next.store);
      let changed: Promise<unknown> | undefined;
      let stepsWhenChanged = 0;
      watched.onRehearsalStep = () => {
        if (changed) return;
        stepsWhenChanged = watched.rehearsalSteps;
        changed = next.service.getDashboard(owner);
      };
      await next.service.getDashboard(opening);
      await vi.waitFor(() => expect(changed).toBeDefined());
      expect(await changed).toEqual(dashboardView(dashboardOfExport(whole, settings, owner, now)));
      await new Promise((r) => setTimeout(r, 50));
      expect(watched.rehearsalSteps).toBe(stepsWhenChanged);
      expect(watched.rehearsalDone).toBe(false);
      expect(watched.unpacked).toEqual([owner]);
      next.release();
    });

    it('lets a filter changed while the work ahead of the unpacking runs in between its steps, and answers it first', async () => {
      const { dbName, opening, whole, owner } = await openedOnce();
      const next = nextWorker(dbName, 60_000, 60_000, undefined, 0);
      const watched = watchKeptReads(next.store);
      let changed: Promise<unknown> | undefined;
      watched.onReadAheadStep = () => (changed ??= next.service.getDashboard(owner));
      await next.service.getDashboard(opening);
      await vi.waitFor(() => expect(changed).toBeDefined());
      expect(await changed).toEqual(dashboardView(dashboardOfExport(whole, settings, owner, now)));
      expect(watched.readAheadDone).toBe(false);
      expect(watched.unpacked).toEqual([owner]);
      // The rest of it is done after, and nothing is rehearsed once a filter has been unpacked.
      await vi.waitFor(() => expect(watched.readAheadDone).toBe(true));
      await new Promise((r) => setTimeout(r, 50));
      expect(watched.rehearsals).toEqual([]);
      next.release();
    });

    it('reads nothing when no figures were kept today, or only for settings no longer in force', async () => {
      const { port, bundle } = await seeded();
      const heavier = { ...settings, healthWeights: { ...settings.healthWeights, adoption: settings.healthWeights.adoption + 1 } };
      let current = settings;
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => current, keptRefreshAfterMs: 0 });
      const reads = vi.spyOn(port, 'dashboardDataAt');
      const account = bundle.accounts[0]!;
      await service.addHealthSnapshot({ accountId: account.id, date: toIsoDate(now), adoptionPct: 3 });
      await new Promise((r) => setTimeout(r, 50));
      expect(reads).not.toHaveBeenCalled();

      await service.getDashboard(lastDays(now, 90));
      await vi.waitFor(async () => expect(await keptFor(port, lastDays(now, 90))).not.toBeNull());
      reads.mockClear();
      current = heavier;
      await service.addHealthSnapshot({ accountId: account.id, date: toIsoDate(now), adoptionPct: 4 });
      await new Promise((r) => setTimeout(r, 50));
      expect(reads).not.toHaveBeenCalled();
    });

    it('after an import with nothing kept today, keeps the view the page opens on, and a new worker answers with it at once', async () => {
      const { bundle, arrChanges } = generateDemoData({ seed: 11, accounts: 80, now });
      const dbName = `seamline-test-${crypto.randomUUID()}`;
      const port = new LocalStore({ dbName, now: () => now });
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings, keptRefreshAfterMs: 0 });
      const opensOn = firstDashboardFilter(now);
      // Another write first: with nothing kept it reads nothing, as before.
      const reads = vi.spyOn(port, 'dashboardDataAt');
      await service.createAccount(accountDraft({ name: 'Before the import', arr: 10_000 }));
      await new Promise((r) => setTimeout(r, 50));
      expect(reads).not.toHaveBeenCalled();

      await service.importAll({ ...bundle, arrChanges }, 'replace');
      await vi.waitFor(async () => expect(await keptFor(port, opensOn)).toEqual(await fresh(port, opensOn)), { timeout: 10_000 });
      expect(reads).toHaveBeenCalledTimes(1);
      expect(await port.keptDashboardKeys(toIsoDate(now))).toEqual([{ key: dashboardViewKey(opensOn, settings), current: true }]);
      const next = nextWorker(dbName);
      expect(await next.service.getDashboard(opensOn)).toEqual(await fresh(port, opensOn));

      next.release();
    });

    it('after an import with figures kept today only under settings no longer in force, keeps the view the page opens on', async () => {
      const { port, bundle, arrChanges } = await seeded();
      const heavier = { ...settings, healthWeights: { ...settings.healthWeights, adoption: settings.healthWeights.adoption + 1 } };
      let current = heavier;
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => current, keptRefreshAfterMs: 0 });
      await service.getDashboard(lastDays(now, 90));
      await vi.waitFor(async () => expect(await port.keptDashboardKeys(toIsoDate(now))).toHaveLength(1));
      current = settings;
      await service.importAll({ ...bundle, arrChanges }, 'merge');
      const opensOn = firstDashboardFilter(now);
      await vi.waitFor(async () => expect(await keptFor(port, opensOn)).toEqual(await fresh(port, opensOn)), { timeout: 10_000 });
    });

    it('reads and computes nothing when the dashboard was opened after the write and kept its figures', async () => {
      const { service: earlier, port, bundle } = await seeded();
      const filter = lastDays(now, 90);
      await earlier.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(port, filter)).not.toBeNull());
      // A worker started later takes a write, then shows the dashboard from a read of its own. It reads at once,
      // without waiting for the figures kept before the write to be painted: within that wait the refresh's timer
      // would fire first, and this is about the refresh finding the figures kept.
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings, keptRefreshAfterMs: 300, earlierPaintMs: 0 });
      const reads = vi.spyOn(port, 'dashboardDataAt');
      const keeps = vi.spyOn(port, 'keepDashboardView');
      await service.addHealthSnapshot({ accountId: bundle.accounts[0]!.id, date: toIsoDate(now), adoptionPct: 6 });
      const opened = await service.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(port, filter)).toEqual(opened));
      await new Promise((r) => setTimeout(r, 400));
      expect(reads).toHaveBeenCalledTimes(1);
      // Nor are the figures computed and kept again.
      expect(keeps).toHaveBeenCalledTimes(1);
    });

    it('opened after a write before the refresh, still computes again the other filters looked at today, and only those', async () => {
      const { port } = await seeded();
      const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings, keptRefreshAfterMs: 1_000 });
      const year = lastDays(now, 365);
      const quarter = lastDays(now, 90);
      await service.getDashboard(year);
      await service.getDashboard(quarter);
      await vi.waitFor(async () => expect(await port.keptDashboardKeys(toIsoDate(now))).toHaveLength(2));

      // A write the held portfolio cannot take in, so the dashboard opened next reads the store and keeps its figures.
      await service.createAccount(accountDraft({ name: 'Opened After', arr: 40_000, closedWonDate: toIsoDate(now) }));
      const keeps = vi.spyOn(port, 'keepDashboardView');
      const opened = await service.getDashboard(quarter);
      await vi.waitFor(async () => expect(await keptFor(port, quarter)).toEqual(opened));
      expect(await keptFor(port, year)).toBeNull();
      await vi.waitFor(async () => expect(await keptFor(port, year)).toEqual(await fresh(port, year)), { timeout: 10_000 });
      // The one opened is not computed and kept a second time.
      expect(keeps.mock.calls.map(([key]) => key)).toEqual([dashboardViewKey(quarter, settings), dashboardViewKey(year, settings)]);
    });

    it('lets the portfolio it read go again when nobody was working on the dashboard', async () => {
      const { port, dbName, bundle } = await seeded();
      const filter = lastDays(now, 90);
      const first = new DataService({ port, now: () => now, dashboardSettings: async () => settings });
      await first.getDashboard(filter);
      await vi.waitFor(async () => expect(await keptFor(port, filter)).not.toBeNull());

      // A worker started later, which has not shown the dashboard, takes a write.
      const store = new LocalStore({ dbName, now: () => now });
      const service = new DataService({ port: store, now: () => now, dashboardSettings: async () => settings, keptRefreshAfterMs: 0 });
      const reads = vi.spyOn(store, 'dashboardDataAt');
      const packed = vi.spyOn(store, 'keptDashboardReadAt');
      await service.addHealthSnapshot({ accountId: bundle.accounts[0]!.id, date: toIsoDate(now), adoptionPct: 5 });
      await vi.waitFor(async () => expect(await keptFor(port, filter)).toEqual(await fresh(port, filter)));
      expect(reads).toHaveBeenCalledTimes(1);
      // The next call that needs the portfolio itself reads it again: the inputs the refresh kept, in one record.
      expect(await service.getDashboardAgenda(filter)).toEqual(dashboardOfExport(await port.exportAll(), settings, filter, now).agenda);
      expect(reads).toHaveBeenCalledTimes(1);
      expect(packed).toHaveBeenCalledTimes(2);
      expect(await packed.mock.results[1]!.value).not.toBeNull();
    });
  });

  describe('on a new day', () => {
    const nextDay = new Date('2025-06-17T12:00:00Z');
    const freshOn = async (port: LocalStore, filter: DashboardFilter, at: Date) =>
      dashboardView(dashboardOfExport(await port.exportAll(), settings, filter, at));

    it('keeps the view the page opens on and the choices looked at on the last day, made today, from one read', async () => {
      const { port, dbName } = await seeded();
      let clock = now;
      const opened: number[] = [];
      const service = new DataService({
        port,
        now: () => clock,
        dashboardSettings: async () => settings,
        dashboardOpened: () => opened.push(1),
        ...NO_REFRESH,
      });
      const smbQuarter = dashboardFilterOf(toIsoDate(now), '90', { segment: 'smb' });
      // A period that is none of the page's choices has no equivalent on another day.
      const custom = { from: '2025-01-01', to: toIsoDate(now) };
      await service.getDashboard(smbQuarter);
      await service.getDashboard(custom);
      await vi.waitFor(async () => expect(await port.keptDashboardKeys(toIsoDate(now))).toHaveLength(2));
      expect(opened).toHaveLength(2);

      clock = nextDay;
      const day = toIsoDate(nextDay);
      const reads = vi.spyOn(port, 'dashboardDataAt');
      const opensOn = firstDashboardFilter(nextDay);
      const smbToday = dashboardFilterOf(day, '90', { segment: 'smb' });
      expect(await port.keptDashboardKeysBefore(day)).toEqual([dashboardViewKey(custom, settings), dashboardViewKey(smbQuarter, settings)]);
      await service.refreshKeptDashboards({ newDay: true });
      expect(reads).toHaveBeenCalledTimes(1);
      expect(await port.keptDashboardKeys(day)).toEqual([
        { key: dashboardViewKey(opensOn, settings), current: true },
        { key: dashboardViewKey(smbToday, settings), current: true },
      ]);
      expect(await port.keptDashboardView(dashboardViewKey(opensOn, settings), day)).toEqual(await freshOn(port, opensOn, nextDay));
      expect(await port.keptDashboardView(dashboardViewKey(smbToday, settings), day)).toEqual(await freshOn(port, smbToday, nextDay));
      // Yesterday's figures are gone, and a worker started today answers the page's first request without a read.
      expect(await port.keptDashboardKeysBefore(day)).toEqual([]);
      const next = new DataService({
        port: new LocalStore({ dbName, now: () => nextDay }),
        now: () => nextDay,
        dashboardSettings: async () => settings,
      });
      const nextReads = vi.spyOn(LocalStore.prototype, 'dashboardDataAt').mockImplementation(() => new Promise(() => undefined));
      expect(await next.getDashboard(opensOn)).toEqual(await freshOn(port, opensOn, nextDay));
      nextReads.mockRestore();

      // Once figures are kept today, a second call reads nothing.
      reads.mockClear();
      await service.refreshKeptDashboards({ newDay: true });
      expect(reads).not.toHaveBeenCalled();
    });

    it('reads nothing when the dashboard was not looked at before, or only under settings no longer in force', async () => {
      const { port } = await seeded();
      let current = settings;
      let clock = now;
      const service = new DataService({ port, now: () => clock, dashboardSettings: async () => current, ...NO_REFRESH });
      const reads = vi.spyOn(port, 'dashboardDataAt');
      clock = nextDay;
      await service.refreshKeptDashboards({ newDay: true });
      expect(reads).not.toHaveBeenCalled();

      clock = now;
      await service.getDashboard(firstDashboardFilter(now));
      await vi.waitFor(async () => expect(await port.keptDashboardKeys(toIsoDate(now))).toHaveLength(1));
      current = { ...settings, csmCapacity: settings.csmCapacity + 1 };
      clock = nextDay;
      reads.mockClear();
      await service.refreshKeptDashboards({ newDay: true });
      expect(reads).not.toHaveBeenCalled();
      expect(await port.keptDashboardKeys(toIsoDate(nextDay))).toEqual([]);
    });
  });
});
