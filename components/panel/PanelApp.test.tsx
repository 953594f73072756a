import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DataError } from '../../lib/core/errors';
import type { AccountSummary, ResolveResult } from '../../lib/core/model';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { fakeClient, HOSTILE_NAME, makeAccount, makeContext, renderWithProviders } from '../../test/render';
import { PanelApp } from './PanelApp';
import { RecentAccountsProvider } from '../shared/RecentAccounts';

const record: CrmRecordRef = {
  platform: 'hubspot',
  host: 'app.hubspot.com',
  objectType: 'company',
  kind: 'account',
  recordId: '9911',
  name: 'Fabrikam GmbH',
  websiteDomain: 'fabrikam.example',
};
const link = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '9911' };
const tab = (resolution: ResolveResult | null, rec: CrmRecordRef | null = record): TabRecord => ({
  tabId: 7,
  href: 'https://app.hubspot.com/x',
  record: rec,
  resolution,
  reportedAt: 1_770_000_000_000,
});
const notLinked = (candidates: AccountSummary[] = []): ResolveResult => ({
  status: 'not-linked',
  reason: candidates.length > 1 ? 'ambiguous' : 'unknown',
  candidates,
});
const summary = (id: string, name: string): AccountSummary => {
  const a = makeAccount({ id, name });
  return {
    id,
    name,
    websiteDomain: a.websiteDomain,
    segment: a.segment,
    arr: a.arr,
    currency: a.currency,
    renewalDate: a.renewalDate,
    lifecycleStage: a.lifecycleStage,
    ownerAe: a.ownerAe,
    csm: a.csm,
  };
};

