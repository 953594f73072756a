import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { accountDraft, commitmentDraft, flagDraft, freshStore } from '../../test/factories';
import type { DataPort } from '../../lib/core/model';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { AccountContext } from '../../lib/core/model';
import { makeCommitment, makeContext, makeFlag, makeMilestone } from '../../test/render';
import { BADGE_COLORS, badgeFor, DEFAULT_TITLE, type BadgeApi } from './badge';
import { SF_REF, SF_URL, startTestBackground } from '../../test/background-kit';

// Tuesday 10 March 2026.
const NOW = new Date(2026, 2, 10, 12);

function fakeAction() {
  const text = new Map<number, string>();
  const color = new Map<number, string>();
  const title = new Map<number, string>();
  const action: BadgeApi['action'] = {
    setBadgeText: vi.fn(async ({ tabId, text: t }) => void text.set(tabId, t)),
    setBadgeBackgroundColor: vi.fn(async ({ tabId, color: c }) => void color.set(tabId, c)),
    setTitle: vi.fn(async ({ tabId, title: t }) => void title.set(tabId, t)),
  };
  return { action, text, color, title };
}

function setup(port?: DataPort) {
  const shown = fakeAction();
  const bg = startTestBackground({ port, badgeApi: { action: shown.action }, now: () => NOW });
  return { bg, badge: bg.badge, ...shown };
}

const HEALTHY = { adoptionPct: 95, activeUserTrendPct: 20, loginsPerUserPerWeek: 6, openTickets: 0, nps: 70, sponsorEngagement: 'high' as const };
const AT_RISK = {
  adoptionPct: 10,
  activeUserTrendPct: -40,
  loginsPerUserPerWeek: 0.1,
  openTickets: 30,
  nps: -60,
  sponsorEngagement: 'none' as const,
};

beforeEach(() => fakeBrowser.reset());

