import { QueryClient } from '@tanstack/react-query';
import { routedSend, senders } from '../../test/routing';
import { describe, expect, it, vi } from 'vitest';
import type { CrmRecordRef } from '../../lib/core/domain';
import type { ChangedBroadcast } from '../../lib/core/messages/to-pages';
import { accountDraft, commitmentDraft, freshStore } from '../../test/factories';
import {
  accountContextQuery,
  accountsQuery,
  dashboardQuery,
  invalidateFromChange,
  resolveRecordQuery,
  seamlineKeys,
  statusQuery,
  unassignedQuery,
} from './data-queries';
import { DataService } from '../../lib/data/service';

const ref: CrmRecordRef = {
  platform: 'hubspot',
  host: 'app.hubspot.com',
  objectType: 'company',
  kind: 'account',
  recordId: '21004455001',
  name: 'Umbrella Health',
};

const change = (over: Partial<ChangedBroadcast>): ChangedBroadcast => ({
  channel: 'seamline',
  type: 'changed',
  source: 'local',
  accountIds: [],
  entities: [],
  ...over,
});

async function primed() {
  const changes: ChangedBroadcast[] = [];
  const service = new DataService({ port: freshStore(), broadcast: (m) => changes.push(m) });
  const a = await service.createAccount(accountDraft({ name: 'Umbrella Health' }));
  const b = await service.createAccount(accountDraft({ name: 'Stark Analytics' }));
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await Promise.all([
    qc.fetchQuery(accountContextQuery(service, 'local', a.id)),
    qc.fetchQuery(accountContextQuery(service, 'local', b.id)),
    qc.fetchQuery(resolveRecordQuery(service, 'local', ref)),
    qc.fetchQuery(accountsQuery(service, 'local', { search: 'umb' })),
    qc.fetchQuery(unassignedQuery(service, 'local')),
    qc.fetchQuery(statusQuery(service)),
  ]);
  // The same account cached for the other source must never be touched by local changes.
  qc.setQueryData(seamlineKeys.accountContext('backend', a.id), null);
  const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;
  return { service, qc, a, b, stale, changes };
}

describe('data queries', () => {
  it('fetch through the data API under source-scoped keys', async () => {
    const { qc, a, service } = await primed();
    expect(accountContextQuery(service, 'local', a.id).queryKey).toEqual(['seamline', 'local', 'account-context', a.id]);
    expect(qc.getQueryData(seamlineKeys.accountContext('local', a.id))).toMatchObject({ account: { id: a.id } });
    expect(qc.getQueryData(seamlineKeys.resolveRecord('local', ref))).toEqual({ status: 'linked', accountId: a.id, matchedBy: 'name' });
    expect(qc.getQueryData(seamlineKeys.accounts('local', { search: 'umb' }))).toMatchObject({ total: 1 });
  });

  it('a checklist tick refreshes that account and the status only', async () => {
    const { service, qc, a, b, stale, changes } = await primed();
    await service.setHandoffAnswer({ accountId: a.id, itemId: 'why-buy-now', done: true, by: 'Dana', expectedVersion: null });
    await invalidateFromChange(qc, changes.at(-1)!);
    expect(stale(seamlineKeys.accountContext('local', a.id))).toBe(true);
    expect(stale(seamlineKeys.status())).toBe(true);
    expect(stale(seamlineKeys.accountContext('local', b.id))).toBe(false);
    expect(stale(seamlineKeys.resolveRecord('local', ref))).toBe(false);
    expect(stale(seamlineKeys.unassigned('local'))).toBe(false);
    expect(stale(seamlineKeys.accountContext('backend', a.id))).toBe(false);
  });

  it('an account edit refreshes lists and resolutions; an unassigned capture refreshes the inbox', async () => {
    const { qc, a, stale } = await primed();
    await invalidateFromChange(qc, change({ accountIds: [a.id], entities: ['accounts'] }));
    expect(stale(seamlineKeys.accounts('local', { search: 'umb' }))).toBe(true);
    expect(stale(seamlineKeys.resolveRecord('local', ref))).toBe(true);
    expect(stale(seamlineKeys.unassigned('local'))).toBe(false);
    await invalidateFromChange(qc, change({ entities: ['commitments'] }));
    expect(stale(seamlineKeys.unassigned('local'))).toBe(true);
  });

  it('any change refreshes the dashboards of its source only', async () => {
    const { service, qc, a, stale } = await primed();
    const period = { from: '2025-01-01', to: '2025-12-31' };
    await qc.fetchQuery(dashboardQuery(service, 'local', period));
    qc.setQueryData(seamlineKeys.dashboard('backend', period), null);
    await invalidateFromChange(qc, change({ accountIds: [a.id], entities: ['handoff'] }));
    expect(stale(seamlineKeys.dashboard('local', period))).toBe(true);
    expect(stale(seamlineKeys.dashboard('backend', period))).toBe(false);
  });

  it('a reassigned capture refreshes every account of that source', async () => {
    const { service, qc, a, b, stale, changes } = await primed();
    const c = await service.createCommitment(commitmentDraft(b.id));
    await service.updateCommitment(c.id, { accountId: a.id }, 1);
    await invalidateFromChange(qc, changes.at(-1)!);
    expect(stale(seamlineKeys.accountContext('local', b.id))).toBe(true);
    expect(stale(seamlineKeys.accountContext('backend', a.id))).toBe(false);
  });

  it('an import or a source switch refreshes everything of that source', async () => {
    const { qc, a, b, stale } = await primed();
    await invalidateFromChange(qc, change({ entities: ['store'] }));
    for (const key of [
      seamlineKeys.accountContext('local', a.id),
      seamlineKeys.accountContext('local', b.id),
      seamlineKeys.resolveRecord('local', ref),
      seamlineKeys.unassigned('local'),
      seamlineKeys.status(),
    ]) {
      expect(stale(key)).toBe(true);
    }
    expect(stale(seamlineKeys.accountContext('backend', a.id))).toBe(false);
  });
});

describe('a change made in one page reaching another', () => {
  it('a tick in the popup refetches the account the open panel shows', async () => {
    const { QueryObserver } = await import('@tanstack/react-query');
    const { createDataClient } = await import('../../lib/data/rpc');
    const panelCache = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const service = new DataService({
      port: freshStore(),
      // What the background's broadcast does for the panel page.
      broadcast: (m) => void invalidateFromChange(panelCache, m),
    });
    const popup = createDataClient(routedSend(service, senders.popup));
    const panel = createDataClient(routedSend(service, senders.panelFrame(5)));

    const account = await popup.createAccount(accountDraft());
    const observer = new QueryObserver(panelCache, accountContextQuery(panel, 'local', account.id));
    const results: unknown[] = [];
    const unsubscribe = observer.subscribe((r) => results.push(r.data));
    await vi.waitFor(() => expect(observer.getCurrentResult().data?.account.id).toBe(account.id));
    expect(observer.getCurrentResult().data?.handoff.answers).toEqual({});

    await popup.setHandoffAnswer({ accountId: account.id, itemId: 'joint-kickoff', done: true, by: 'Sam', expectedVersion: null });
    await vi.waitFor(() => expect(observer.getCurrentResult().data?.handoff.answers['joint-kickoff']?.done).toBe(true));
    unsubscribe();
  });
});