describe('PanelApp', () => {
  it('shows a loading skeleton while the tab record is on its way', () => {
    renderWithProviders(<PanelApp loadTabRecord={() => new Promise(() => {})} />);
    expect(screen.getByRole('status').textContent).toContain('Loading account context');
  });

  it('says when the page is not a CRM record', async () => {
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(null, null)} />);
    expect(await screen.findByRole('region', { name: 'Not a record page' })).toBeTruthy();
  });

  it('on a deal, names the deal the account was reached from; on the account itself, says nothing more', async () => {
    const deal: CrmRecordRef = { ...record, objectType: 'deal', kind: 'deal', recordId: '4401', name: 'Fabrikam — platform renewal' };
    const linked = { status: 'linked', accountId: 'acc-1', matchedBy: 'record' } as const;
    const { unmount } = renderWithProviders(<PanelApp loadTabRecord={async () => tab(linked, deal)} />, { client: fakeClient() });
    expect((await screen.findByText(/^On deal/)).textContent).toBe('On deal “Fabrikam — platform renewal”');
    unmount();
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(linked)} />, { client: fakeClient() });
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByText(/^On (deal|account)/)).toBeNull();
  });

  it('opened for one account (from the dashboard), shows that account whatever the tab shows', async () => {
    const client = fakeClient(makeContext({ account: makeAccount({ id: 'acc-7', name: 'Contoso Freight' }) }));
    const loadTabRecord = vi.fn(async () => tab(null, null));
    renderWithProviders(<PanelApp loadTabRecord={loadTabRecord} account="acc-7" />, { client });
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toContain('Contoso Freight');
    expect(client.getAccountContext).toHaveBeenCalledWith('acc-7');
    expect(loadTabRecord).not.toHaveBeenCalled();
    expect(screen.queryByRole('region', { name: 'Not a record page' })).toBeNull();
  });

  it('off a record page, opens an account opened lately or found by search, and back', async () => {
    const client = fakeClient(makeContext({ account: makeAccount({ id: 'acc-1', name: 'Northwind Logistics' }) }));
    client.listAccounts.mockResolvedValue({ items: [summary('acc-2', 'Fabrikam GmbH')], nextCursor: null, total: 1 });
    const opened = vi.fn(async () => undefined);
    const port = { load: async () => [{ id: 'acc-1', name: 'Northwind Logistics' }], opened };
    renderWithProviders(
      <RecentAccountsProvider port={port}>
        <PanelApp loadTabRecord={async () => tab(null, null)} />
      </RecentAccountsProvider>,
      { client },
    );
    const recent = await screen.findByRole('region', { name: 'Recent accounts' });
    await userEvent.click(within(recent).getByRole('button', { name: 'Northwind Logistics' }));
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Northwind Logistics');
    expect(client.getAccountContext).toHaveBeenCalledWith('acc-1');
    await waitFor(() => expect(opened).toHaveBeenCalledWith({ id: 'acc-1', name: 'Northwind Logistics' }));

    await userEvent.click(screen.getByRole('button', { name: 'Back to account search' }));
    await userEvent.click(await screen.findByRole('option', { name: /Fabrikam GmbH/ }));
    await waitFor(() => expect(client.getAccountContext).toHaveBeenCalledWith('acc-2'));
  });

  it('shows the cards for a linked record', async () => {
    const client = fakeClient(makeContext({ account: makeAccount({ name: HOSTILE_NAME }) }));
    const { container } = renderWithProviders(
      <PanelApp loadTabRecord={async () => tab({ status: 'linked', accountId: 'acc-1', matchedBy: 'record' })} />,
      { client },
    );
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(HOSTILE_NAME);
    for (const name of ['Health', /Open commitments/, /Risk flags/, 'Handoff checklist', 'ICP fit']) {
      expect(await screen.findByRole('region', { name })).toBeTruthy();
    }
    expect(container.querySelector('img')).toBeNull();
    expect(client.getAccountContext).toHaveBeenCalledWith('acc-1');
  });

  it('links an unlinked record to an account found by search', async () => {
    const client = fakeClient();
    client.resolveRecord.mockResolvedValue(notLinked());
    client.listAccounts.mockResolvedValue({ items: [summary('acc-5', 'Fabrikam')], nextCursor: null, total: 1 });
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(notLinked())} />, { client });
    expect(await screen.findByRole('region', { name: 'This record is not linked to an account' })).toBeTruthy();
    const search = screen.getByLabelText('Link to account…');
    expect((search as HTMLInputElement).value).toBe('Fabrikam GmbH');
    await userEvent.clear(search);
    await userEvent.type(search, 'Fabri{Enter}');
    await waitFor(() => expect(client.listAccounts).toHaveBeenLastCalledWith({ search: 'Fabri', limit: 20 }));
    const results = await screen.findByRole('list', { name: 'Search results' });
    await userEvent.click(within(results).getByRole('button', { name: 'Link to Fabrikam' }));
    await waitFor(() => expect(client.linkRecord).toHaveBeenCalledWith('acc-5', link));
  });

  it('offers ambiguous candidates and never picks one itself', async () => {
    const client = fakeClient();
    const candidates = [summary('acc-a', 'Fabrikam EU'), summary('acc-b', 'Fabrikam US')];
    client.resolveRecord.mockResolvedValue(notLinked(candidates));
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(notLinked(candidates))} />, { client });
    expect(await screen.findByText(/Several accounts match/)).toBeTruthy();
    expect(client.linkRecord).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Link to Fabrikam US' }));
    await waitFor(() => expect(client.linkRecord).toHaveBeenCalledWith('acc-b', link));
  });

  it('creates an account prefilled from the page, then links the record to it', async () => {
    const client = fakeClient();
    client.resolveRecord.mockResolvedValue(notLinked());
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(notLinked())} />, { client });
    await userEvent.click(await screen.findByRole('button', { name: 'Create account from this page' }));
    expect((screen.getByLabelText('Account name') as HTMLInputElement).value).toBe('Fabrikam GmbH');
    expect((screen.getByLabelText('Website domain') as HTMLInputElement).value).toBe('fabrikam.example');
    await userEvent.selectOptions(screen.getByLabelText('Segment'), 'enterprise');
    await userEvent.click(screen.getByRole('button', { name: 'Create and link' }));
    await waitFor(() => expect(client.linkRecord).toHaveBeenCalledWith('acc-new', link));
    expect(client.createAccount).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'Fabrikam GmbH', websiteDomain: 'fabrikam.example', segment: 'enterprise' }),
    );
    expect(client.createAccount.mock.invocationCallOrder[0]!).toBeLessThan(client.linkRecord.mock.invocationCallOrder[0]!);
  });

  it('shows a backend error with its reason and Retry while keeping the last good data', async () => {
    const client = fakeClient();
    const { queryClient } = renderWithProviders(
      <PanelApp loadTabRecord={async () => tab({ status: 'linked', accountId: 'acc-1', matchedBy: 'record' })} />,
      { client },
    );
    expect(await screen.findByRole('heading', { name: 'Northwind Logistics' })).toBeTruthy();

    client.getAccountContext.mockRejectedValue(new DataError({ kind: 'network', message: 'fetch failed: ECONNREFUSED' }));
    await act(() => queryClient.invalidateQueries());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach the team backend');
    expect(alert.textContent).toContain('ECONNREFUSED');
    expect(alert.textContent).toContain('Showing the last data loaded');
    expect(screen.getByRole('heading', { name: 'Northwind Logistics' })).toBeTruthy();

    client.getAccountContext.mockResolvedValue(makeContext({ account: makeAccount({ name: 'Northwind Renamed' }) }));
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Northwind Renamed' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a first-load error with Retry when there is nothing to keep', async () => {
    const client = fakeClient();
    client.getAccountContext.mockRejectedValueOnce(new DataError({ kind: 'auth', message: 'token refused', status: 401 }));
    renderWithProviders(<PanelApp loadTabRecord={async () => tab({ status: 'linked', accountId: 'acc-1', matchedBy: 'record' })} />, { client });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('refused the access token');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Northwind Logistics' })).toBeTruthy();
  });

  it('shows offline with the number of changes waiting to sync', async () => {
    const client = fakeClient(makeContext(), { source: 'backend', pendingWrites: 3, lastError: { kind: 'network', message: 'offline' } });
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(null, null)} />, { client });
    expect(await screen.findByText('3 changes waiting to sync')).toBeTruthy();
    expect(screen.getByText(/Offline/)).toBeTruthy();
  });

  it('lists conflicts with both versions', async () => {
    const entry = { seq: 4, idempotencyKey: 'k', method: 'updateCommitment' as const, args: [], createdAt: '2026-03-09T10:00:00.000Z', attempts: 1 };
    const conflict = {
      id: 4,
      reason: 'conflict' as const,
      entry,
      mine: ['com-1', { dueDate: '2026-05-01' }, 2],
      theirs: { id: 'com-1', dueDate: '2026-06-15', version: 3 },
      error: { kind: 'conflict' as const, message: 'version 3 is current' },
      at: '2026-03-09T10:05:00.000Z',
    };
    const client = fakeClient(makeContext(), { source: 'backend', conflicts: [conflict] });
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(null, null)} />, { client });
    expect(await screen.findByText('1 change could not be saved')).toBeTruthy();
    expect(screen.getByText('Your version').nextElementSibling!.textContent).toContain('2026-05-01');
    expect(screen.getByText('Current version').nextElementSibling!.textContent).toContain('2026-06-15');
  });

  it('offers a close button only when it is the injected frame', async () => {
    const onClose = vi.fn();
    const first = renderWithProviders(<PanelApp loadTabRecord={async () => tab(null, null)} />);
    await screen.findByRole('region', { name: 'Not a record page' });
    expect(screen.queryByRole('button', { name: 'Close Seamline panel' })).toBeNull();
    first.unmount();
    renderWithProviders(<PanelApp loadTabRecord={async () => tab(null, null)} onClose={onClose} />);
    await userEvent.click(screen.getByRole('button', { name: 'Close Seamline panel' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