describe('toolbar badge', () => {
  it('counts open flags and overdue commitments of the tab’s account, coloured by health band', async () => {
    const { bg, badge, text, color, title } = setup();
    const a = await bg.service.createAccount(accountDraft());
    await bg.service.linkRecord(a.id, SF_REF);
    await bg.service.addHealthSnapshot({ accountId: a.id, date: '2026-03-01', ...HEALTHY });
    await bg.service.createFlag(flagDraft(a.id));
    await bg.service.createFlag(flagDraft(a.id, { resolved: true, resolvedBy: 'Sam', resolvedAt: '2026-03-02T10:00:00.000Z' }));
    await bg.service.createCommitment(commitmentDraft(a.id, { dueDate: '2026-03-01' })); // overdue
    await bg.service.createCommitment(commitmentDraft(a.id, { dueDate: '2026-02-01', status: 'delivered' })); // settled
    await bg.service.createCommitment(commitmentDraft(a.id, { dueDate: '2026-04-01' })); // not yet due
    await bg.tabs.report(5, SF_URL, SF_REF);

    const state = await badge.update(5);
    expect(state).toMatchObject({ text: '2', openFlags: 1, overdue: 1, band: 'healthy' });
    expect(text.get(5)).toBe('2');
    expect(color.get(5)).toBe(BADGE_COLORS.healthy);
    expect(title.get(5)).toMatch(/Northwind Logistics: 1 open risk flag, 1 overdue commitment; health healthy/);
  });

  it('tells the tab’s page what it painted, for the collapsed panel tab, and clears it there too', async () => {
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    const { bg, badge, title } = setup();
    const a = await bg.service.createAccount(accountDraft());
    await bg.service.linkRecord(a.id, SF_REF);
    await bg.service.addHealthSnapshot({ accountId: a.id, date: '2026-03-01', ...AT_RISK });
    await bg.service.createFlag(flagDraft(a.id));
    await bg.tabs.report(5, SF_URL, SF_REF);
    await badge.update(5);
    expect(sent).toHaveBeenLastCalledWith(5, { channel: 'seamline', type: 'badge', text: '1', color: BADGE_COLORS['at-risk'], title: title.get(5) });
    await bg.tabs.report(5, 'https://acme.lightning.force.com/lightning/page/home', null);
    await badge.update(5);
    expect(sent).toHaveBeenLastCalledWith(5, { channel: 'seamline', type: 'badge', text: '', color: '', title: '' });
  });

  it('turns red for an at-risk account and grey without health data', async () => {
    const { bg, badge, color } = setup();
    const risky = await bg.service.createAccount(accountDraft());
    await bg.service.linkRecord(risky.id, SF_REF);
    await bg.service.addHealthSnapshot({ accountId: risky.id, date: '2026-03-01', ...AT_RISK });
    await bg.tabs.report(5, SF_URL, SF_REF);
    await badge.update(5);
    expect(color.get(5)).toBe(BADGE_COLORS['at-risk']);

    const ref2 = { ...SF_REF, recordId: '001Dn00000GbXmFIAV' };
    const blank = await bg.service.createAccount(accountDraft({ name: 'Globex', websiteDomain: 'globex.example' }));
    await bg.service.linkRecord(blank.id, ref2);
    await bg.tabs.report(6, SF_URL.replace(SF_REF.recordId, ref2.recordId), ref2);
    expect(await badge.update(6)).toMatchObject({ text: '0', band: 'unknown' });
    expect(color.get(6)).toBe(BADGE_COLORS.unknown);
  });

  it('recolours when the health weights change', async () => {
    const { bg, badge, color } = setup();
    const a = await bg.service.createAccount(accountDraft());
    await bg.service.linkRecord(a.id, SF_REF);
    // Healthy adoption, but no sponsor at all.
    await bg.service.addHealthSnapshot({ accountId: a.id, date: '2026-03-01', adoptionPct: 95, sponsorEngagement: 'none' });
    await bg.tabs.report(5, SF_URL, SF_REF);
    await badge.update(5);
    const before = color.get(5);
    const weights = { adoption: 0, activeUsers: 0, logins: 0, support: 0, sentiment: 0, sponsor: 100, timeToValue: 0 };
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, healthWeights: weights } });
    await vi.waitFor(() => expect(color.get(5)).toBe(BADGE_COLORS['at-risk']), { timeout: 3000 });
    expect(before).not.toBe(BADGE_COLORS['at-risk']);
  });

  it('shows nothing on a tab that is not a record, or whose record is not linked', async () => {
    const { bg, badge, text, title } = setup();
    await bg.tabs.report(3, 'https://acme.lightning.force.com/lightning/page/home', null);
    expect(await badge.update(3)).toBeNull();
    expect(text.get(3)).toBe('');
    expect(title.get(3)).toBe(DEFAULT_TITLE);

    await bg.tabs.report(4, SF_URL, SF_REF);
    expect((await bg.tabs.get(4))?.resolution).toMatchObject({ status: 'not-linked' });
    expect(await badge.update(4)).toBeNull();
    expect(text.get(4)).toBe('');
  });

  it('recounts when a capture lands on the tab’s account', async () => {
    const { bg, text } = setup();
    const a = await bg.service.createAccount(accountDraft());
    await bg.service.linkRecord(a.id, SF_REF);
    await bg.tabs.report(5, SF_URL, SF_REF);
    await bg.service.createFlag(flagDraft(a.id));
    await vi.waitFor(() => expect(text.get(5)).toBe('1'), { timeout: 3000 });
    await bg.service.createFlag(flagDraft(a.id, { category: 'competitor' }));
    await vi.waitFor(() => expect(text.get(5)).toBe('2'), { timeout: 3000 });
  });

  it('never reads the team backend for a tab whose record nobody has looked at yet', async () => {
    const local = freshStore();
    const getAccountContext = vi.fn((id: string) => local.getAccountContext(id));
    const resolveRecord = vi.fn((ref: Parameters<DataPort['resolveRecord']>[0]) => local.resolveRecord(ref));
    const backend = new Proxy(local, {
      get(target, prop, receiver) {
        if (prop === 'source') return 'backend';
        if (prop === 'getAccountContext') return getAccountContext;
        if (prop === 'resolveRecord') return resolveRecord;
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as DataPort;
    const { bg, badge, text } = setup(backend);
    const a = await local.createAccount(accountDraft());
    await local.linkRecord(a.id, SF_REF);
    await bg.tabs.report(5, SF_URL, SF_REF);
    expect(await badge.update(5)).toBeNull();
    expect(text.get(5)).toBe('');
    expect(getAccountContext).not.toHaveBeenCalled();
    expect(resolveRecord).not.toHaveBeenCalled();

    // Once the panel or popup asked (which resolves the record), the badge may count.
    await bg.tabs.refresh(5);
    expect(await badge.update(5)).toMatchObject({ text: '0' });
  });
});

describe('badge count with a success plan', () => {
  const milestones = [
    makeMilestone({ id: 'joint-kickoff', title: 'Joint kickoff', status: 'missed', dueDate: '2026-02-09' }),
    makeMilestone({ id: 'first-value', title: 'First value achieved', status: 'in-progress', dueDate: '2026-03-09' }), // past due, not done
    makeMilestone({ id: 'success-review-30', title: '30-day success review', status: 'done', dueDate: '2026-03-01', achievedOn: '2026-03-01' }),
    makeMilestone({ id: 'success-review-60', title: '60-day success review', status: 'planned', dueDate: '2026-03-10' }), // due today
    makeMilestone({ id: 'first-qbr', title: 'First QBR', status: 'planned', dueDate: undefined }), // no date yet
  ];
  const withPlan = (ctx: AccountContext): AccountContext => ({ ...ctx, milestones });
  const settings = { healthWeights: DEFAULT_SETTINGS.healthWeights, dueSoonDays: 14 };

  it('adds missed milestones to open flags and overdue commitments, and says so in the tooltip', () => {
    const ctx = withPlan(makeContext({ flags: [makeFlag()], commitments: [makeCommitment({ dueDate: '2026-03-01' })] }));
    const state = badgeFor(ctx, settings, NOW);
    expect(state).toMatchObject({ text: '4', openFlags: 1, overdue: 1, missed: 2 });
    expect(state.title).toContain('Northwind Logistics: 1 open risk flag, 1 overdue commitment, 2 missed milestones; health');
  });

  it('does not mention milestones for an account without a plan', () => {
    const state = badgeFor(makeContext({ flags: [], commitments: [] }), settings, NOW);
    expect(state).toMatchObject({ text: '0', missed: 0 });
    expect(state.title).not.toContain('milestone');
  });
});
