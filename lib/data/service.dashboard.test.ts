import { describe, expect, it, vi } from 'vitest';
import {
  computeDashboard,
  dashboardOfExport,
  dashboardSettingsOf,
  dashboardView,
  lastDays,
  rowsOfKind,
  type Dashboard,
} from '../core/domain/dashboard';
import { DEFAULT_SETTINGS } from '../core/domain/defaults';
import { DATA_METHODS } from '../core/messages/data-methods';
import { generateDemoData } from '../demo/generate';
import { accountDraft, commitmentDraft, flagDraft, freshStore } from '../../test/factories';
import { toIsoDate } from '../core/domain/dates';
import { dispatchData } from './rpc';
import { DataService } from './service';

const now = new Date('2025-06-16T12:00:00Z');
const settings = dashboardSettingsOf(DEFAULT_SETTINGS);

async function seeded() {
  const { bundle, arrChanges } = generateDemoData({ seed: 11, accounts: 80, now });
  const port = freshStore({ now: () => now });
  await port.importAll({ ...bundle, arrChanges }, 'replace');
  const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings });
  return { service, port, bundle, arrChanges };
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
    const service = new DataService({ port, now: () => clock, dashboardSettings: async () => current });
    const reads = vi.spyOn(port, 'dashboardData');
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
    const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings });
    const reads = vi.spyOn(port, 'dashboardData');
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
